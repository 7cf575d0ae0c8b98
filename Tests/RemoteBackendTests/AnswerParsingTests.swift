import Foundation
import OpenAIWire
import Testing
@testable import RemoteBackend

@Suite("Reading /v1/completions answers")
struct AnswerParsingTests {
    @Test("a vLLM choice with a numeric stop_reason and token ids parses into records")
    func vllmChoice() throws {
        let json = #"""
        {"index":0,"text":"Q: 12","finish_reason":"length","stop_reason":50256,
         "prompt_token_ids":[48,25,352],"token_ids":[],
         "logprobs":{"tokens":["Q",":"," 12"],"token_logprobs":[null,-0.5,-2.0],
                     "top_logprobs":[null,{":":-0.5,"A":-1.5},{" 7":-1.0," 12":-2.0}],
                     "text_offset":[0,1,2]}}
        """#
        let choice = try JSONDecoder().decode(CompletionChoice.self, from: Data(json.utf8))
        #expect(choice.stopReason == nil)
        let tokens = try choice.remoteTokens(url: "u")
        #expect(tokens.map(\.tokenID) == [48, 25, 352])
        #expect(tokens.map(\.text) == ["Q", ":", " 12"])
        #expect(tokens[0].logprob == nil)
        #expect(tokens[1].rank(requested: 1) == 1 && tokens[1].isGreedy(requested: 1) == true)
        // With k = 1 one listed token beats " 12", so its rank lies beyond the list; with k = 2 it is 2.
        #expect(tokens[2].rank(requested: 1) == nil)
        #expect(tokens[2].rank(requested: 2) == 2)
        #expect(tokens[2].isGreedy(requested: 1) == false)
        #expect(tokens[2].alternatives.map(\.text) == [" 7", " 12"])
    }

    @Test("\"token_id:N\" strings give ids and no text")
    func tokenIDStrings() throws {
        let choice = CompletionChoice(index: 0, text: "ab", logprobs: CompletionLogprobs(
            tokens: ["token_id:5", "token_id:7"], tokenLogprobs: [nil, -0.25],
            topLogprobs: [nil, ["token_id:7": -0.25, "token_id:9": -3]], textOffset: [0, 10]), finishReason: "length")
        let tokens = try choice.remoteTokens(url: "u")
        #expect(tokens.map(\.tokenID) == [5, 7])
        #expect(tokens.map(\.text) == ["", ""])
        #expect(tokens[1].alternatives.map(\.tokenID) == [7, 9])
        #expect(throws: RemoteError.self) {
            try RemoteScorer.continuationTokens(of: tokens, contextLength: 1, url: "u")
        }
    }

    @Test("a continuation is located by text offset, and an empty context is refused")
    func continuationSplit() throws {
        let tokens = ["Q", ":", " 1", "2"].enumerated().map { i, t in
            RemoteToken(position: i, tokenID: i, text: t, logprob: i == 0 ? nil : -Double(i), alternatives: [],
                        textOffset: [0, 1, 2, 4][i])
        }
        let continuation = try RemoteScorer.continuationTokens(of: tokens, contextLength: 2, url: "u")
        #expect(continuation.map(\.text) == [" 1", "2"])
        #expect(throws: RemoteError.self) { try RemoteScorer.continuationTokens(of: tokens, contextLength: 0, url: "u") }
    }

    @Test("base URLs with or without /v1 resolve to the /v1 root")
    func baseURLs() throws {
        for text in ["http://127.0.0.1:8000", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1",
                     "http://127.0.0.1:8000/v1/completions"] {
            #expect(try OpenAIClient(baseURL: text).baseURL.absoluteString == "http://127.0.0.1:8000/v1")
        }
        #expect(throws: RemoteError.self) { try OpenAIClient(baseURL: "not a url") }
        #expect(throws: RemoteError.self) { try OpenAIClient(baseURL: "ftp://host/v1") }
    }
}
