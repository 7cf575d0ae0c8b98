import Foundation
import InferenceCore
import ModelServer
import OpenAIWire
import RemoteBackend
import Testing

/// `ignore_eos` (vLLM's sampling extension): generation goes on past the
/// end-of-text token, which otherwise ends it with `finish_reason: "stop"`.
@Suite struct EndOfTextTests {
    static let service = CompletionService(model: Fixture.model, servedName: Fixture.name)

    static func request(seed: Int, ignoreEOS: Bool?) throws -> CompletionRequest {
        let body: [String: Any?] = ["model": Fixture.name, "prompt": "Q: 12+30= A:", "max_tokens": 100,
                                    "temperature": 1.5, "seed": seed, "return_token_ids": true, "ignore_eos": ignoreEOS]
        let data = try JSONSerialization.data(withJSONObject: body.compactMapValues { $0 })
        return try JSONDecoder().decode(CompletionRequest.self, from: data)
    }

    @Test func ignoreEOSGeneratesPastTheEndOfText() throws {
        let eos = try #require(Fixture.model.endOfTextTokenID)
        #expect(try Self.request(seed: 0, ignoreEOS: true).ignoreEOS == true)
        // The first seed whose sampled completion ends at the end-of-text token.
        var stopped: (seed: Int, ids: [Int])?
        for seed in 0..<400 where stopped == nil {
            let choice = try Self.service.complete(Self.request(seed: seed, ignoreEOS: nil)).choices[0]
            let ids = try #require(choice.tokenIDs)
            if choice.finishReason == "stop" {
                #expect(choice.stopReason == nil && ids.count < 100)
                stopped = (seed, ids)
            } else {
                #expect(!ids.contains(eos))
            }
        }
        let (seed, ids) = try #require(stopped, "no seed in 400 sampled the end-of-text token")
        // The same seed with ignore_eos samples the same tokens, the end-of-text among them, and goes on.
        let choice = try Self.service.complete(Self.request(seed: seed, ignoreEOS: true)).choices[0]
        let longer = try #require(choice.tokenIDs)
        #expect(choice.finishReason == "length" && longer.count == 100)
        #expect(Array(longer.prefix(ids.count + 1)).contains(eos))
        #expect(longer.starts(with: ids))
        // ignore_eos: false is the default behaviour.
        #expect(try Self.service.complete(Self.request(seed: seed, ignoreEOS: false)).choices[0].tokenIDs == ids)
    }
}
