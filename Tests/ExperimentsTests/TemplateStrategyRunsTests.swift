import EmergeTestSupport
import Elicitation
import EmergenceMetrics
import Foundation
import ResultsStore
import TaskSuite
import Testing
@testable import Experiments

/// Templates that run as a checking or voting strategy, stored as
/// `template:<name>`, read by scoring and calibration as that strategy; and
/// a re-run whose setting the run's key does not hold is refused, not mixed
/// into the stored run. The responses come from `RespondingModel`.
@Suite("template runs of checking strategies, and settings outside a run's key")
struct TemplateStrategyRunsTests {
    @Test("every checking and voting strategy's trace tells its strategy (TraceKind), as eval writes it")
    func traceKindsMatchTheWriters() throws {
        let space = try CheckingWorkspace("trace-kinds", [("2+2=", "4")])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let model = RespondingModel { prompt in
            if prompt.hasPrefix("State: ") { return "7" }
            if prompt.contains("JSON") { return #"{"reasoning": "2 and 2", "answer": "4"}"# }
            return "The answer is 4.\nConfidence: 9\n"
        }
        // Every strategy that stores a trace, each under a template of its own name with the strategy's prompt.
        for strategy in Strategy.all {
            let template = StrategyTemplate(name: "as-" + strategy.name.replacingOccurrences(of: ":", with: "-"),
                                            strategy: strategy, prompt: strategy.template,
                                            settings: StrategySettings(samples: 2, breadth: 1, depth: 1))
            let configuration = EvalConfiguration(settings: template.settings, template: template)
            try space.run(model, configuration)
            let output = try #require(try space.outputs(template.storedName).first)
            #expect(TraceKind(trace: output.trace)?.rawValue == TraceKind(rawValue: strategy.name)?.rawValue,
                    "\(strategy.name): \(String(describing: output.trace))")
            #expect(TraceKind(strategy: template.storedName, outputs: [output]) == TraceKind(rawValue: strategy.name))
        }
        // The kinds are strategies' names.
        #expect(TraceKind.allCases.allSatisfy { Strategy(name: $0.rawValue) != nil })
    }

