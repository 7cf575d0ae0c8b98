/// The `prompt` of a `/v1/completions` request: one text, several texts,
/// one sequence of token ids, or several (the four shapes vLLM and the
/// OpenAI API accept). A batch gives one group of `n` choices per prompt.
public enum CompletionPrompt: Codable, Sendable, Equatable {
    case text(String)
    case texts([String])
    case tokenIDs([Int])
    case tokenIDBatches([[Int]])

    /// The prompts one by one, as text or as ids.
    public var items: [PromptItem] {
        switch self {
        case .text(let s): return [.text(s)]
        case .texts(let list): return list.map(PromptItem.text)
        case .tokenIDs(let ids): return [.tokenIDs(ids)]
        case .tokenIDBatches(let batches): return batches.map(PromptItem.tokenIDs)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { self = .text(text); return }
        if let texts = try? container.decode([String].self) { self = .texts(texts); return }
        if let ids = try? container.decode([Int].self) { self = .tokenIDs(ids); return }
        if let batches = try? container.decode([[Int]].self) { self = .tokenIDBatches(batches); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription:
            "prompt must be a string, an array of strings, an array of token ids, or an array of such arrays")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let s): try container.encode(s)
        case .texts(let list): try container.encode(list)
        case .tokenIDs(let ids): try container.encode(ids)
        case .tokenIDBatches(let batches): try container.encode(batches)
        }
    }
}

/// One prompt of a (possibly batched) request.
public enum PromptItem: Sendable, Equatable {
    case text(String)
    case tokenIDs([Int])
}

/// A `/v1/completions` request body in the shape vLLM accepts. Optional
/// fields left nil are omitted from the JSON, so the server's defaults apply.
public struct CompletionRequest: Codable, Sendable, Equatable {
    public var model: String
    public var prompt: CompletionPrompt
    /// New tokens to generate; 0 with `echo` scores the prompt only.
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    /// vLLM extension: sample among the k most likely tokens only.
    public var topK: Int?
    /// Choices per prompt.
    public var n: Int?
    /// Top alternatives per token (0 = only the token's own log-prob).
    public var logprobs: Int?
    /// Return the prompt (and its per-token log-probs) before the completion.
    public var echo: Bool?
    public var seed: Int?
    /// Strings that end generation (not included in the text).
    public var stop: [String]?
    /// vLLM ≥ 0.10.2: add `prompt_token_ids` and `token_ids` to every choice.
    public var returnTokenIDs: Bool?
    /// vLLM ≥ 0.6: write tokens (and top-log-prob keys) as "token_id:N" strings.
    public var returnTokensAsTokenIDs: Bool?
    /// vLLM's sampling extension: keep generating past the end-of-text token
    /// (for checkpoints whose end-of-text is a newline, e.g. a ladder rung
    /// asked for a multi-line chain of thought).
    public var ignoreEOS: Bool?
    /// Send the answer as Server-Sent Events, chunk by chunk.
    public var stream: Bool?
    public var streamOptions: StreamOptions?

    public init(model: String, prompt: CompletionPrompt, maxTokens: Int? = nil, temperature: Double? = nil,
                topP: Double? = nil, n: Int? = nil, logprobs: Int? = nil, echo: Bool? = nil, seed: Int? = nil,
                stop: [String]? = nil, returnTokenIDs: Bool? = nil, returnTokensAsTokenIDs: Bool? = nil) {
        self.model = model; self.prompt = prompt; self.maxTokens = maxTokens; self.temperature = temperature
        self.topP = topP; self.n = n; self.logprobs = logprobs; self.echo = echo; self.seed = seed
        self.stop = stop; self.returnTokenIDs = returnTokenIDs; self.returnTokensAsTokenIDs = returnTokensAsTokenIDs
    }

    enum CodingKeys: String, CodingKey {
        case model, prompt, maxTokens = "max_tokens", temperature, topP = "top_p", topK = "top_k", n, logprobs, echo, seed, stop
        case returnTokenIDs = "return_token_ids", returnTokensAsTokenIDs = "return_tokens_as_token_ids"
        case ignoreEOS = "ignore_eos", stream, streamOptions = "stream_options"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        prompt = try c.decode(CompletionPrompt.self, forKey: .prompt)
        maxTokens = try c.decodeIfPresent(Int.self, forKey: .maxTokens)
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try c.decodeIfPresent(Double.self, forKey: .topP)
        topK = try c.decodeIfPresent(Int.self, forKey: .topK)
        n = try c.decodeIfPresent(Int.self, forKey: .n)
        logprobs = try c.decodeIfPresent(Int.self, forKey: .logprobs)
        echo = try c.decodeIfPresent(Bool.self, forKey: .echo)
        seed = try c.decodeIfPresent(Int.self, forKey: .seed)
        stop = try decodeStop(c, .stop)
        returnTokenIDs = try c.decodeIfPresent(Bool.self, forKey: .returnTokenIDs)
        returnTokensAsTokenIDs = try c.decodeIfPresent(Bool.self, forKey: .returnTokensAsTokenIDs)
        ignoreEOS = try c.decodeIfPresent(Bool.self, forKey: .ignoreEOS)
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
        streamOptions = try c.decodeIfPresent(StreamOptions.self, forKey: .streamOptions)
    }
}
