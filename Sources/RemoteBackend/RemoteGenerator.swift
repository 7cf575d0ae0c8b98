import Foundation
import OpenAIWire

/// Decoding settings of a remote generation (OpenAI names; `topK` is a
/// vLLM extension, sent only when set).
public struct RemoteDecoding: Sendable, Equatable {
    public var maxTokens: Int
    /// 0 = greedy.
    public var temperature: Double
    public var topP: Double?
    public var topK: Int?
    public var seed: Int?
    public var stop: [String]
    /// Choices per prompt.
    public var n: Int
    /// Alternatives reported per generated token.
    public var logprobs: Int

    public init(maxTokens: Int = 32, temperature: Double = 0, topP: Double? = nil, topK: Int? = nil, seed: Int? = nil,
                stop: [String] = [], n: Int = 1, logprobs: Int = 1) {
        self.maxTokens = maxTokens; self.temperature = temperature; self.topP = topP; self.topK = topK
        self.seed = seed; self.stop = stop; self.n = n; self.logprobs = logprobs
    }
}

/// One generated continuation with its tokens' log-probs.
public struct RemoteGeneration: Sendable, Equatable {
    public var text: String
    public var tokens: [RemoteToken]
    /// "stop" or "length" (OpenAI); nil when the server did not say.
    public var finishReason: String?
    /// The stop string that ended generation (vLLM's `stop_reason`); nil for
    /// the end-of-text token or when the server does not report it.
    public var stopString: String?
}

/// Generates with a remote model through `/v1/completions` (no echo,
/// `logprobs: k`, `return_token_ids` asked so ids come back from vLLM ≥ 0.10.2).
public struct RemoteGenerator: Sendable {
    public let client: OpenAIClient
    public let model: String
    public var requestTokenIDs: Bool

    public init(client: OpenAIClient, model: String, requestTokenIDs: Bool = true) {
        self.client = client; self.model = model; self.requestTokenIDs = requestTokenIDs
    }

    public func request(prompt: String, decoding: RemoteDecoding) -> CompletionRequest {
        var request = CompletionRequest(model: model, prompt: .text(prompt), maxTokens: decoding.maxTokens,
                                        temperature: decoding.temperature, topP: decoding.topP, n: decoding.n,
                                        logprobs: decoding.logprobs, echo: false, seed: decoding.seed,
                                        stop: decoding.stop.isEmpty ? nil : decoding.stop,
                                        returnTokenIDs: requestTokenIDs ? true : nil)
        request.topK = decoding.topK
        return request
    }

    /// `decoding.n` generations of `prompt`, in choice order.
    public func generate(prompt: String, decoding: RemoteDecoding) async throws -> [RemoteGeneration] {
        try parse(try await client.complete(request(prompt: prompt, decoding: decoding)))
    }

    /// The same from synchronous code (blocks the calling thread).
    public func generateBlocking(prompt: String, decoding: RemoteDecoding) throws -> [RemoteGeneration] {
        try parse(try client.completeBlocking(request(prompt: prompt, decoding: decoding)))
    }

    func parse(_ answer: CompletionResponse) throws -> [RemoteGeneration] {
        let url = client.baseURL.appendingPathComponent("completions").absoluteString
        return try answer.choices.sorted { $0.index < $1.index }.map { choice in
            RemoteGeneration(text: choice.text, tokens: choice.logprobs == nil ? [] : try choice.remoteTokens(url: url),
                             finishReason: choice.finishReason, stopString: choice.stopReason)
        }
    }
}
