import EmergeTestSupport
import Foundation
import ResultsStore
import TaskSuite
import Testing
import Training
@testable import Experiments

// The ladder's orchestration: sizes, manifest, skipping and resuming rungs,
// and evaluation into the store. The training itself is tested against
// PyTorch in TrainingTests; these runs are a few steps of tiny models.

/// A two-rung 2-digit-addition ladder of a few steps, small enough for a test.
private func tinyPlan(rungs: [LadderRung] = [LadderRung(width: 8, depth: 1), LadderRung(width: 16, depth: 1)],
                      steps: Int = 12, seed: UInt64 = 3) -> LadderPlan {
    LadderPlan(task: ArithmeticTask(operation: .addition, digits: 2), rungs: rungs,
               training: TrainingOptions(steps: steps, batchSize: 4, warmupSteps: 2, seed: seed),
               testExamples: 5, checkpointEvery: 4)
}

private func modelBytes(_ directory: URL) throws -> Data {
    try Data(contentsOf: directory.appendingPathComponent("model.safetensors"))
}

@Test func sizesParseWidthDepthAndOptionalHeads() throws {
    let rungs = try LadderPlan.parseSizes("16x1, 24x2,64x3x8")
    #expect(rungs == [LadderRung(width: 16, depth: 1, heads: 4), LadderRung(width: 24, depth: 2, heads: 4),
                      LadderRung(width: 64, depth: 3, heads: 8)])
    #expect(LadderRung(width: 6, depth: 1).heads == 2 && LadderRung(width: 7, depth: 1).heads == 1)
    for bad in ["", "16", "16x", "0x2", "16x1x3", "16x-1", "axb", "16x1x2x2"] {
        #expect(throws: LadderError.self, "\(bad)") { try LadderPlan.parseSizes(bad) }
    }
}

@Test func rungNamesSortBySize() {
    let names = [LadderRung(width: 128, depth: 3), LadderRung(width: 8, depth: 1), LadderRung(width: 64, depth: 3)]
        .map { $0.name(task: "add3") }
    #expect(names == ["ladder-add3-w128-d3", "ladder-add3-w008-d1", "ladder-add3-w064-d3"])
    #expect(names.sorted() == ["ladder-add3-w008-d1", "ladder-add3-w064-d3", "ladder-add3-w128-d3"])
}

@Test func contextFitsTheSequenceAndTheGreedyAnswer() {
    for digits in 1...5 {
        let task = ArithmeticTask(operation: .addition, digits: digits)
        let plan = LadderPlan(task: task, rungs: [LadderRung(width: 8, depth: 1)], training: TrainingOptions(), testExamples: 1)
        let example = task.example(0, 0)
        #expect(plan.sequenceLength == example.prompt.count + example.target.count - 1)
        // The prompt plus every token greedy decoding may add must have a learned position.
        #expect(plan.contextLength >= example.prompt.count + plan.maxAnswerTokens)
        #expect(plan.contextLength % 8 == 0)
    }
}

@Test func presetsTrainTheSameRecipeAndGrowInSize() {
    for plan in [LadderPlan.quick(), LadderPlan.full()] {
        #expect(plan.task.name == "add3")
        let params = plan.rungs.map { $0.config(vocabularySize: plan.task.vocabulary.count, contextLength: plan.contextLength).parameterCount }
        #expect(params == params.sorted() && Set(params).count == params.count)
    }
    #expect(LadderPlan.quick().training == LadderPlan.full().training)
    // The demo averages two seeds per size; the full ladder's seeds are the script's choice (one by default).
    #expect(LadderPlan.quick().seeds == 2 && LadderPlan.full().seeds == 1)
    // The quick rungs are full-ladder rungs: in one store they are the same models.
    #expect(LadderPlan.quick().rungs.allSatisfy(LadderPlan.full().rungs.contains))
}

