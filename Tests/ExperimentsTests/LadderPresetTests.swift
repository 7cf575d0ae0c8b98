import EmergeTestSupport
import Foundation
import ResultsStore
import TaskSuite
import Testing
import Training
@testable import Experiments

// The word-unscrambling preset and ladders on tasks other than arithmetic.

@Test func theUnscramblePresetGrowsInSizeAndItsContextHoldsTheLongestWord() throws {
    for quick in [false, true] {
        let plan = try LadderPlan.preset(task: "unscramble", quick: quick, seed: 4)
        #expect(plan.task.name == "unscramble" && plan.training.seed == 4 && plan.scratchpadMix == nil)
        #expect(plan.rungs.count == (quick ? 3 : 5) && plan.testExamples == (quick ? 500 : 1000))
        let params = plan.rungs.map { $0.config(vocabularySize: plan.vocabulary.count, contextLength: plan.contextLength).parameterCount }
        #expect(params == params.sorted() && Set(params).count == params.count)
        // The quick rungs are rungs of the full preset, so one store holds them once.
        #expect(plan.rungs.allSatisfy(LadderPlan.unscramble().rungs.contains))
    }
    let plan = LadderPlan.unscramble()
    let longest = WordUnscrambleTask.commonWords.map(\.count).max()!
    // "Q: unscramble " + letters + " A: " + word + newline, less the last position.
    #expect(plan.sequenceLength == "Q: unscramble ".count + longest + " A: ".count + longest + 1 - 1)
    #expect(plan.maxAnswerTokens == longest + 2)
    for example in WordUnscrambleTask().examples(of: .train, count: 2_000, seed: 1) {
        #expect(example.prompt.count + example.target.count - 1 <= plan.sequenceLength)
    }
    #expect(plan.contextLength >= plan.sequenceLength + 1 + plan.maxAnswerTokens)
}

@Test func presetsForOtherTasksKeepTheAdditionRecipeAndRefuseWhatCannotTrain() throws {
    let sub2 = try LadderPlan.preset(task: "sub2", quick: true, seed: 0)
    var expected = LadderPlan.quick()
    expected.task = ArithmeticTask(operation: .subtraction, digits: 2)
    #expect(sub2 == expected)
    #expect(try LadderPlan.preset(task: "add3", quick: false, seed: 0) == LadderPlan.full())
    let order = try LadderPlan.preset(task: "order3", quick: false, seed: 0)
    #expect(order.task.name == "order3" && order.vocabulary == .wordTasks)
    for bad in ["add3-scratchpad", "tasks.jsonl", "order9", "nonsense"] {
        #expect(throws: LadderError.notTrainable(bad)) { try LadderPlan.preset(task: bad, quick: false, seed: 0) }
    }
}

@Test func anUnscrambleLadderTrainsAndIsEvaluatedOnHeldOutWords() throws {
    let root = try makeTemporaryDirectory("ladder-unscramble")
    defer { try? FileManager.default.removeItem(at: root) }
    var plan = LadderPlan.unscramble(seed: 2)
    plan.rungs = [LadderRung(width: 8, depth: 1)]
    plan.training = TrainingOptions(steps: 6, batchSize: 4, warmupSteps: 2, seed: 2)
    plan.testExamples = 4
    let results = try LadderTrainer(plan: plan, directory: root).train()
    #expect(results.map(\.name) == ["ladder-unscramble-w008-d1"])
    #expect(results[0].finalLoss.map { $0.isFinite && $0 > 0 } == true)
    let database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
    #expect(try LadderEvaluator(plan: plan, directory: root, database: database).evaluate(results).map(\.evaluated) == [4])
    let run = try #require(try database.runs(task: "unscramble", strategy: "standard", model: results[0].name).first)
    let outputs = try database.outputs(runID: run.id)
    #expect(outputs.count == 4)
    // Every test word is a test-split word, never trained on.
    let task = WordUnscrambleTask()
    #expect(outputs.allSatisfy { task.split(ofWord: ($0.target ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) == .test })
}
