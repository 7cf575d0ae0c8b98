import Foundation
import Testing
@testable import InferenceCore

/// Agreement with Hugging Face transformers on the four fixture checkpoints.
@Suite struct ReferenceAgreementTests {
    @Test(arguments: Fixtures.modelNames)
    func logprobsRanksAndEntropyMatchTransformers(_ name: String) throws {
        let model = try Fixtures.model(name)
        let reference = try Fixtures.reference(name)
        #expect(model.config.vocabularySize == reference.vocab_size)
        for sequence in reference.sequences {
            #expect(try model.tokenizer.encode(sequence.text) == sequence.ids, "encoding of \(sequence.text)")
            let scores = try model.score(ids: sequence.ids, topK: 6)
            try #require(scores.count == sequence.target_logprobs.count)
            for (i, score) in scores.enumerated() {
                #expect(score.position == i + 1)
                #expect(score.tokenID == sequence.ids[i + 1])
                #expect(abs(score.logprob - sequence.target_logprobs[i]) < 1e-4, "\(name) position \(i + 1)")
                #expect(abs(score.entropy - sequence.entropy[i]) < 1e-4, "\(name) entropy at \(i + 1)")
                // Top-5 ids must agree wherever the 5th and 6th are separable.
                let top = score.alternatives
                let separable = top[4].logprob - top[5].logprob > 1e-4
                if separable { #expect(top.prefix(5).map(\.tokenID) == sequence.top5_ids[i], "\(name) top-5 at \(i + 1)") }
                for (k, alt) in top.prefix(5).enumerated() {
                    #expect(abs(alt.logprob - sequence.top5_logprobs[i][k]) < 1e-4)
                }
                let expectedRank = 1 + sequence.top5_logprobs[i].filter { $0 > sequence.target_logprobs[i] + 1e-4 }.count
                if expectedRank <= 5 { #expect(score.rank == expectedRank || abs(top[score.rank - 1].logprob - score.logprob) < 1e-4) }
            }
        }
    }

    @Test(arguments: Fixtures.modelNames)
    func greedyContinuationMatchesTransformers(_ name: String) throws {
        let model = try Fixtures.model(name)
        let greedy = try Fixtures.reference(name).greedy
        let generation = try model.generate(promptIDs: greedy.prompt_ids, options: .init(maxTokens: greedy.greedy_ids.count))
        #expect(generation.tokens.map(\.tokenID) == greedy.greedy_ids)
        #expect(generation.finishReason == .maxTokens)
    }

    @Test func scoringLastPositionAgreesWithFinalTopFive() throws {
        // The final position of each reference sequence predicts past the text:
        // its top-5 comes from the logits of the whole sequence.
        let model = try Fixtures.model("gpt2-tiny")
        let sequence = try Fixtures.reference("gpt2-tiny").sequences[0]
        let logits = try model.logits(ids: sequence.ids)
        let last = logits[logits.count - 1]
        let order = last.indices.sorted { last[$0] > last[$1] }
        #expect(Array(order.prefix(5)) == sequence.top5_ids[sequence.ids.count - 1])
    }
}