@Test func ladderTrainsEveryRungWritesTheManifestAndSkipsFinishedRungs() throws {
    let root = try makeTemporaryDirectory("ladder-train")
    defer { try? FileManager.default.removeItem(at: root) }
    let plan = tinyPlan()
    var trainedEvents = 0
    let first = try LadderTrainer(plan: plan, directory: root, onEvent: { event in
        if case let .trained(_, skipped) = event, !skipped { trainedEvents += 1 }
    }).train()
    #expect(trainedEvents == 2)
    #expect(first.map(\.name) == ["ladder-add2-w008-d1", "ladder-add2-w016-d1"])
    for result in first {
        #expect(result.steps == 12)
        #expect(result.tokens == Double(12 * 4 * plan.sequenceLength))
        #expect(result.finalLoss.map { $0.isFinite && $0 > 0 } == true)
        #expect(result.params > result.nonEmbeddingParams)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(result.name + "/config.json").path))
    }
    // A bigger model trained on the same tokens costs more FLOPs.
    #expect(first[1].trainingFlops > first[0].trainingFlops)
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("ladder.json").path))

    // Running again trains nothing and returns the same results.
    var skipped = 0
    let again = try LadderTrainer(plan: plan, directory: root, onEvent: { event in
        if case .training = event { Issue.record("a finished rung was trained again") }
        if case let .trained(_, wasSkipped) = event, wasSkipped { skipped += 1 }
    }).train()
    #expect(again == first && skipped == 2)

    // A longer size list extends the ladder: old rungs are kept, only the new one trains.
    let extended = tinyPlan(rungs: plan.rungs + [LadderRung(width: 12, depth: 1)])
    let grown = try LadderTrainer(plan: extended, directory: root).train()
    #expect(grown.map(\.name) == ["ladder-add2-w008-d1", "ladder-add2-w016-d1", "ladder-add2-w012-d1"])
    #expect(Array(grown.prefix(2)) == first)
}

@Test func aLadderStartedWithOtherSettingsIsRefused() throws {
    let root = try makeTemporaryDirectory("ladder-mismatch")
    defer { try? FileManager.default.removeItem(at: root) }
    try LadderTrainer(plan: tinyPlan(rungs: [LadderRung(width: 8, depth: 1)], steps: 4), directory: root).train()
    #expect(throws: LadderError.mismatchedPlan(root.path)) {
        try LadderTrainer(plan: tinyPlan(rungs: [LadderRung(width: 8, depth: 1)], steps: 5), directory: root).train()
    }
    #expect(throws: LadderError.mismatchedPlan(root.path)) {
        try LadderTrainer(plan: tinyPlan(rungs: [LadderRung(width: 8, depth: 1)], steps: 4, seed: 9), directory: root).train()
    }
}

@Test func anInterruptedRungContinuesToTheSameWeights() throws {
    let root = try makeTemporaryDirectory("ladder-resume")
    defer { try? FileManager.default.removeItem(at: root) }
    let plan = tinyPlan(rungs: [LadderRung(width: 16, depth: 1)])
    let whole = LadderTrainer(plan: plan, directory: root.appendingPathComponent("whole"))
    try whole.train()

    // The state a killed run leaves: a checkpoint at step 4 and a stale staging directory.
    let resumed = LadderTrainer(plan: plan, directory: root.appendingPathComponent("resumed"))
    let rung = plan.rungs[0]
    let partial = Trainer(config: rung.config(vocabularySize: plan.task.vocabulary.count, contextLength: plan.contextLength),
                          vocabulary: plan.task.vocabulary, data: .generator(plan.task), options: plan.training)
    for _ in 0..<4 { try partial.trainStep() }
    try Checkpoint.save(partial, to: resumed.rungDirectory(rung))
    let staging = resumed.directory.appendingPathComponent(".\(rung.name(task: "add2")).saving-1")
    try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)

    var firstStepSeen: Int?
    let results = try LadderTrainer(plan: plan, directory: resumed.directory, onEvent: { event in
        if case let .training(_, _, _, _, _, step, _, _, _) = event, firstStepSeen == nil { firstStepSeen = step }
    }).train()
    #expect(results.first?.steps == 12)
    #expect((firstStepSeen ?? 0) > 4)
    #expect(!FileManager.default.fileExists(atPath: staging.path))
    #expect(try modelBytes(resumed.rungDirectory(rung)) == modelBytes(whole.rungDirectory(rung)))
}

@Test func evaluatedRungsAreStoredWithTheirTrainingFacts() throws {
    let root = try makeTemporaryDirectory("ladder-eval")
    defer { try? FileManager.default.removeItem(at: root) }
    let plan = tinyPlan()
    let results = try LadderTrainer(plan: plan, directory: root).train()
    let database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
    let evaluator = LadderEvaluator(plan: plan, directory: root, database: database)
    let summaries = try evaluator.evaluate(results)
    #expect(summaries.map(\.evaluated) == [5, 5])

    for result in results {
        let model = try #require(try database.model(named: result.name))
        #expect(model.family == "ladder-add2")
        #expect(model.params == Double(result.params) && model.trainingFlops == result.trainingFlops)
        #expect(model.tokens == result.tokens)
        let runs = try database.runs(task: "add2", strategy: "standard", model: result.name)
        let run = try #require(runs.first)
        let outputs = try database.outputs(runID: run.id)
        #expect(outputs.count == 5)
        // Every stored output carries the teacher-forced target tokens (what token accuracy and log-lik need).
        #expect(outputs.allSatisfy { $0.targetTokens?.count == $0.target?.count && $0.target != nil })
    }
    // Evaluating again stores nothing new.
    #expect(try evaluator.evaluate(results).map(\.evaluated) == [0, 0])
}
