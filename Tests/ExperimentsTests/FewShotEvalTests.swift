import EmergeTestSupport
import Elicitation
import Foundation
import ResultsStore
import TaskSuite
import Testing
@testable import Experiments

/// A constructed in-context learner for addition: it answers the last
/// question of its prompt only when the prompt demonstrates the format with
/// at least one solved addition line `Q: a+b= A: c` whose c is a + b, and
/// says nothing otherwise. Tokens are Unicode scalars.
private struct DemonstrationLearner: TextModel {
    var name: String { "learner" }
    func encode(_ text: String) -> [Int] { text.unicodeScalars.map { Int($0.value) } }
    func decode(_ ids: [Int]) -> String { String(String.UnicodeScalarView(ids.compactMap { Unicode.Scalar(UInt32($0)) })) }

    /// (a, b, stated answer) of an addition line; the answer is nil on the open question.
    static func parse(_ line: Substring) -> (a: Int, b: Int, answer: Int?)? {
        guard line.hasPrefix("Q: "), let plus = line.firstIndex(of: "+"), let equals = line.range(of: "= A: ") else { return nil }
        guard let a = Int(line[line.index(line.startIndex, offsetBy: 3)..<plus]),
              let b = Int(line[line.index(after: plus)..<equals.lowerBound]) else { return nil }
        return (a, b, Int(line[equals.upperBound...]))
    }

    func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration {
        let lines = prompt.split(separator: "\n", omittingEmptySubsequences: false)
        let solved = lines.dropLast().compactMap(Self.parse)
        let demonstrated = !solved.isEmpty && solved.allSatisfy { $0.answer == $0.a + $0.b }
        let text = demonstrated ? Self.parse(lines.last!).map { String($0.a + $0.b) } ?? "" : ""
        let tokens = encode(text + "\n").map { ScoredToken(tokenID: $0, text: String(Unicode.Scalar(UInt32($0))!), logprob: -0.2) }
        return TextGeneration(text: text, tokens: tokens, finishReason: .stop, stopString: "\n")
    }

    func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]] {
        requests.map { request in
            encode(request.continuation).map { ScoredToken(tokenID: $0, text: String(Unicode.Scalar(UInt32($0))!), logprob: -0.5) }
        }
    }
}

@Test func fewShotShowsSolvedExemplarsWithoutReasoningAndIsStored() throws {
    let root = try makeTemporaryDirectory("few-shot")
    defer { try? FileManager.default.removeItem(at: root) }
    let database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
    let task = try EvalTask.resolve("add2", database: database, count: 4)
    let model = EvalModel(textModel: DemonstrationLearner())
    let runner = EvalRunner(database: database)

    let fewShot = try runner.run(model: model, task: task, configuration: EvalConfiguration(
        strategy: .fewShot, settings: StrategySettings(exemplars: 2)))
    #expect(fewShot.evaluated == 4 && fewShot.correct == 4, "every exemplar states a correct sum")
    let standard = try runner.run(model: model, task: task, configuration: EvalConfiguration(strategy: .standard))
    #expect(standard.correct == 0, "without demonstrations the learner says nothing")

    let run = try #require(try database.runs(task: "add2", strategy: "few-shot", model: "learner").first)
    let outputs = try database.outputs(runID: run.id)
    #expect(outputs.count == 4)
    for output in outputs {
        #expect(output.prompt == task.examples[output.example].prompt)
        let prompt = try #require(try output.trace?.decode(FewShotTrace.self)).prompt
        let lines = prompt.split(separator: "\n", omittingEmptySubsequences: false)
        // Two solved lines, then the question unchanged; no reasoning anywhere.
        #expect(lines.count == 3 && lines.last.map(String.init) == task.examples[output.example].prompt, "\(prompt)")
        #expect(!prompt.contains(PromptPhrase.stepByStep) && !prompt.contains(PromptPhrase.theAnswerIs))
        #expect(lines.dropLast().allSatisfy { DemonstrationLearner.parse($0)?.answer != nil })
        #expect(output.extractedAnswer == output.generated)
    }
}
