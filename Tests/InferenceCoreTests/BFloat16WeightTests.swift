import Foundation
import Testing
@testable import InferenceCore

/// BF16-held weights: exact on a BF16 checkpoint, close on a Float32 one.
@Suite struct BFloat16WeightTests {
    @Test func bf16CheckpointHeldInBF16MatchesTheReference() throws {
        let model = try Fixtures.model("llama-tiny-bf16").withBFloat16Weights()
        #expect(model.usesBFloat16Weights)
        let reference = try Fixtures.reference("llama-tiny-bf16")
        for sequence in reference.sequences {
            let scores = try model.score(ids: sequence.ids)
            for (score, expected) in zip(scores, sequence.target_logprobs) { #expect(abs(score.logprob - expected) < 1e-4) }
        }
        let greedy = try model.generate(promptIDs: reference.greedy.prompt_ids, options: .init(maxTokens: 16))
        #expect(greedy.tokens.map(\.tokenID) == reference.greedy.greedy_ids)
    }

    @Test func bf16GenerationAgreesWithBF16Scoring() throws {
        // gpt2 exercises the (in, out) Conv1D layout and the tied head.
        let model = try Fixtures.model("gpt2-tiny").withBFloat16Weights()
        let full = try Fixtures.model("gpt2-tiny")
        let prompt = [49, 26, 438, 19, 11]
        let generation = try model.generate(promptIDs: prompt, options: .init(maxTokens: 8))
        let scores = try model.score(ids: prompt + generation.tokens.map(\.tokenID))
        for (k, token) in generation.tokens.enumerated() {
            #expect(abs(scores[prompt.count - 1 + k].logprob - token.logprob) < 1e-4)
        }
        let exact = try full.score(ids: prompt + generation.tokens.map(\.tokenID))
        for (a, b) in zip(scores, exact) { #expect(abs(a.logprob - b.logprob) < 0.05) }
    }
}
