import EmergeTestSupport
import Foundation
import ResultsStore
import TaskSuite
import Testing
import Training
@testable import Experiments

// Several seeds per size (docs/ladders.md#seeds): names, training seeds, bit-exact
// reproducibility, resuming and extending per seed, and what the store
// records. Every ladder here is two tiny sizes trained on a few hundred
// tokens (8 steps × 4 sequences × 16 positions), a second or two each.

private let sizes = [LadderRung(width: 8, depth: 1), LadderRung(width: 16, depth: 1)]

private func tinyPlan(seeds: Int, seed: UInt64 = 3, rungs: [LadderRung] = sizes) -> LadderPlan {
    LadderPlan(task: ArithmeticTask(operation: .addition, digits: 2), rungs: rungs,
               training: TrainingOptions(steps: 8, batchSize: 4, warmupSteps: 2, seed: seed),
               testExamples: 4, checkpointEvery: 4, seeds: seeds)
}

/// The weights file's bytes (what "same bits" means for a model).
private func weights(_ directory: URL, _ name: String) throws -> Data {
    try Data(contentsOf: directory.appendingPathComponent(name).appendingPathComponent("model.safetensors"))
}

/// The models a run trained (not skipped), in order.
private final class Trained: @unchecked Sendable {
    var names: [String] = []
    var firstSteps: [String: Int] = [:]
    var progressSeeds: Set<String> = []

    func record(_ event: LadderEvent) {
        switch event {
        case let .training(_, _, seedIndex, seeds, name, step, _, _, _):
            if firstSteps[name] == nil { firstSteps[name] = step }
            progressSeeds.insert("\(name) \(seedIndex)/\(seeds)")
        case let .trained(result, skipped):
            if !skipped { names.append(result.name) }
        }
    }
}

@Test func eachSeedIsItsOwnModelNamedAndSeededAsDocumented() throws {
    let plan = tinyPlan(seeds: 3, seed: 7)
    #expect(plan.models.map(\.name) == [
        "ladder-add2-w008-d1", "ladder-add2-w016-d1",
        "ladder-add2-w008-d1-s1", "ladder-add2-w016-d1-s1",
        "ladder-add2-w008-d1-s2", "ladder-add2-w016-d1-s2",
    ])
    #expect(plan.models.map(\.seed) == [7, 7, 8, 8, 9, 9])
    #expect(plan.models.map(\.sizeGroup) == ["ladder-add2-w008-d1", "ladder-add2-w016-d1"].repeated(3))
    #expect(plan.trainingOptions(seedIndex: 2).seed == 9)
    // Only the seed differs between the seeds' recipes.
    var options = plan.trainingOptions(seedIndex: 2)
    options.seed = plan.training.seed
    #expect(options == plan.training)
    // A one-seed ladder is the ladder of seed index 0, under the rungs' own names.
    #expect(tinyPlan(seeds: 1, seed: 7).models.map(\.name) == plan.rungs.map(plan.rungName))
    // The seed wraps instead of trapping.
    #expect(tinyPlan(seeds: 2, seed: .max).trainingSeed(seedIndex: 1) == 0)
}

