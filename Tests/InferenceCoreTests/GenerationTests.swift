import Foundation
import Testing
@testable import InferenceCore

/// KV-cache generation, sampling and stopping.
@Suite struct GenerationTests {
    static let prompt = [49, 26, 438, 19, 11, 551, 22, 29, 264, 26]

    @Test(arguments: ["gpt2-tiny", "neox-tiny", "llama-tiny"])
    func kvCacheGivesTheSameLogprobsAsRecomputing(_ name: String) throws {
        let model = try Fixtures.model(name)
        for options in [GenerationOptions(maxTokens: 12), GenerationOptions(maxTokens: 12, temperature: 1, seed: 5)] {
            var uncached = options
            uncached.useKVCache = false
            let a = try model.generate(promptIDs: Self.prompt, options: options)
            let b = try model.generate(promptIDs: Self.prompt, options: uncached)
            #expect(a.tokens.map(\.tokenID) == b.tokens.map(\.tokenID))
            for (x, y) in zip(a.tokens, b.tokens) { #expect(abs(x.logprob - y.logprob) < 1e-5) }
            // Generated log-probs agree with teacher-forced scoring of the result.
            let scores = try model.score(ids: Self.prompt + a.tokens.map(\.tokenID))
            for (k, token) in a.tokens.enumerated() {
                #expect(abs(scores[Self.prompt.count - 1 + k].logprob - token.logprob) < 1e-4)
            }
        }
    }

    @Test func samplingIsSeededAndRespectsTopK() throws {
        let model = try Fixtures.model("gpt2-tiny")
        let options = GenerationOptions(maxTokens: 20, temperature: 1.5, topK: 3, seed: 42)
        let a = try model.generate(promptIDs: Self.prompt, options: options)
        let b = try model.generate(promptIDs: Self.prompt, options: options)
        #expect(a == b)
        var other = options
        other.seed = 43
        #expect(try model.generate(promptIDs: Self.prompt, options: other).tokens != a.tokens)
        // Every sampled token is among the 3 most likely at its position.
        let scores = try model.score(ids: Self.prompt + a.tokens.map(\.tokenID))
        for k in a.tokens.indices { #expect(scores[Self.prompt.count - 1 + k].rank <= 3) }
        // top-p that keeps only the argmax is greedy.
        let nucleus = try model.generate(promptIDs: Self.prompt, options: .init(maxTokens: 10, temperature: 1, topP: 1e-9, seed: 1))
        let greedy = try model.generate(promptIDs: Self.prompt, options: .init(maxTokens: 10))
        #expect(nucleus.tokens.map(\.tokenID) == greedy.tokens.map(\.tokenID))
    }

    @Test func stopTokensAndStopStrings() throws {
        let model = try Fixtures.model("gpt2-tiny")
        let greedy = try model.generate(promptIDs: Self.prompt, options: .init(maxTokens: 16))
        let stopID = greedy.tokens[1].tokenID
        let stopped = try model.generate(promptIDs: Self.prompt, options: .init(maxTokens: 16, stopTokenIDs: [stopID]))
        #expect(stopped.finishReason == .stopToken)
        #expect(stopped.tokens.map(\.tokenID) == [greedy.tokens[0].tokenID])
        let stopText = greedy.tokens[2].text
        let byString = try model.generate(promptIDs: Self.prompt, options: .init(maxTokens: 16, stopStrings: [stopText]))
        #expect(byString.finishReason == .stopString)
        #expect(!byString.text.contains(stopText))
        #expect(byString.text == model.tokenizer.decode(greedy.tokens.prefix(2).map(\.tokenID)))
    }

    @Test func invalidInputsAreErrors() throws {
        let model = try Fixtures.model("gpt2-tiny")
        #expect(throws: InferenceError.emptyPrompt) { try model.generate(promptIDs: []) }
        #expect(throws: InferenceError.tokenOutOfRange(id: 5000, vocabularySize: 1024)) { try model.score(ids: [1, 5000]) }
        #expect(throws: InferenceError.contextTooLong(length: 129, maximum: 128)) { try model.score(ids: Array(repeating: 1, count: 129)) }
        #expect(try model.score(ids: [5]).isEmpty)
        // Generation stops when the learned positions run out.
        let full = try model.generate(promptIDs: Array(repeating: 12, count: 126), options: .init(maxTokens: 10))
        #expect(full.tokens.count == 2 && full.finishReason == .contextFull)
    }

    /// OpenBLAS's thread count is process-wide and changes sgemm's last bits:
    /// generation (its pool) running while batched scoring (one thread per
    /// call) runs elsewhere must still give the bits it gives alone.
    @Test func resultsDoNotDependOnConcurrentCalls() async throws {
        let model = try Fixtures.model("gpt2-tiny")
        let prompt = (0..<48).map { ($0 * 37 + 5) % 1000 }
        let batch = (0..<6).map { s in (0..<64).map { ($0 * 7 + s * 13) % 1000 } }
        let options = GenerationOptions(maxTokens: 8)
        let generatedAlone = try model.generate(promptIDs: prompt, options: options).tokens.map(\.logprob)
        let scoredAlone = try model.score(batch: batch).map { $0.map(\.logprob) }
        let logitsAlone = try model.logits(ids: prompt)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { () async throws in
                for _ in 0..<25 {
                    #expect(try model.generate(promptIDs: prompt, options: options).tokens.map(\.logprob) == generatedAlone)
                    #expect(try model.logits(ids: prompt) == logitsAlone)
                }
            }
            group.addTask { () async throws in
                for _ in 0..<25 { #expect(try model.score(batch: batch).map { $0.map(\.logprob) } == scoredAlone) }
            }
            try await group.waitForAll()
        }
    }

    @Test func batchedScoringEqualsOneByOne() throws {
        let model = try Fixtures.model("llama-tiny")
        let sequences = [[1, 2, 3], [52, 764, 330, 692, 451, 291], [7], [88, 99, 100, 101]]
        let batched = try model.score(batch: sequences, topK: 2)
        for (ids, result) in zip(sequences, batched) {
            let single = try model.score(ids: ids, topK: 2)
            #expect(result.count == single.count)
            for (a, b) in zip(result, single) {
                #expect(a.tokenID == b.tokenID && a.rank == b.rank && abs(a.logprob - b.logprob) < 1e-5)
            }
        }
    }
}

@Suite struct ContinuationScoringTests {
    @Test func continuationScoresAreTheTailOfTheFullScore() throws {
        let model = try Fixtures.model("neox-tiny")
        let prompt = [49, 26, 438], continuation = [19, 11, 551, 22]
        let tail = try model.scoreContinuation(promptIDs: prompt, continuationIDs: continuation)
        let full = try model.score(ids: prompt + continuation)
        #expect(tail.map(\.tokenID) == continuation)
        #expect(tail == Array(full.suffix(4)))
        #expect(tail.first?.position == 3)
    }
}
