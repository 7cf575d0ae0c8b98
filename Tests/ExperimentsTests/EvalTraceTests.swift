import EmergeTestSupport
import Foundation
import Testing
import Elicitation
@testable import Experiments
import ResultsStore
import TaskSuite

/// A temporary store and one random byte-level GPT-2 (the fixture model).
private struct TraceWorkspace {
    let root: URL
    let database: ResultsDatabase
    let model: EvalModel

    init() throws {
        root = try makeTemporaryDirectory("eval-trace")
        database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
        let directory = root.appendingPathComponent("w32-d2")
        try writeRandomGPT2(to: directory, width: 32, layers: 2, seed: 2)
        model = try EvalModel.load(directory: directory)
    }
}

@Test func selfConsistencyStoresVoteCountsThatMatchItsStoredSamples() throws {
    let space = try TraceWorkspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    let task = try EvalTask.resolve("add1", database: space.database, count: 4)
    var outcomes: [Int: StrategyOutcome] = [:]
    let runner = EvalRunner(database: space.database, onOutcome: { outcomes[$0] = $1 })
    let configuration = EvalConfiguration(strategy: .selfConsistency,
                                          settings: StrategySettings(samples: 5, temperature: 1, maxTokens: 6, seed: 7))
    try runner.run(model: space.model, task: task, configuration: configuration)
    let run = try #require(try space.database.runs(strategy: "self-consistency").first)
    let outputs = try space.database.outputs(runID: run.id)
    #expect(outputs.count == 20)
    let printed = try EvalTrace.storedRenderings(database: space.database, model: space.model.name, task: "add1",
                                                 configuration: configuration)
    #expect(printed.count == 4 && printed[0].hasPrefix("example 0: "))
    #expect(try EvalTrace.storedRenderings(database: space.database, model: "other", task: "add1",
                                           configuration: configuration).isEmpty)
    for example in 0..<4 {
        let samples = outputs.filter { $0.example == example }
        #expect(samples.map(\.sample) == [0, 1, 2, 3, 4])
        // The trace rides on sample 0 only.
        #expect(samples.dropFirst().allSatisfy { $0.trace == nil })
        let stored = try #require(EvalTrace.vote(in: samples[0]))
        // Recount the stored samples' extracted answers by hand: numbers by
        // value ("05" = "5"), text case-insensitively, each answer under the
        // spelling of the earliest sample that gave it.
        var spelling: [String: String] = [:]
        var recount: [String: Int] = [:]
        for answer in samples.compactMap(\.extractedAnswer) {
            let key = Double(answer).map { "#\($0)" } ?? answer.lowercased()
            let shown = spelling[key] ?? answer
            spelling[key] = shown
            recount[shown, default: 0] += 1
        }
        #expect(stored.votes == recount)
        #expect(stored.abstentions == samples.filter { $0.extractedAnswer == nil }.count)
        #expect(stored.samples == 5 && stored.tieRule == "earliest-sample")
        let vote = majorityVote(samples.map(\.extractedAnswer))
        #expect(stored.counts == vote.counts && stored.winner == vote.winner && stored.margin == vote.margin)
        #expect(stored == SelfConsistencyTrace(try #require(outcomes[example]?.vote)))
        #expect(printed[example] == EvalTrace.voteText(example: example, stored))
        // The raw JSON has the documented keys.
        let trace = try #require(samples[0].trace)
        for key in ["votes", "counts", "winner", "margin", "abstentions", "samples", "tie_rule"] {
            #expect(trace[key] != nil, "missing \(key)")
        }
    }
}

@Test func treeOfThoughtsStoresTheExploredTree() throws {
    let space = try TraceWorkspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    let task = try EvalTask.resolve("add1", database: space.database, count: 2)
    var trees: [Int: ThoughtTree] = [:]
    let runner = EvalRunner(database: space.database, onOutcome: { trees[$0] = $1.tree })
    for scoring in [ThoughtScoring.verifier, .logprob] {
        trees = [:]
        let configuration = EvalConfiguration(strategy: .treeOfThoughts,
                                              settings: StrategySettings(temperature: 1, breadth: 2, depth: 2,
                                                                         maxTokens: 6, seed: UInt64(scoring == .verifier ? 1 : 2)),
                                              treeScoring: scoring)
        try runner.run(model: space.model, task: task, configuration: configuration)
        let run = try #require(try space.database.runs(strategy: "tree-of-thoughts")
            .first { $0.decoding.seed == (scoring == .verifier ? 1 : 2) })
        let outputs = try space.database.outputs(runID: run.id)
        #expect(outputs.count == 2)
        for output in outputs {
            let returned = try #require(trees[output.example])
            #expect(returned.nodes.count > 1 && returned.scoring == scoring)
            let stored = try #require(EvalTrace.tree(in: output))
            #expect(stored == returned)
            #expect(stored.rendered() == returned.rendered())
            #expect(output.trace?["breadth"] == .integer(2) && output.trace?["nodes"] != nil)
        }
        // `eval --show-stored-trees` prints what `--show-trees` printed during the run.
        let printed = try EvalTrace.storedRenderings(database: space.database, model: space.model.name, task: "add1",
                                                     configuration: configuration)
        #expect(printed == outputs.map { EvalTrace.treeText(example: $0.example, answer: $0.extractedAnswer,
                                                            tree: trees[$0.example]!) })
        #expect(printed.allSatisfy { $0.contains("tree of thoughts (breadth 2, depth 2") })
    }
}

@Test func strategiesWithoutATraceStoreNone() throws {
    let space = try TraceWorkspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    let task = try EvalTask.resolve("add1", database: space.database, count: 2)
    try EvalRunner(database: space.database).run(model: space.model, task: task,
                                                 configuration: EvalConfiguration(settings: StrategySettings(maxTokens: 3)))
    let run = try #require(try space.database.runs(strategy: "standard").first)
    let outputs = try space.database.outputs(runID: run.id)
    #expect(outputs.count == 2 && outputs.allSatisfy { $0.trace == nil && EvalTrace.tree(in: $0) == nil })
}
