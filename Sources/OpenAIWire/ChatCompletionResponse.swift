/// One alternative of a generated token in a chat response.
public struct ChatTopLogprob: Codable, Sendable, Equatable {
    public var token: String
    public var logprob: Double
    /// The token's UTF-8 bytes (a token may hold part of a character).
    public var bytes: [Int]?
    public init(token: String, logprob: Double, bytes: [Int]?) { self.token = token; self.logprob = logprob; self.bytes = bytes }
}

/// One generated token of a chat response with its log-probability and the
/// most likely alternatives at its position (`logprobs.content[]`).
public struct ChatTokenLogprob: Codable, Sendable, Equatable {
    public var token: String
    public var logprob: Double
    public var bytes: [Int]?
    public var topLogprobs: [ChatTopLogprob]

    public init(token: String, logprob: Double, bytes: [Int]?, topLogprobs: [ChatTopLogprob]) {
        self.token = token; self.logprob = logprob; self.bytes = bytes; self.topLogprobs = topLogprobs
    }
    enum CodingKeys: String, CodingKey { case token, logprob, bytes, topLogprobs = "top_logprobs" }
}

/// `choices[].logprobs` of a chat response: one entry per generated token.
public struct ChatLogprobs: Codable, Sendable, Equatable {
    public var content: [ChatTokenLogprob]?
    public init(content: [ChatTokenLogprob]?) { self.content = content }
}

/// The assistant's message in a response (or, in a chunk, the `delta` that extends it).
public struct ChatResponseMessage: Codable, Sendable, Equatable {
    public var role: String?
    public var content: String?
    public init(role: String?, content: String?) { self.role = role; self.content = content }
}

/// One choice of a `/v1/chat/completions` response. Encoding writes
/// `logprobs`, `finish_reason` and `stop_reason` as explicit nulls, as vLLM does.
public struct ChatChoice: Codable, Sendable, Equatable {
    public var index: Int
    public var message: ChatResponseMessage
    public var logprobs: ChatLogprobs?
    /// "stop" (stop string or end of text) or "length".
    public var finishReason: String?
    /// vLLM: the stop string that ended generation.
    public var stopReason: String?
    /// vLLM ≥ 0.10.2 with `return_token_ids`: the generated ids.
    public var tokenIDs: [Int]?

    public init(index: Int, message: ChatResponseMessage, logprobs: ChatLogprobs?, finishReason: String?,
                stopReason: String? = nil, tokenIDs: [Int]? = nil) {
        self.index = index; self.message = message; self.logprobs = logprobs; self.finishReason = finishReason
        self.stopReason = stopReason; self.tokenIDs = tokenIDs
    }

    enum CodingKeys: String, CodingKey {
        case index, message, logprobs, finishReason = "finish_reason", stopReason = "stop_reason", tokenIDs = "token_ids"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        message = try c.decode(ChatResponseMessage.self, forKey: .message)
        logprobs = try c.decodeIfPresent(ChatLogprobs.self, forKey: .logprobs)
        finishReason = try c.decodeIfPresent(String.self, forKey: .finishReason)
        stopReason = (try? c.decodeIfPresent(String.self, forKey: .stopReason)) ?? nil   // vLLM may send a token id
        tokenIDs = try c.decodeIfPresent([Int].self, forKey: .tokenIDs)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(message, forKey: .message)
        try c.encode(logprobs, forKey: .logprobs)
        try c.encode(finishReason, forKey: .finishReason)
        try c.encode(stopReason, forKey: .stopReason)
        try c.encodeIfPresent(tokenIDs, forKey: .tokenIDs)
    }
}

/// A `/v1/chat/completions` response body (`object: "chat.completion"`).
public struct ChatCompletionResponse: Codable, Sendable, Equatable {
    public var id: String
    public var object: String
    public var created: Int
    public var model: String
    public var choices: [ChatChoice]
    public var usage: CompletionUsage?
    /// vLLM ≥ 0.10.2 with `return_token_ids`: the ids of the rendered prompt.
    public var promptTokenIDs: [Int]?

    public init(id: String, created: Int, model: String, choices: [ChatChoice], usage: CompletionUsage?,
                promptTokenIDs: [Int]? = nil) {
        self.id = id; object = "chat.completion"; self.created = created; self.model = model
        self.choices = choices; self.usage = usage; self.promptTokenIDs = promptTokenIDs
    }

    enum CodingKeys: String, CodingKey { case id, object, created, model, choices, usage, promptTokenIDs = "prompt_token_ids" }
}
