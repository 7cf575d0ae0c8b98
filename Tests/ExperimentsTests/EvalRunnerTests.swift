import EmergeTestSupport
import Foundation
import Testing
import Elicitation
@testable import Experiments
import ResultsStore
import TaskSuite

/// A temporary store and a two-rung ladder of random byte-level GPT-2s.
private struct Workspace {
    let root: URL
    let database: ResultsDatabase
    var ladder: URL { root.appendingPathComponent("ladder") }

    init() throws {
        root = try makeTemporaryDirectory("eval")
        database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
        try writeRandomGPT2(to: ladder.appendingPathComponent("w16-d1"), width: 16, layers: 1, seed: 1)
        try writeRandomGPT2(to: ladder.appendingPathComponent("w32-d2"), width: 32, layers: 2, seed: 2)
        try FileManager.default.createDirectory(at: ladder.appendingPathComponent("notes"), withIntermediateDirectories: true)
    }
}

@Test func evalStoresEveryOutputWithTokensAndReadsBack() throws {
    let space = try Workspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    let task = try EvalTask.resolve("add2", database: space.database, count: 6)
    let model = try EvalModel.load(directory: space.ladder.appendingPathComponent("w16-d1"))
    let configuration = EvalConfiguration(strategy: .standard, settings: StrategySettings(maxTokens: 6))
    var reports: [EvalProgress] = []
    let runner = EvalRunner(database: space.database, progress: { reports.append($0) })
    let summary = try runner.run(model: model, task: task, configuration: configuration)
    #expect(summary.evaluated == 6 && summary.skipped == 0)
    #expect(reports.last?.done == 6 && reports.last?.total == 6)

    let runs = try space.database.runs(task: "add2", strategy: "standard", model: "w16-d1")
    let run = try #require(runs.first)
    #expect(runs.count == 1)
    #expect(run.decoding == DecodingSettings(temperature: 0, samples: 1, seed: 0, maxTokens: 6, backend: "local"))
    #expect(run.model.params != nil && run.model.checkpoint != nil)
    let outputs = try space.database.outputs(runID: run.id)
    #expect(outputs.map(\.example) == Array(0..<6))
    for output in outputs {
        let example = task.examples[output.example]
        #expect(output.prompt == example.prompt && output.target == example.target)
        let target = try #require(output.targetTokens)
        #expect(target.count == example.target.utf8.count) // one byte-level token per character
        #expect(target.map(\.text).joined() == example.target)
        #expect(target.allSatisfy { $0.logprob < 0 && $0.rank != nil && $0.entropy != nil && $0.greedy == ($0.rank == 1) })
        let generated = try #require(output.generatedTokens)
        #expect(!generated.isEmpty && generated.count <= 6)
        #expect(output.extractionRule.flatMap(ExtractionRule.init(rawValue:)) != nil)
        #expect(output.extractedAnswer == extractAnswer(from: output.generated ?? "").answer)
    }
}

@Test func evalIsResumableAndSkipsStoredExamples() throws {
    let space = try Workspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    let task = try EvalTask.resolve("add2", database: space.database, count: 5)
    let model = try EvalModel.load(directory: space.ladder.appendingPathComponent("w16-d1"))
    let runner = EvalRunner(database: space.database)
    var configuration = EvalConfiguration(strategy: .zeroShotCoT, settings: StrategySettings(maxTokens: 8),
                                          limit: 2, chunkSize: 1)
    #expect(try runner.run(model: model, task: task, configuration: configuration).evaluated == 2)
    configuration.limit = nil
    let resumed = try runner.run(model: model, task: task, configuration: configuration)
    #expect(resumed.evaluated == 3 && resumed.skipped == 2)
    let again = try runner.run(model: model, task: task, configuration: configuration)
    #expect(again.evaluated == 0 && again.skipped == 5)
    let run = try #require(try space.database.runs(task: "add2", strategy: "zero-shot-cot").first)
    #expect(try space.database.outputs(runID: run.id).count == 5)
    // A longer draw extends the stored examples.
    let reloaded = try EvalTask.resolve("add2", database: space.database, count: 50)
    #expect(reloaded.examples.count == 50 && Array(reloaded.examples.prefix(5)) == task.examples)
}

@Test func examplesStoredWithAnotherSeedAreEvaluatedInstead() throws {
    let space = try Workspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    let theirs = try EvalTask.resolve("add2", count: 4, seed: 99)
    try space.database.storeExamples(task: "add2", kind: .generation, theirs.examples.enumerated().map {
        StoredExample(index: $0.offset, prompt: $0.element.prompt, target: $0.element.target)
    })
    let ours = try EvalTask.resolve("add2", database: space.database, count: 10)
    #expect(ours.examples == theirs.examples)
    #expect(ours.examples != (try EvalTask.resolve("add2", count: 4)).examples)
}

