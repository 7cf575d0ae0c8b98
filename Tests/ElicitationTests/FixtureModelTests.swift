import Foundation
import Testing
@testable import Elicitation
import TaskSuite

/// The tiny random-weight GPT-2 fixture (2 layers, 64 wide, byte-level BPE
/// with 1,024 tokens), loaded through the inference core.
private func fixtureModel() throws -> InferenceCoreTextModel {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/gpt2-tiny", withExtension: nil))
    return try InferenceCoreTextModel.load(directory: url)
}

private let question = PromptInput(prompt: "Q: 47+38= A: ")

@Test func fixtureModelIsNamedAfterItsDirectory() throws {
    #expect(try fixtureModel().name == "gpt2-tiny")
}

@Test func selfConsistencyWithTheFixtureModelIsReproducible() throws {
    let model = try fixtureModel()
    let elicitor = Elicitor(strategy: .selfConsistency,
                            settings: StrategySettings(samples: 5, temperature: 1, maxTokens: 24, seed: 42))
    let first = try elicitor.run(question, exampleIndex: 3, model: model)
    let second = try elicitor.run(question, exampleIndex: 3, model: model)
    #expect(first == second)
    let samples = try #require(first.samples)
    #expect(samples.count == 5)
    #expect(Set(samples.map(\.generation.text)).count > 1, "samples at temperature 1 should differ")
    for sample in samples {
        #expect(!sample.generation.tokens.isEmpty && sample.generation.tokens.count <= 24)
        #expect(sample.generation.tokens.allSatisfy { $0.logprob <= 0 && $0.logprob.isFinite })
        #expect(!sample.generation.text.contains("\n\n"))
    }
    #expect(first.vote?.samples == 5)
    // Another example index draws other samples.
    let other = try elicitor.run(question, exampleIndex: 4, model: model)
    #expect(other.samples!.map(\.generation.text) != samples.map(\.generation.text))
}

@Test func treeOfThoughtsWithTheFixtureModelIsReproducible() throws {
    let model = try fixtureModel()
    let elicitor = Elicitor(strategy: .treeOfThoughts,
                            settings: StrategySettings(temperature: 1, breadth: 2, depth: 3, maxTokens: 12, seed: 9))
    let first = try elicitor.run(question, exampleIndex: 0, model: model)
    let second = try elicitor.run(question, exampleIndex: 0, model: model)
    #expect(first == second)
    let tree = try #require(first.tree)
    #expect(tree.scoring == .logprob)
    #expect(tree.nodes.count > 1)
    for node in tree.nodes {
        #expect(tree.nodes.filter { $0.parent == node.id }.count <= 2)
        #expect(node.depth <= 3)
        #expect(!node.step.contains("\n"))
    }
    let expansions = tree.nodes.compactMap(\.expansion)
    #expect(expansions.sorted() == Array(1...expansions.count))
    #expect(expansions.count <= 2 * 3)
    #expect(tree.solution != nil)
    #expect(first.response.generation.text == tree.steps(to: tree.solution!).joined(separator: "\n"))
}

@Test func greedyStrategiesAreDeterministicAndStopAtTheLineEnd() throws {
    let model = try fixtureModel()
    for strategy in [Strategy.standard, .persona(.teacher)] {
        let elicitor = Elicitor(strategy: strategy, settings: StrategySettings(maxTokens: 16))
        let first = try elicitor.run(question, exampleIndex: 0, model: model)
        #expect(first == (try elicitor.run(question, exampleIndex: 5, model: model)))
        #expect(!first.response.generation.text.contains("\n"))
        #expect(first.response.extracted == extractAnswer(from: first.response.generation.text))
    }
}

@Test func generatedLogprobsAgreeWithTeacherForcedScores() throws {
    let model = try fixtureModel()
    let prompt = "This License applies to any program"
    let generated = try model.generate(prompt: prompt, settings: GenerationSettings(maxTokens: 8))
    // Compare the longest prefix whose text re-encodes to the same ids
    // (byte-level BPE may merge repeated tokens differently when re-encoding).
    var ids = generated.tokens.map(\.tokenID)
    while ids.count > 1, try model.encode(model.decode(ids)) != ids { ids.removeLast() }
    try #require(ids.count >= 2)
    let scored = try model.scoreContinuation(prompt: prompt, continuation: model.decode(ids))
    #expect(scored.map(\.tokenID) == ids)
    for (a, b) in zip(generated.tokens, scored) {
        #expect(abs(a.logprob - b.logprob) < 1e-4)
        #expect(b.greedy == true && b.rank == 1) // greedy decoding picks rank-1 tokens
        #expect((b.entropy ?? -1) > 0)
    }
}

@Test func batchedScoringEqualsOneByOne() throws {
    let model = try fixtureModel()
    let requests = [ContinuationRequest(prompt: "Q: 1+1= A: ", continuation: "2\n"),
                    ContinuationRequest(prompt: "Q: 47+38= A: ", continuation: "085\n"),
                    ContinuationRequest(prompt: "", continuation: "hello world")]
    let batched = try model.scoreContinuations(requests)
    for (request, records) in zip(requests, batched) {
        let single = try model.scoreContinuation(prompt: request.prompt, continuation: request.continuation)
        #expect(try records.count == model.encode(request.continuation).count)
        #expect(records.map(\.tokenID) == single.map(\.tokenID))
        for (a, b) in zip(records, single) { #expect(abs(a.logprob - b.logprob) < 1e-5) }
    }
}