    @Test("a confidence template is calibrated like the confidence strategy; a voting template is scored by its vote")
    func templateRunsCountAsTheirStrategy() throws {
        let space = try CheckingWorkspace("template-confidence", [("47+38=", "85"), ("Who wins?", "7"), ("3+4=", "7"), ("1+1=", "2")])
        defer { try? FileManager.default.removeItem(at: space.root) }
        // Rated and right, abstained, rated 15 (unstated), rated and wrong.
        let script = ["47+38=": "85\nConfidence: 8", "Who wins?": "I don't know", "3+4=": "7\nConfidence: 15",
                      "1+1=": "3\nConfidence: 10"]
        let model = RespondingModel { script[lastQuestion($0)]! + "\n\nQ: next" }
        let sure = try TemplateFile.parse("""
            name: sure
            strategy: confidence
            --- preamble
            Say "I don't know" when unsure, and give a line "Confidence: N" (1-10).

            --- body
            {prompt}
            """)
        try space.run(model, EvalConfiguration(template: sure))
        try space.run(model, EvalConfiguration(strategy: .confidence))
        let rows = try Calibration.rows(in: space.database, query: CalibrationQuery(sources: [.verbal], resamples: 0))
        let byStrategy = Dictionary(uniqueKeysWithValues: rows.map { ($0.strategy, $0) })
        let template = try #require(byStrategy["template:sure"], "\(rows.map(\.strategy))")
        let strategy = try #require(byStrategy["confidence"])
        #expect(template.n == 2 && template.abstained == 1 && template.unstated == 1 && template.withoutConfidence == 0)
        // (0.8 right, 1.0 wrong): accuracy 0.5, ECE over one bin per rating = (0.2 + 1.0) / 2.
        #expect(template.accuracy == 0.5 && abs((template.ece ?? -1) - 0.6) < 1e-12)
        var renamed = template
        renamed.strategy = "confidence"
        #expect(renamed == strategy)

        // Three samples answer 85, 3, 85: the vote is right; the mean of the samples would be 2/3.
        final class Counter: @unchecked Sendable { var calls = 0 }
        let counter = Counter()
        let voting = RespondingModel { _ in
            counter.calls += 1
            return counter.calls % 3 == 2 ? "The answer is 3." : "The answer is 85."
        }
        let vote = try TemplateFile.parse("name: vote\nstrategy: self-consistency\nsamples: 3\n--- body\n{question} Let's think step by step.\n")
        let summary = try space.run(voting, EvalConfiguration(settings: vote.settings, limit: 1, template: vote))
        #expect(summary.correct == 1)
        let metric = try #require(try MetricsEngine.compute(
            in: space.database, query: MetricsQuery(task: space.task.name, strategy: "template:vote", metrics: ["exact-match"])).first)
        #expect(metric.value == 1 && metric.n == 1)
        #expect(try space.outputs("template:vote").map(\.extractedAnswer) == ["85", "3", "85"])
    }

    @Test("a re-run with other verification rounds, tree scoring, breadth or depth is refused, naming the stored value")
    func settingsOutsideTheKeyAreRefused() throws {
        let space = try CheckingWorkspace("stored-settings", [("2+2=", "4"), ("3+3=", "6")])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let model = RespondingModel { prompt in
            prompt.hasPrefix("State: ") ? "5" : "The answer is \(lastQuestion(prompt) == "2+2=" ? 4 : 6).\n"
        }
        try space.run(model, EvalConfiguration(strategy: .selfVerification, limit: 1))
        do {
            try space.run(model, EvalConfiguration(strategy: .selfVerification, settings: StrategySettings(verificationRounds: 2)))
            Issue.record("a second round count was mixed into the stored run")
        } catch let error as EvalError {
            let setting = StoredRunSetting(option: "--verification-rounds", stored: "1", requested: "2")
            #expect(error == .storedRunDiffers(model: "responding", task: space.task.name, strategy: "self-verification",
                                               setting: setting))
            #expect(error.description.hasPrefix("The stored self-verification run of responding on stored-settings was made "
                                                + "with --verification-rounds 1, and this eval asks for --verification-rounds 2"))
        }
        // The same value resumes: example 0 skipped, example 1 evaluated.
        let resumed = try space.run(model, EvalConfiguration(strategy: .selfVerification))
        #expect(resumed.skipped == 1 && resumed.evaluated == 1)
        #expect(try space.outputs("self-verification").count == 2)

        let tree = StrategySettings(breadth: 2, depth: 2)
        try space.run(model, EvalConfiguration(strategy: .treeOfThoughts, settings: tree, limit: 1, treeScoring: .logprob))
        let asked: [(EvalConfiguration, StoredRunSetting)] = [
            (EvalConfiguration(strategy: .treeOfThoughts, settings: tree, treeScoring: .selfRated),
             StoredRunSetting(option: "--tree-scoring", stored: "logprob", requested: "self")),
            (EvalConfiguration(strategy: .treeOfThoughts, settings: StrategySettings(breadth: 3, depth: 2), treeScoring: .logprob),
             StoredRunSetting(option: "--breadth", stored: "2", requested: "3")),
            (EvalConfiguration(strategy: .treeOfThoughts, settings: StrategySettings(breadth: 2, depth: 4), treeScoring: .logprob),
             StoredRunSetting(option: "--depth", stored: "2", requested: "4")),
        ]
        for (configuration, setting) in asked {
            #expect(throws: EvalError.storedRunDiffers(model: "responding", task: space.task.name, strategy: "tree-of-thoughts",
                                                       setting: setting)) {
                try space.run(model, configuration)
            }
        }
        #expect(try space.outputs("tree-of-thoughts").count == 1, "nothing was stored by the refused runs")
    }
}
