/// Per-token log-probabilities of one choice, as vLLM writes them: parallel
/// arrays over the echoed prompt tokens (when `echo`) and the generated ones.
/// The first prompt token has no log-prob (`null`) and no top alternatives.
public struct CompletionLogprobs: Codable, Sendable, Equatable {
    /// Each token's text (or "token_id:N" with `return_tokens_as_token_ids`).
    public var tokens: [String]
    /// log p(token | tokens before it), natural log; nil for the first prompt token.
    public var tokenLogprobs: [Double?]
    /// The most likely tokens at each position (text → log-prob); vLLM adds the
    /// actual token when it is not among them.
    public var topLogprobs: [[String: Double]?]
    /// Offset of each token's text in the choice's text, counted in Unicode
    /// code points (Python `len`, as vLLM does).
    public var textOffset: [Int]

    public init(tokens: [String], tokenLogprobs: [Double?], topLogprobs: [[String: Double]?], textOffset: [Int]) {
        self.tokens = tokens; self.tokenLogprobs = tokenLogprobs; self.topLogprobs = topLogprobs; self.textOffset = textOffset
    }

    enum CodingKeys: String, CodingKey {
        case tokens, tokenLogprobs = "token_logprobs", topLogprobs = "top_logprobs", textOffset = "text_offset"
    }
}

/// One choice of a `/v1/completions` response: a completion of one prompt,
/// with its per-token log-probabilities when the request asked for them.
/// Decoding accepts vLLM's numeric `stop_reason` (a stop token's id) and
/// keeps only a textual one; encoding writes `logprobs`, `finish_reason` and
/// `stop_reason` as explicit nulls, as vLLM does.
public struct CompletionChoice: Codable, Sendable, Equatable {
    /// prompt index × n + sample index.
    public var index: Int
    /// The completion (with `echo`, the prompt text followed by it).
    public var text: String
    public var logprobs: CompletionLogprobs?
    /// "stop" (stop string or end of text) or "length".
    public var finishReason: String?
    /// The stop string that ended generation, when one did (vLLM's `stop_reason`).
    public var stopReason: String?
    /// vLLM ≥ 0.10.2 with `return_token_ids`: ids of the prompt and of the completion.
    public var promptTokenIDs: [Int]?
    public var tokenIDs: [Int]?

    public init(index: Int, text: String, logprobs: CompletionLogprobs?, finishReason: String?, stopReason: String? = nil,
                promptTokenIDs: [Int]? = nil, tokenIDs: [Int]? = nil) {
        self.index = index; self.text = text; self.logprobs = logprobs; self.finishReason = finishReason
        self.stopReason = stopReason; self.promptTokenIDs = promptTokenIDs; self.tokenIDs = tokenIDs
    }

    enum CodingKeys: String, CodingKey {
        case index, text, logprobs, finishReason = "finish_reason", stopReason = "stop_reason"
        case promptTokenIDs = "prompt_token_ids", tokenIDs = "token_ids"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        text = try c.decode(String.self, forKey: .text)
        logprobs = try c.decodeIfPresent(CompletionLogprobs.self, forKey: .logprobs)
        finishReason = try c.decodeIfPresent(String.self, forKey: .finishReason)
        // vLLM writes a stop token's id here as a number, a stop string as text.
        stopReason = (try? c.decodeIfPresent(String.self, forKey: .stopReason)) ?? nil
        promptTokenIDs = try c.decodeIfPresent([Int].self, forKey: .promptTokenIDs)
        tokenIDs = try c.decodeIfPresent([Int].self, forKey: .tokenIDs)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(text, forKey: .text)
        try c.encode(logprobs, forKey: .logprobs)          // explicit null, as vLLM
        try c.encode(finishReason, forKey: .finishReason)
        try c.encode(stopReason, forKey: .stopReason)
        try c.encodeIfPresent(promptTokenIDs, forKey: .promptTokenIDs)
        try c.encodeIfPresent(tokenIDs, forKey: .tokenIDs)
    }
}

/// Token counts of a response: prompt tokens, generated tokens and their sum.
public struct CompletionUsage: Codable, Sendable, Equatable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens; self.completionTokens = completionTokens
        totalTokens = promptTokens + completionTokens
    }
    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", totalTokens = "total_tokens"
    }
}

/// A `/v1/completions` response body (`object: "text_completion"`).
public struct CompletionResponse: Codable, Sendable, Equatable {
    public var id: String
    public var object: String
    public var created: Int
    public var model: String
    public var choices: [CompletionChoice]
    public var usage: CompletionUsage?

    public init(id: String, created: Int, model: String, choices: [CompletionChoice], usage: CompletionUsage?) {
        self.id = id; object = "text_completion"; self.created = created; self.model = model
        self.choices = choices; self.usage = usage
    }
}
