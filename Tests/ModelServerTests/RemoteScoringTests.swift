import Elicitation
import Foundation
import InferenceCore
import ModelServer
import OpenAIWire
import RemoteBackend
import Testing

@Suite("Scoring through serve equals local scoring", .serialized)
struct RemoteScoringTests {
    static let texts = [
        "Q: 047+821= A: 0868\n",
        "The quick brown fox jumps over the lazy dog.",
        "a",  // one token: nothing after the first to score
        "Emergent abilities of large language models: a mirage? Let's think step by step.",
    ]

    @Test("every token's log-prob, id and rank agree with the local core within 1e-5")
    func scoreEqualsLocal() async throws {
        try await withServer { server in
            let client = try OpenAIClient(baseURL: server.baseURL)
            let scorer = RemoteScorer(client: client, model: Fixture.name, topK: 5)
            let remote = try await scorer.scoreAll(Self.texts.map(PromptItem.text))
            for (text, remoteTokens) in zip(Self.texts, remote) {
                let ids = try Fixture.model.tokenizer.encode(text)
                let local = try Fixture.model.score(ids: ids, topK: 5)
                #expect(remoteTokens.count == local.count, "\(text)")
                for (r, l) in zip(remoteTokens, local) {
                    #expect(r.tokenID == l.tokenID)
                    #expect(r.text == Fixture.model.tokenizer.tokenText(l.tokenID))
                    #expect(abs(r.logprob! - l.logprob) <= 1e-5)
                    #expect(r.rank(requested: 5) == (l.rank <= 5 ? l.rank : nil))
                    #expect(zip(r.alternatives, l.alternatives).allSatisfy { abs($0.logprob - $1.logprob) <= 1e-5 })
                }
            }
        }
    }

    @Test("token-id prompts score the same as their text")
    func tokenIDPrompt() async throws {
        try await withServer { server in
            let scorer = RemoteScorer(client: try OpenAIClient(baseURL: server.baseURL), model: Fixture.name)
            let text = Self.texts[1]
            let byText = try await scorer.score(text: text)
            let byIDs = try await scorer.score(tokenIDs: Fixture.model.tokenizer.encode(text))
            #expect(byText.map(\.tokenID) == byIDs.map(\.tokenID))
            #expect(zip(byText, byIDs).allSatisfy { $0.logprob == $1.logprob })
        }
    }

    @Test("continuation scoring through the TextModel adapter equals local teacher forcing")
    func continuationsEqualLocal() async throws {
        try await withServer { server in
            let remote = RemoteTextModel(client: try OpenAIClient(baseURL: server.baseURL), modelName: Fixture.name)
            let requests = [ContinuationRequest(prompt: "Q: 12+34= A:", continuation: " 46"),
                            ContinuationRequest(prompt: "The answer is", continuation: " 7 and not 8")]
            let scored = try await Task.detached { try remote.scoreContinuations(requests) }.value
            for (request, tokens) in zip(requests, scored) {
                let contextIDs = try Fixture.model.tokenizer.encode(request.prompt)
                let ids = try Fixture.model.tokenizer.encode(request.prompt + request.continuation)
                let local = try Fixture.model.score(ids: ids).dropFirst(contextIDs.count - 1)
                #expect(tokens.map(\.tokenID) == local.map(\.tokenID))
                #expect(zip(tokens, local).allSatisfy { abs($0.logprob - $1.logprob) <= 1e-5 })
                #expect(zip(tokens, local).allSatisfy { $0.greedy == $1.isGreedy })
            }
        }
    }

    @Test("greedy generation matches the local core token for token")
    func greedyGenerationEqualsLocal() async throws {
        try await withServer { server in
            let generator = RemoteGenerator(client: try OpenAIClient(baseURL: server.baseURL), model: Fixture.name)
            let prompt = "Q: 047+821= A:"
            let remote = try await generator.generate(prompt: prompt, decoding: RemoteDecoding(maxTokens: 12, logprobs: 2))
            var options = GenerationOptions(maxTokens: 12)
            if let eos = Fixture.model.endOfTextTokenID { options.stopTokenIDs = [eos] }
            let local = try Fixture.model.generate(prompt: prompt, options: options)
            let choice = try #require(remote.first)
            #expect(choice.text == local.text)
            #expect(choice.tokens.map(\.tokenID) == local.tokens.map(\.tokenID))
            #expect(zip(choice.tokens, local.tokens).allSatisfy { abs($0.logprob! - $1.logprob) <= 1e-4 })
            #expect(choice.tokens.allSatisfy { $0.isGreedy(requested: 2) == true })
        }
    }

    @Test("seeded sampling is reproducible and n samples differ by seed")
    func seededSampling() async throws {
        try await withServer { server in
            let generator = RemoteGenerator(client: try OpenAIClient(baseURL: server.baseURL), model: Fixture.name)
            let decoding = RemoteDecoding(maxTokens: 16, temperature: 1.0, topP: 0.95, seed: 42, n: 3, logprobs: 0)
            let first = try await generator.generate(prompt: "Once upon a time", decoding: decoding)
            let second = try await generator.generate(prompt: "Once upon a time", decoding: decoding)
            #expect(first.count == 3)
            #expect(first.map(\.text) == second.map(\.text))
            #expect(Set(first.map(\.text)).count > 1)
        }
    }
}
