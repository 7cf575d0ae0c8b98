import EmergeTestSupport
import Elicitation
import EmergenceMetrics
import Foundation
import ResultsStore
import TaskSuite
import Testing
@testable import Experiments

/// A model whose responses the test writes: `respond` maps the prompt text
/// to the response, cut at the generation's stop conditions. Tokens are
/// Unicode scalars with fixed log-probabilities. It stands in for a model's
/// choices; the strategies, the runner and the store are the real code.
final class RespondingModel: TextModel {
    let respond: (String) -> String
    init(_ respond: @escaping (String) -> String) { self.respond = respond }

    var name: String { "responding" }
    func encode(_ text: String) -> [Int] { text.unicodeScalars.map { Int($0.value) } }
    func decode(_ ids: [Int]) -> String { String(String.UnicodeScalarView(ids.compactMap { Unicode.Scalar(UInt32($0)) })) }

    func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration {
        var text = respond(prompt)
        var stop: String?
        if let cut = settings.stopCut(in: text) { text = String(text[..<cut.cut]); stop = cut.stop }
        return TextGeneration(text: text, tokens: tokens(text), finishReason: stop == nil ? .endOfText : .stop, stopString: stop)
    }

    func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]] {
        requests.map { tokens($0.continuation) }
    }

    private func tokens(_ text: String) -> [ScoredToken] {
        encode(text).map { ScoredToken(tokenID: $0, text: String(Unicode.Scalar(UInt32($0))!), logprob: -0.3, greedy: true, rank: 1) }
    }
}

/// A temporary store, one task of the given (question, target) examples, and the runner with every outcome kept.
/// Shared by the checking-strategy tests of this target.
struct CheckingWorkspace {
    let root: URL
    let database: ResultsDatabase
    let task: EvalTask

    init(_ name: String, _ examples: [(String, String)]) throws {
        root = try makeTemporaryDirectory(name)
        database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
        task = EvalTask(name: name, examples: examples.map { TaskExample(prompt: "Q: \($0.0) A: ", target: $0.1) })
    }