@Test func selfConsistencyStoresOneOutputPerSampleUnderTheGivenName() throws {
    let space = try Workspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    let task = try EvalTask.resolve("add2", database: space.database, count: 3)
    let model = try EvalModel.load(directory: space.ladder.appendingPathComponent("w32-d2"))
    var votes: [Int: VoteResult] = [:]
    let runner = EvalRunner(database: space.database, onOutcome: { votes[$0] = $1.vote })
    let configuration = EvalConfiguration(strategy: .selfConsistency,
                                          settings: StrategySettings(samples: 4, temperature: 1, maxTokens: 8, seed: 3))
    try runner.run(model: model, task: task, configuration: configuration)
    let run = try #require(try space.database.runs(strategy: "self-consistency").first)
    #expect(run.decoding.samples == 4 && run.decoding.temperature == 1 && run.decoding.seed == 3)
    let outputs = try space.database.outputs(runID: run.id)
    #expect(outputs.count == 12)
    for example in 0..<3 {
        let samples = outputs.filter { $0.example == example }
        #expect(samples.map(\.sample) == [0, 1, 2, 3])
        #expect(samples[0].targetTokens != nil && samples.dropFirst().allSatisfy { $0.targetTokens == nil })
        let vote = try #require(votes[example])
        #expect(vote == majorityVote(samples.map(\.extractedAnswer)))
    }
}

@Test func ladderEvaluatesEveryRungWithPersonaAndTreeNames() throws {
    let space = try Workspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    #expect(try EvalModel.ladderRungs(in: space.ladder).map(\.lastPathComponent) == ["w16-d1", "w32-d2"])
    let task = try EvalTask.resolve("add1", database: space.database, count: 2)
    let runner = EvalRunner(database: space.database)
    for strategy in [Strategy.persona(.expert), .treeOfThoughts] {
        let configuration = EvalConfiguration(strategy: strategy,
                                              settings: StrategySettings(temperature: 1, breadth: 2, depth: 2, maxTokens: 6))
        let summaries = try runner.runLadder(directory: space.ladder, task: task, configuration: configuration)
        #expect(summaries.map(\.model) == ["w16-d1", "w32-d2"])
        #expect(summaries.allSatisfy { $0.evaluated == 2 && $0.strategy == strategy.name })
    }
    #expect(Set(try space.database.runs().map(\.strategy)) == ["persona:expert", "tree-of-thoughts"])
    #expect(try space.database.models().map(\.name).sorted() == ["w16-d1", "w32-d2"])
    #expect(throws: EvalError.self) { try runner.runLadder(directory: space.ladder.appendingPathComponent("notes"),
                                                           task: task, configuration: EvalConfiguration()) }
}

@Test func storedModelFactsAreNotOverwritten() throws {
    let space = try Workspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    try space.database.upsertModel(ModelUpdate(name: "w16-d1", family: "ladder", params: 1234, trainingFlops: 5e9))
    let model = try EvalModel.load(directory: space.ladder.appendingPathComponent("w16-d1"), family: "other")
    try EvalRunner(database: space.database).run(model: model, task: try EvalTask.resolve("add1", count: 1),
                                                  configuration: EvalConfiguration(settings: StrategySettings(maxTokens: 3)))
    let stored = try #require(try space.database.model(named: "w16-d1"))
    #expect(stored.family == "ladder" && stored.params == 1234 && stored.trainingFlops == 5e9)
    #expect(stored.checkpoint != nil)
}

@Test func workedSolutionsAndVerifiersForArithmetic() throws {
    let task = try EvalTask.resolve("add2", count: 3)
    let example = task.examples[0]
    let solution = try #require(task.workedSolution(0))
    #expect(solution.hasPrefix("Let's think step by step.\n"))
    #expect(extractAnswer(fromTarget: solution) == example.answer)
    #expect(task.teacherForcedTarget(0, strategy: .standard) == example.target)
    #expect(task.teacherForcedTarget(0, strategy: .zeroShotCoT) == String(solution.dropFirst("Let's think step by step.\n".count)))
    let steps = solution.split(separator: "\n").dropFirst().map(String.init)
    #expect(task.verifier(0).score(steps: steps) == 1)
    #expect(task.verifier(0).score(steps: ["The answer is 1234567."]) == 0)
    let input = task.promptInput(0, exemplars: 2)
    #expect(input.exemplars.count == 2)
    #expect(input.exemplars.allSatisfy { $0.solution.hasPrefix("Let's think step by step.") })
}

@Test func taskFilesBringTheirOwnExemplarsAndAnAnswerVerifier() throws {
    let directory = try makeTemporaryDirectory("eval-file")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("word-problems.jsonl")
    let line = #"{"prompt": "Q: Tom has 3 apples and buys 4 more. How many? A: ", "target": "7", "exemplars": "#
        + #"[{"prompt": "Q: 2 cats and 1 cat? A: ", "target": "2 cats and 1 cat make 3 cats. The answer is 3."}]}"#
    try Data((line + "\n").utf8).write(to: file)
    let task = try EvalTask.resolve(file.path)
    #expect(task.name == "word-problems" && task.examples.count == 1 && task.kind == .generation)
    let prompt = Elicitor(strategy: .fewShotCoT).prompt(for: task.promptInput(0, exemplars: 3))
    #expect(prompt == "Q: 2 cats and 1 cat? A: 2 cats and 1 cat make 3 cats. The answer is 3.\n\n"
            + "Q: Tom has 3 apples and buys 4 more. How many? A: Let's think step by step.\n")
    #expect(task.workedSolution(0) == nil)
    #expect(task.teacherForcedTarget(0, strategy: .zeroShotCoT) == "The answer is 7.\n")
    #expect(task.verifier(0).score(steps: ["3+4=7", "The answer is 7."]) == 1)
    #expect(task.verifier(0).score(steps: ["The answer is 8."]) == 0)
}
