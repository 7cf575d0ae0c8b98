/// The content of a chat message: a text, or a list of parts of which emerge
/// reads the text ones (`{"type": "text", "text": …}`); other part types
/// (images, audio) are kept by type so a server can refuse them by name.
public enum ChatContent: Codable, Sendable, Equatable {
    case text(String)
    case parts([ChatContentPart])

    /// The text parts joined by newlines (as vLLM passes list content to a
    /// text-only template); nil when a part is not text.
    public var joinedText: String? {
        switch self {
        case .text(let s): return s
        case .parts(let parts):
            var texts: [String] = []
            for part in parts {
                guard part.type == "text", let text = part.text else { return nil }
                texts.append(text)
            }
            return texts.joined(separator: "\n")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { self = .text(text); return }
        if let parts = try? container.decode([ChatContentPart].self) { self = .parts(parts); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription:
            "content must be a string or a list of parts such as {\"type\": \"text\", \"text\": \"…\"}")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let s): try container.encode(s)
        case .parts(let parts): try container.encode(parts)
        }
    }
}

/// One part of a list-valued message content.
public struct ChatContentPart: Codable, Sendable, Equatable {
    public var type: String
    public var text: String?
    public init(type: String = "text", text: String?) { self.type = type; self.text = text }
}

/// One message of a conversation: `role` is "system", "user" or
/// "assistant" (other roles are the template's to accept or refuse).
public struct ChatMessage: Codable, Sendable, Equatable {
    public var role: String
    public var content: ChatContent

    public init(role: String, content: String) { self.role = role; self.content = .text(content) }
    public init(role: String, content: ChatContent) { self.role = role; self.content = content }
}

/// `stream_options`: `include_usage` adds a last chunk with the token counts.
public struct StreamOptions: Codable, Sendable, Equatable {
    public var includeUsage: Bool?
    public init(includeUsage: Bool? = nil) { self.includeUsage = includeUsage }
    enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
}

/// A `/v1/chat/completions` request body in the shape vLLM accepts. The
/// server renders `messages` with the model's chat template into a prompt.
/// Optional fields left nil are omitted from the JSON.
public struct ChatCompletionRequest: Codable, Sendable, Equatable {
    public var model: String
    public var messages: [ChatMessage]
    /// New tokens to generate (the older name; `max_completion_tokens` wins when both are set).
    public var maxTokens: Int?
    public var maxCompletionTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    /// vLLM extension: sample among the k most likely tokens only.
    public var topK: Int?
    public var n: Int?
    /// Return each generated token's log-probability.
    public var logprobs: Bool?
    /// With `logprobs`: the most likely alternatives listed per token (0–20).
    public var topLogprobs: Int?
    public var seed: Int?
    public var stop: [String]?
    /// Send the answer as Server-Sent Events, chunk by chunk.
    public var stream: Bool?
    public var streamOptions: StreamOptions?
    /// vLLM extension (default true): end the prompt with the template's opening of the assistant's turn.
    public var addGenerationPrompt: Bool?
    /// vLLM extension: the last message is an assistant turn to continue, left open.
    public var continueFinalMessage: Bool?
    /// vLLM ≥ 0.10.2: add `prompt_token_ids` to the response and `token_ids` to every choice.
    public var returnTokenIDs: Bool?
    /// vLLM: write tokens as "token_id:N" strings in the log-probabilities.
    public var returnTokensAsTokenIDs: Bool?
    /// vLLM: keep generating past the end-of-text token.
    public var ignoreEOS: Bool?

    public init(model: String, messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil,
                topP: Double? = nil, n: Int? = nil, logprobs: Bool? = nil, topLogprobs: Int? = nil, seed: Int? = nil,
                stop: [String]? = nil, stream: Bool? = nil) {
        self.model = model; self.messages = messages; self.maxTokens = maxTokens; self.temperature = temperature
        self.topP = topP; self.n = n; self.logprobs = logprobs; self.topLogprobs = topLogprobs; self.seed = seed
        self.stop = stop; self.stream = stream
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, maxTokens = "max_tokens", maxCompletionTokens = "max_completion_tokens", temperature
        case topP = "top_p", topK = "top_k", n, logprobs, topLogprobs = "top_logprobs", seed, stop, stream
        case streamOptions = "stream_options", addGenerationPrompt = "add_generation_prompt"
        case continueFinalMessage = "continue_final_message", returnTokenIDs = "return_token_ids"
        case returnTokensAsTokenIDs = "return_tokens_as_token_ids", ignoreEOS = "ignore_eos"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        messages = try c.decode([ChatMessage].self, forKey: .messages)
        maxTokens = try c.decodeIfPresent(Int.self, forKey: .maxTokens)
        maxCompletionTokens = try c.decodeIfPresent(Int.self, forKey: .maxCompletionTokens)
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try c.decodeIfPresent(Double.self, forKey: .topP)
        topK = try c.decodeIfPresent(Int.self, forKey: .topK)
        n = try c.decodeIfPresent(Int.self, forKey: .n)
        logprobs = try c.decodeIfPresent(Bool.self, forKey: .logprobs)
        topLogprobs = try c.decodeIfPresent(Int.self, forKey: .topLogprobs)
        seed = try c.decodeIfPresent(Int.self, forKey: .seed)
        stop = try decodeStop(c, .stop)
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
        streamOptions = try c.decodeIfPresent(StreamOptions.self, forKey: .streamOptions)
        addGenerationPrompt = try c.decodeIfPresent(Bool.self, forKey: .addGenerationPrompt)
        continueFinalMessage = try c.decodeIfPresent(Bool.self, forKey: .continueFinalMessage)
        returnTokenIDs = try c.decodeIfPresent(Bool.self, forKey: .returnTokenIDs)
        returnTokensAsTokenIDs = try c.decodeIfPresent(Bool.self, forKey: .returnTokensAsTokenIDs)
        ignoreEOS = try c.decodeIfPresent(Bool.self, forKey: .ignoreEOS)
    }

    /// The token budget: `max_completion_tokens`, else `max_tokens`.
    public var tokenLimit: Int? { maxCompletionTokens ?? maxTokens }
}

/// `stop` may be one string or a list (OpenAI accepts both).
func decodeStop<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> [String]? {
    if let one = try? c.decodeIfPresent(String.self, forKey: key) { return [one] }
    return try c.decodeIfPresent([String].self, forKey: key)
}
