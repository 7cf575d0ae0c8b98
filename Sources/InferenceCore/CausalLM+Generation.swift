import Foundation

/// Decoding settings. `temperature == 0` is greedy; otherwise tokens are
/// sampled from softmax(logits / temperature), restricted first to the
/// `topK` most likely (0 = no limit), then to the smallest most-likely set
/// whose probability reaches `topP` (1 = no limit), as Hugging Face orders them.
public struct GenerationOptions: Sendable, Equatable {
    public var maxTokens: Int
    public var temperature: Double
    public var topK: Int
    public var topP: Double
    /// Seed of the sampler: the same seed and options give the same tokens.
    public var seed: UInt64
    /// Stop before emitting any of these ids (the stop token is not returned).
    public var stopTokenIDs: Set<Int>
    /// Stop once the generated text contains one of these; the text is cut
    /// before it, `tokens` keeps the token that completed it.
    public var stopStrings: [String]
    /// Reuse keys and values of earlier positions (false recomputes the whole
    /// sequence every step: slower, for verification).
    public var useKVCache: Bool
    /// The most likely alternatives to list with each generated token
    /// (`GeneratedToken.alternatives`), from the same logits it was chosen
    /// from; 0 lists none.
    public var alternatives: Int = 0

    public init(maxTokens: Int = 64, temperature: Double = 0, topK: Int = 0, topP: Double = 1, seed: UInt64 = 0,
                stopTokenIDs: Set<Int> = [], stopStrings: [String] = [], useKVCache: Bool = true) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
        self.stopTokenIDs = stopTokenIDs
        self.stopStrings = stopStrings
        self.useKVCache = useKVCache
    }
}

/// One generated token. `logprob` is its log-probability under the model's
/// unmodified next-token distribution (no temperature, top-k or top-p), so
/// sampled and greedy generations are comparable.
public struct GeneratedToken: Sendable, Equatable {
    public var tokenID: Int
    public var text: String
    public var logprob: Double
    /// The `GenerationOptions.alternatives` most likely tokens at this
    /// position, best first, with untempered log-probabilities.
    public var alternatives: [TokenAlternative] = []
}

/// Why the core stopped generating: `maxTokens` new tokens were made, a
/// stop token or a stop string appeared, the model's learned positions ran
/// out, or the caller's per-token callback asked to stop (a streaming
/// client went away). The raw values are the names `generate --format json` prints.
public enum FinishReason: String, Sendable {
    case maxTokens = "length", stopToken = "stop_token", stopString = "stop", contextFull = "context_full"
    case cancelled
}

/// The core's continuation of a prompt: the prompt's ids, every generated
/// token with its log-probability, the decoded text and why it stopped.
public struct Generation: Sendable, Equatable {
    public var promptIDs: [Int]
    public var tokens: [GeneratedToken]
    /// The decoded generated ids (cut before a stop string).
    public var text: String
    public var finishReason: FinishReason
}

extension CausalLM {
    /// Encodes `prompt` and generates from it.
    public func generate(prompt: String, options: GenerationOptions = .init()) throws -> Generation {
        try generate(promptIDs: tokenizer.encode(prompt), options: options)
    }

    /// Continues `promptIDs` token by token, with a KV cache unless
    /// `options.useKVCache` is false. `onToken` sees each generated token that
    /// does not end the generation itself (by a stop string), as soon as it
    /// is chosen, and returns false to end the generation there
    /// (`FinishReason.cancelled`, that token kept) before another forward pass. Throws for an empty prompt or
    /// ids outside the vocabulary.
    public func generate(promptIDs: [Int], options: GenerationOptions = .init(),
                         onToken: ((GeneratedToken) -> Bool)? = nil) throws -> Generation {
        guard !promptIDs.isEmpty else { throw InferenceError.emptyPrompt }
        try validate(promptIDs)
        return withBLASThreading(.pool) { continueSequence(promptIDs, options: options, onToken: onToken) }
    }

    private func continueSequence(_ promptIDs: [Int], options: GenerationOptions,
                                  onToken: ((GeneratedToken) -> Bool)?) -> Generation {
        var limit = promptIDs.count + max(options.maxTokens, 0)
        if weights.positionEmbedding != nil { limit = min(limit, config.maxPositions) }
        let cache = newCache(batch: 1, capacity: max(limit, promptIDs.count))
        var sampler = TokenSampler(options: options)
        var sequence = promptIDs
        var tokens: [GeneratedToken] = []
        var generatedIDs: [Int] = []
        var text = ""
        var hidden = weights.forward(newTokens: promptIDs, batch: 1, cache: cache)
        let d = config.hiddenSize, v = config.vocabularySize
        var logits = [Float](repeating: 0, count: v)
        var reason = FinishReason.maxTokens
        while tokens.count < options.maxTokens {
            hidden.withUnsafeBufferPointer { h in
                logits.withUnsafeMutableBufferPointer {
                    weights.head.apply(h.baseAddress! + (h.count / d - 1) * d, rows: 1, out: $0.baseAddress!)
                }
            }
            let (next, logprob) = logits.withUnsafeBufferPointer { sampler.choose($0) }
            if options.stopTokenIDs.contains(next) { reason = .stopToken; break }
            var token = GeneratedToken(tokenID: next, text: tokenizer.tokenText(next), logprob: logprob)
            if options.alternatives > 0 {
                token.alternatives = logits.withUnsafeBufferPointer {
                    LogitStatistics($0.baseAddress!, count: v).top(options.alternatives, of: $0.baseAddress!, count: v)
                }
            }
            tokens.append(token)
            generatedIDs.append(next)
            sequence.append(next)
            text = tokenizer.decode(generatedIDs)
            if let cut = Self.earliestStop(options.stopStrings, in: text) {
                text = String(text[..<cut])
                reason = .stopString
                break
            }
            if let onToken, !onToken(token) {
                reason = .cancelled
                break
            }
            guard tokens.count < options.maxTokens else { break }
            guard sequence.count < limit else {
                reason = .contextFull
                break
            }
            if options.useKVCache {
                hidden = weights.forward(newTokens: [next], batch: 1, cache: cache)
            } else {
                hidden = weights.forward(newTokens: sequence, batch: 1, cache: nil)
            }
        }
        return Generation(promptIDs: promptIDs, tokens: tokens, text: text, finishReason: reason)
    }

    static func earliestStop(_ stops: [String], in text: String) -> String.Index? {
        stops.filter { !$0.isEmpty }.compactMap { text.range(of: $0)?.lowerBound }.min()
    }
}