@Test func twoSeedsTrainTwoDifferentModelsPerSizeAndEachSeedReproducesItsBits() throws {
    let root = try makeTemporaryDirectory("ladder-seeds")
    defer { try? FileManager.default.removeItem(at: root) }
    let plan = tinyPlan(seeds: 2)
    let first = root.appendingPathComponent("first"), second = root.appendingPathComponent("second")
    let trained = Trained()
    let results = try LadderTrainer(plan: plan, directory: first, onEvent: trained.record).train()
    try LadderTrainer(plan: plan, directory: second).train()

    #expect(results.map(\.name) == plan.models.map(\.name))
    #expect(results.map(\.seed) == [3, 3, 4, 4])
    #expect(trained.names == plan.models.map(\.name))
    // Progress names the seed.
    #expect(trained.progressSeeds == ["ladder-add2-w008-d1 0/2", "ladder-add2-w016-d1 0/2",
                                      "ladder-add2-w008-d1-s1 1/2", "ladder-add2-w016-d1-s1 1/2"])
    for result in results {
        // Same seed, same bits: two runs in two directories.
        #expect(try weights(first, result.name) == weights(second, result.name), "\(result.name)")
    }
    // The seeds of a size differ (initialisation and data order), and share their size's facts.
    for (a, b) in [(0, 2), (1, 3)] {
        #expect(try weights(first, results[a].name) != weights(first, results[b].name))
        #expect(results[a].params == results[b].params && results[a].tokens == results[b].tokens)
        #expect(results[a].finalLoss != results[b].finalLoss)
    }
    // ladder.json records what was planned.
    let manifest = try JSONDecoder().decode(LadderManifest.self, from: Data(contentsOf: LadderManifest.url(in: first)))
    #expect(manifest.seeds == 2 && manifest.training.seed == 3 && manifest.results.count == 4)
}

@Test func seedZeroIsTheOneSeedLadderAndSeedIIsTheLadderStartedAtSeedPlusI() throws {
    let root = try makeTemporaryDirectory("ladder-seed-derivation")
    defer { try? FileManager.default.removeItem(at: root) }
    let many = root.appendingPathComponent("two"), one = root.appendingPathComponent("one"),
        shifted = root.appendingPathComponent("shifted")
    try LadderTrainer(plan: tinyPlan(seeds: 2), directory: many).train()
    try LadderTrainer(plan: tinyPlan(seeds: 1), directory: one).train()
    try LadderTrainer(plan: tinyPlan(seeds: 1, seed: 4), directory: shifted).train()
    for rung in sizes {
        let name = rung.name(task: "add2")
        #expect(try weights(many, name) == weights(one, name))
        #expect(try weights(many, name + "-s1") == weights(shifted, name))
    }
    // A one-seed ladder's folder holds exactly today's rung folders (and the lock file of `LadderLock`).
    let entries = try FileManager.default.contentsOfDirectory(atPath: one.path).sorted()
    #expect(entries == [LadderLock.fileName, "ladder-add2-w008-d1", "ladder-add2-w016-d1", "ladder.json"])
}

@Test func anInterruptedSeedResumesAloneAndMoreSeedsTrainOnlyTheNewOnes() throws {
    let root = try makeTemporaryDirectory("ladder-seeds-resume")
    defer { try? FileManager.default.removeItem(at: root) }
    let whole = root.appendingPathComponent("whole"), resumed = root.appendingPathComponent("resumed")
    try LadderTrainer(plan: tinyPlan(seeds: 3), directory: whole).train()

    // One seed per size finished, then seed 1 of the larger size killed at step 4.
    let two = tinyPlan(seeds: 2)
    try LadderTrainer(plan: tinyPlan(seeds: 1), directory: resumed).train()
    let killed = try #require(two.models.first { $0.rung == sizes[1] && $0.seedIndex == 1 })
    let partial = Trainer(config: sizes[1].config(vocabularySize: two.vocabulary.count, contextLength: two.contextLength),
                          vocabulary: two.vocabulary, data: .generator(two.task), options: two.trainingOptions(seedIndex: 1))
    for _ in 0..<4 { try partial.trainStep() }
    try Checkpoint.save(partial, to: resumed.appendingPathComponent(killed.name))

    let rerun = Trained()
    try LadderTrainer(plan: two, directory: resumed, onEvent: rerun.record).train()
    #expect(rerun.names == ["ladder-add2-w008-d1-s1", "ladder-add2-w016-d1-s1"])
    // The killed seed continues after its checkpoint; the other starts from scratch.
    #expect(rerun.firstSteps[killed.name] == 5)
    #expect(rerun.firstSteps["ladder-add2-w008-d1-s1"] == 1)

    // --seeds 3 after --seeds 2: only the third seed trains.
    let grown = Trained()
    let results = try LadderTrainer(plan: tinyPlan(seeds: 3), directory: resumed, onEvent: grown.record).train()
    #expect(grown.names == ["ladder-add2-w008-d1-s2", "ladder-add2-w016-d1-s2"])
    #expect(results.map(\.name) == tinyPlan(seeds: 3).models.map(\.name))
    for model in tinyPlan(seeds: 3).models {
        #expect(try weights(resumed, model.name) == weights(whole, model.name), "\(model.name)")
    }
    let manifest = try JSONDecoder().decode(LadderManifest.self, from: Data(contentsOf: LadderManifest.url(in: resumed)))
    #expect(manifest.seeds == 3)
}