    /// Evaluates and returns the stored outputs (by example) with the outcomes they came from.
    func evaluate(_ model: RespondingModel, _ configuration: EvalConfiguration) throws
        -> (outputs: [OutputRecord], outcomes: [Int: StrategyOutcome], summary: EvalSummary, exactMatch: MetricRow) {
        var outcomes: [Int: StrategyOutcome] = [:]
        let summary = try EvalRunner(database: database, onOutcome: { outcomes[$0] = $1 })
            .run(model: EvalModel(textModel: model, name: "responding"), task: task, configuration: configuration)
        let run = try #require(try database.runs(task: task.name, strategy: configuration.strategy.name).first)
        let outputs = try database.outputs(runID: run.id).sorted { $0.example < $1.example }
        let rows = try MetricsEngine.compute(in: database, query: MetricsQuery(task: task.name, metrics: ["exact-match"]))
        return (outputs, outcomes, summary, try #require(rows.first))
    }

    /// Evaluates, keeping only the summary.
    @discardableResult
    func run(_ model: RespondingModel, _ configuration: EvalConfiguration) throws -> EvalSummary {
        try EvalRunner(database: database).run(model: EvalModel(textModel: model, name: "responding"), task: task,
                                               configuration: configuration)
    }

    /// The stored outputs of the run of `strategy` (a stored strategy name), by example and sample.
    func outputs(_ strategy: String) throws -> [OutputRecord] {
        let run = try #require(try database.runs(task: task.name, strategy: strategy).first, "\(strategy)")
        return try database.outputs(runID: run.id).sorted { ($0.example, $0.sample ?? 0) < ($1.example, $1.sample ?? 0) }
    }
}

/// The question between "Q: " and " A:" of the last question in `prompt`.
func lastQuestion(_ prompt: String) -> String {
    let q = prompt.components(separatedBy: "Q: ").last ?? ""
    return q.components(separatedBy: " A:").first ?? ""
}

@Suite("checking strategies, evaluated and stored")
struct CheckingStrategiesEvalTests {
    @Test("self-verification stores both answers, whether the check changed it, and each check's text")
    func selfVerification() throws {
        let space = try CheckingWorkspace("self-verification", [("47+38=", "85"), ("2+2=", "4"), ("3+3=", "6")])
        defer { try? FileManager.default.removeItem(at: space.root) }
        // (first answer, the check's answer): wrong→right, right→wrong, confirmed.
        let script = ["47+38=": ("84", "Recomputed: 7+8=15.\nThe answer is 85."), "2+2=": ("4", "The answer is 5."),
                      "3+3=": ("6", "Confirmed, each step holds.\nThe answer is 6.")]
        let model = RespondingModel { prompt in
            let (first, check) = script[lastQuestion(prompt)]!
            return prompt.contains("Check your answer") ? check : "Adding.\nThe answer is \(first)."
        }
        let (outputs, outcomes, summary, metric) = try space.evaluate(model, EvalConfiguration(strategy: .selfVerification))
        #expect(summary.correct == 2 && metric.value == 2.0 / 3 && metric.n == 3)
        #expect(outputs.map(\.extractedAnswer) == ["85", "5", "6"])
        #expect(outputs[0].generated == "Recomputed: 7+8=15.\nThe answer is 85.")
        let traces = try outputs.map { try #require(EvalTrace.verification(in: $0)) }
        #expect(traces.map(\.initialAnswer) == ["84", "4", "6"])
        #expect(traces.map(\.finalAnswer) == ["85", "5", "6"])
        #expect(traces.map(\.changed) == [true, true, false])
        #expect(traces[0].initialResponse == "Adding.\nThe answer is 84.")
        #expect(traces.map { $0.rounds.map(\.verification) } == [[script["47+38="]!.1], ["The answer is 5."], [script["3+3="]!.1]])
        for (example, trace) in traces.enumerated() {
            #expect(trace == SelfVerificationTrace(try #require(outcomes[example]?.verification)))
        }
        let raw = try #require(outputs[0].trace)
        for key in ["initial_answer", "initial_response", "final_answer", "changed", "rounds"] { #expect(raw[key] != nil, "\(key)") }
        guard case let .array(rounds)? = raw["rounds"], case let .object(round)? = rounds.first else {
            Issue.record("no rounds in \(raw)"); return
        }
        #expect(round["verification"] == .string(script["47+38="]!.1) && round["answer"] == .string("85"))
    }

    @Test("confidence: the stated confidence is stored, and an abstention is its own outcome, never compared as text")
    func confidence() throws {
        // Example 1's target is the abstention's own text: exact match through the text would call it right.
        let space = try CheckingWorkspace("confidence", [("47+38=", "85"), ("Who wins?", "I don't know"), ("3+4=", "7")])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let script = ["47+38=": "85\nConfidence: 8", "Who wins?": "I don't know", "3+4=": "7\nConfidence: 15"]
        let model = RespondingModel { script[lastQuestion($0)]! + "\n\nQ: next" }
        let (outputs, _, summary, metric) = try space.evaluate(model, EvalConfiguration(strategy: .confidence))
        #expect(outputs.map(\.extractedAnswer) == ["85", nil, "7"])
        #expect(outputs.map(\.extractionRule) == ["last-number", "abstained", "last-number"])
        #expect(outputs[1].generated == "I don't know")
        // The abstention counts as not correct, and is still counted (n = 3), not dropped.
        #expect(summary.correct == 2 && metric.value == 2.0 / 3 && metric.n == 3)
        #expect(RecordScoring.values(of: outputs[1])[Metric.exactMatch.index] == 0)
        let traces = try outputs.map { try #require(EvalTrace.confidence(in: $0)) }
        #expect(traces.map(\.confidence) == [8, nil, nil])
        #expect(traces.map(\.abstained) == [false, true, false])
        #expect(traces.map(\.stated) == ["Confidence: 8", nil, "Confidence: 15"])
        #expect(traces.map(\.confidenceIssue) == [nil, .missing, .outOfRange])
        // The raw keys the calibration reads, nulls written out.
        #expect(outputs[0].trace?["confidence"] == .integer(8) && outputs[0].trace?["abstained"] == .bool(false))
        #expect(outputs[1].trace?["confidence"] == .null && outputs[1].trace?["stated"] == .null)
        #expect(outputs[1].trace?["abstained"] == .bool(true))
    }

    @Test("format:json: answers parsed from the object; malformed JSON is counted and never compared as text")
    func formatJSON() throws {
        let space = try CheckingWorkspace("format-json", [("47+38=", "85"), ("2+2=", "4")])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let script = ["47+38=": #"{"reasoning": "7+8=15, carry 1", "answer": "85"}"#, "2+2=": "4"]
        let model = RespondingModel { script[lastQuestion($0)]! + "\nQ: next" }
        let (outputs, _, summary, metric) = try space.evaluate(model, EvalConfiguration(strategy: .formatJSON))
        #expect(outputs.map(\.extractedAnswer) == ["85", nil])
        #expect(outputs.map(\.extractionRule) == ["json", "malformed-json"])
        // "4" is the right number, but not the JSON object that was asked for.
        #expect(outputs[1].generated == "4" && summary.correct == 1 && metric.value == 0.5 && metric.n == 2)
        let traces = try outputs.map { try #require(EvalTrace.jsonAnswer(in: $0)) }
        #expect(traces[0] == JSONAnswerTrace(JSONAnswer(reading: script["47+38="]!)))
        #expect(traces[0].valid && traces[0].reasoning == "7+8=15, carry 1" && traces[0].answer == "85")
        #expect(!traces[1].valid && traces[1].error?.contains("no JSON object") == true)
        #expect(outputs[1].trace?["answer"] == .null && outputs[1].trace?["reasoning"] == .null)
    }

    @Test("tree of thoughts scored by the model's ratings stores the ratings in its tree")
    func selfRatedTree() throws {
        let space = try CheckingWorkspace("tree-self", [("2+2=", "4")])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let model = RespondingModel { prompt in
            if prompt.hasPrefix("State: ") { return prompt.contains("Thought: The answer is 4.") ? "8" : "1" }
            return "The answer is 4.\n"
        }
        let configuration = EvalConfiguration(strategy: .treeOfThoughts, settings: StrategySettings(breadth: 2, depth: 2),
                                              treeScoring: .selfRated)
        let (outputs, outcomes, summary, _) = try space.evaluate(model, configuration)
        #expect(summary.correct == 1)
        let tree = try #require(EvalTrace.tree(in: outputs[0]))
        #expect(tree == outcomes[0]?.tree)
        #expect(tree.scoring == .selfRated && tree.unparsedRatings == 0)
        #expect(tree.nodes[1].ratingText == "8" && tree.nodes[1].rating == 8 && tree.nodes[1].proposals == 2)
        #expect(outputs[0].trace?["scoring"] == .string("self"))
        let printed = try EvalTrace.storedRenderings(database: space.database, model: "responding", task: space.task.name,
                                                     configuration: configuration)
        #expect(printed.count == 1 && printed[0].contains("scored by self") && printed[0].contains("rated 8.0"))
    }
}
