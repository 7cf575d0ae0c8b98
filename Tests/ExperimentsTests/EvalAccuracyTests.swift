import EmergeTestSupport
import Elicitation
import EmergenceMetrics
import Foundation
import ResultsStore
import TaskSuite
import Testing
@testable import Experiments

/// A model that answers from a script: each question (found in the prompt)
/// gets its responses in turn, so the samples of self-consistency are the
/// script's list in order. Tokens are Unicode scalars with fixed log-probabilities.
private final class ScriptedModel: TextModel {
    let script: [(question: String, responses: [String])]
    private var served: [String: Int] = [:]

    init(_ script: [(question: String, responses: [String])]) { self.script = script }

    var name: String { "scripted" }
    func encode(_ text: String) -> [Int] { text.unicodeScalars.map { Int($0.value) } }
    func decode(_ ids: [Int]) -> String { String(String.UnicodeScalarView(ids.compactMap { Unicode.Scalar(UInt32($0)) })) }

    func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration {
        let entry = try #require(script.first { prompt.contains($0.question) }, "no script for \(prompt)")
        let turn = served[entry.question, default: 0]
        served[entry.question] = turn + 1
        let text = entry.responses[turn % entry.responses.count]
        return TextGeneration(text: text, tokens: tokens(text, logprob: -0.1), finishReason: .endOfText)
    }

    func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]] {
        requests.map { tokens($0.continuation, logprob: -0.5) }
    }

    private func tokens(_ text: String, logprob: Double) -> [ScoredToken] {
        encode(text).map { ScoredToken(tokenID: $0, text: String(Unicode.Scalar(UInt32($0))!), logprob: logprob, greedy: true, rank: 1) }
    }
}

/// `eval`'s printed accuracy is the exact match `metrics` reports for the
/// outputs it stored, on exactly the answers where the two used to disagree
/// (eval folded case and kept inner whitespace; metrics compared against the
/// whole target and let samples without an answer vote with their text).
@Suite("eval's accuracy is metrics' exact match")
struct EvalAccuracyTests {
    static let solution = Scratchpad.solution(task: ArithmeticTask(operation: .addition, digits: 2), 47, 38)

    /// (question, target, response, correct under the one answer rule)
    static let direct: [(String, String, String, Bool)] = [
        ("Capital of France?", "Paris\n", "PARIS", false),                        // case is kept
        ("Biggest US city?", "New York", "The answer is New  York.", true),       // whitespace runs are one space
        ("Ten times a hundred?", "1,000", "The answer is 1000.", true),           // numbers by value
        ("Apples left?", "3 apples", "The answer is 3.", true),                   // the target's own answer
        ("47+38=", solution, "The answer is 85.", true),                           // a worked solution's answer
        ("Unscramble rae:", "era", "Era", false),
    ]

    private func run(_ task: EvalTask, _ model: ScriptedModel, _ configuration: EvalConfiguration,
             in database: ResultsDatabase) throws -> (summary: EvalSummary, metric: MetricRow, perExample: [Double]) {
        let summary = try EvalRunner(database: database).run(model: EvalModel(textModel: model, name: task.name + "-model"),
                                                             task: task, configuration: configuration)
        let rows = try MetricsEngine.compute(in: database, query: MetricsQuery(task: task.name, metrics: ["exact-match"]))
        let metric = try #require(rows.first)
        #expect(rows.count == 1)
        let run = try #require(try database.runs(task: task.name).first)
        let outputs = try database.outputs(runID: run.id)
        let perExample = Dictionary(grouping: outputs, by: \.example).sorted { $0.key < $1.key }.map { _, samples in
            RecordScoring.exactMatch(ofSamples: samples.sorted { ($0.sample ?? 0) < ($1.sample ?? 0) }[...])
        }
        return (summary, metric, perExample)
    }

    @Test("direct answers: eval counts what metrics scores")
    func directAnswers() throws {
        let directory = try makeTemporaryDirectory("eval-accuracy")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try ResultsDatabase(path: directory.appendingPathComponent("store.sqlite").path)
        let task = EvalTask(name: "disagreements", examples: Self.direct.map {
            TaskExample(prompt: "Q: \($0.0) A: ", target: $0.1)
        })
        let model = ScriptedModel(Self.direct.map { ($0.0, [$0.2]) })
        let (summary, metric, perExample) = try run(task, model, EvalConfiguration(strategy: .standard), in: database)
        #expect(perExample == Self.direct.map { $0.3 ? 1 : 0 })
        #expect(summary.evaluated == 6 && summary.correct == 4)
        #expect(metric.value == summary.accuracy)
        #expect(metric.n == summary.evaluated)
    }

    @Test("self-consistency: samples without an answer abstain in eval and in metrics")
    func selfConsistency() throws {
        let directory = try makeTemporaryDirectory("eval-accuracy-sc")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try ResultsDatabase(path: directory.appendingPathComponent("store.sqlite").path)
        let script: [(String, String, [String], Bool)] = [
            ("Capital of France?", "Paris", ["The answer is Paris.", "no idea", "no idea"], true),
            ("Unscramble rae:", "era", ["are", "era", "era"], true),   // nobody states an answer: the texts vote
            ("Seven?", "7", ["The answer is 8.", "The answer is 7.", "The answer is 8."], false),
        ]
        let task = EvalTask(name: "votes", examples: script.map { TaskExample(prompt: "Q: \($0.0) A: ", target: $0.1) })
        let model = ScriptedModel(script.map { ($0.0, $0.2) })
        let configuration = EvalConfiguration(strategy: .selfConsistency, settings: StrategySettings(samples: 3))
        let (summary, metric, perExample) = try run(task, model, configuration, in: database)
        #expect(perExample == script.map { $0.3 ? 1 : 0 })
        #expect(summary.evaluated == 3 && summary.correct == 2)
        #expect(metric.value == summary.accuracy)
        // The stored vote is the one metrics judges: abstentions and all.
        let run = try #require(try database.runs(task: "votes").first)
        let first = try #require(try database.outputs(runID: run.id).first { $0.example == 0 && $0.sample == 0 })
        let vote = try #require(EvalTrace.vote(in: first))
        #expect(vote.winner == "Paris" && vote.abstentions == 2)
    }
}
