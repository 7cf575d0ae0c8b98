/// A chunk of a streamed `/v1/completions` answer (`object: "text_completion"`,
/// as vLLM writes it): each choice holds the text added since the previous
/// chunk (with its tokens' log-probabilities when asked), and a choice's
/// last chunk its `finish_reason`. The usage chunk of
/// `stream_options.include_usage` has no choices and carries `usage`.
public struct CompletionChunk: Codable, Sendable, Equatable {
    public var id: String
    public var object: String
    public var created: Int
    public var model: String
    public var choices: [CompletionChoice]
    public var usage: CompletionUsage?

    public init(id: String, created: Int, model: String, choices: [CompletionChoice], usage: CompletionUsage? = nil) {
        self.id = id; object = "text_completion"; self.created = created; self.model = model
        self.choices = choices; self.usage = usage
    }
}

/// One choice of a streamed chat chunk: `delta` holds the role (first chunk)
/// or the text added since the previous chunk.
public struct ChatChunkChoice: Codable, Sendable, Equatable {
    public var index: Int
    public var delta: ChatResponseMessage
    public var logprobs: ChatLogprobs?
    public var finishReason: String?
    public var stopReason: String?
    /// vLLM ≥ 0.10.2 with `return_token_ids`: the ids generated in this chunk.
    public var tokenIDs: [Int]?

    public init(index: Int, delta: ChatResponseMessage, logprobs: ChatLogprobs? = nil, finishReason: String? = nil,
                stopReason: String? = nil, tokenIDs: [Int]? = nil) {
        self.index = index; self.delta = delta; self.logprobs = logprobs; self.finishReason = finishReason
        self.stopReason = stopReason; self.tokenIDs = tokenIDs
    }

    enum CodingKeys: String, CodingKey {
        case index, delta, logprobs, finishReason = "finish_reason", stopReason = "stop_reason", tokenIDs = "token_ids"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        delta = try c.decode(ChatResponseMessage.self, forKey: .delta)
        logprobs = try c.decodeIfPresent(ChatLogprobs.self, forKey: .logprobs)
        finishReason = try c.decodeIfPresent(String.self, forKey: .finishReason)
        stopReason = (try? c.decodeIfPresent(String.self, forKey: .stopReason)) ?? nil
        tokenIDs = try c.decodeIfPresent([Int].self, forKey: .tokenIDs)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(delta, forKey: .delta)
        try c.encode(logprobs, forKey: .logprobs)
        try c.encode(finishReason, forKey: .finishReason)
        try c.encodeIfPresent(stopReason, forKey: .stopReason)
        try c.encodeIfPresent(tokenIDs, forKey: .tokenIDs)
    }
}

/// A chunk of a streamed `/v1/chat/completions` answer (`object: "chat.completion.chunk"`).
public struct ChatCompletionChunk: Codable, Sendable, Equatable {
    public var id: String
    public var object: String
    public var created: Int
    public var model: String
    public var choices: [ChatChunkChoice]
    public var usage: CompletionUsage?

    public init(id: String, created: Int, model: String, choices: [ChatChunkChoice], usage: CompletionUsage? = nil) {
        self.id = id; object = "chat.completion.chunk"; self.created = created; self.model = model
        self.choices = choices; self.usage = usage
    }
}