@Test func aCheckpointOfAnotherSeedIsNotResumed() throws {
    let root = try makeTemporaryDirectory("ladder-seeds-mixup")
    defer { try? FileManager.default.removeItem(at: root) }
    let plan = tinyPlan(seeds: 2, rungs: [sizes[0]])
    // Seed 0's (unfinished) checkpoint sitting where seed 1's belongs.
    let wrong = Trainer(config: sizes[0].config(vocabularySize: plan.vocabulary.count, contextLength: plan.contextLength),
                        vocabulary: plan.vocabulary, data: .generator(plan.task), options: plan.trainingOptions(seedIndex: 0))
    try wrong.trainStep()
    try Checkpoint.save(wrong, to: root.appendingPathComponent("ladder-add2-w008-d1-s1"))
    #expect(throws: CheckpointError.self) { try LadderTrainer(plan: plan, directory: root).train() }
}

@Test func theStoreRecordsEachSeedWithItsSizeGroupAndTestsAllSeedsOnTheSameExamples() throws {
    let root = try makeTemporaryDirectory("ladder-seeds-store")
    defer { try? FileManager.default.removeItem(at: root) }
    let database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)

    // A one-seed ladder records neither size group nor seed, as before.
    let one = tinyPlan(seeds: 1)
    let oneResults = try LadderTrainer(plan: one, directory: root).train()
    try LadderEvaluator(plan: one, directory: root, database: database).evaluate(oneResults)
    for result in oneResults {
        let model = try #require(try database.model(named: result.name))
        #expect(model.sizeGroup == nil && model.seed == nil)
    }

    // Grown to two seeds: four models, the first seed's gaining its facts although nothing is re-evaluated.
    let two = tinyPlan(seeds: 2)
    let results = try LadderTrainer(plan: two, directory: root).train()
    let summaries = try LadderEvaluator(plan: two, directory: root, database: database).evaluate(results)
    #expect(summaries.map(\.evaluated) == [0, 0, 4, 4])
    let ladder = try database.models().filter { $0.family == "ladder-add2" }
    #expect(ladder.count == 4)
    var prompts: [[String?]] = []
    for model in two.models {
        let stored = try #require(try database.model(named: model.name))
        #expect(stored.sizeGroup == model.sizeGroup, "\(model.name)")
        #expect(stored.seed == Int(model.seed), "\(model.name)")
        #expect(stored.step == nil)
        let run = try #require(try database.runs(task: "add2", strategy: "standard", model: model.name).first)
        prompts.append(try database.outputs(runID: run.id).map(\.prompt))
    }
    #expect(Set(ladder.map(\.sizeGroup)) == ["ladder-add2-w008-d1", "ladder-add2-w016-d1"])
    // The seeds of a size share family and size, and differ only in seed.
    for group in Set(ladder.compactMap(\.sizeGroup)) {
        let members = ladder.filter { $0.sizeGroup == group }
        #expect(members.count == 2 && Set(members.compactMap(\.seed)) == [3, 4])
        #expect(Set(members.map(\.params)).count == 1 && Set(members.map(\.trainingFlops)).count == 1)
    }
    // Same test set for every seed.
    #expect(prompts.allSatisfy { $0 == prompts[0] } && prompts[0].count == 4)
}

private extension Array {
    func repeated(_ times: Int) -> [Element] { (0..<times).flatMap { _ in self } }
}
