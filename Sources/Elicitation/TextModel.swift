/// One token of a scored or generated sequence.
///
/// `logprob` is the natural-log probability of the token under the model's
/// untempered distribution given everything before it. `greedy`, `rank`
/// (1 = argmax) and `entropy` (nats) describe that distribution; models that
/// cannot report them leave them `nil`.
public struct ScoredToken: Codable, Sendable, Equatable {
    public var tokenID: Int
    public var text: String
    public var logprob: Double
    public var greedy: Bool?
    public var rank: Int?
    public var entropy: Double?

    public init(tokenID: Int, text: String, logprob: Double, greedy: Bool? = nil, rank: Int? = nil,
                entropy: Double? = nil) {
        self.tokenID = tokenID; self.text = text; self.logprob = logprob
        self.greedy = greedy; self.rank = rank; self.entropy = entropy
    }

    /// Stored traces (tree-of-thoughts nodes) write the id as "id".
    enum CodingKeys: String, CodingKey {
        case tokenID = "id", text, logprob, greedy, rank, entropy
    }
}

/// Decoding settings for one generation.
public struct GenerationSettings: Codable, Sendable, Equatable, Hashable {
    /// Maximum number of new tokens.
    public var maxTokens: Int
    /// 0 means greedy (argmax) decoding.
    public var temperature: Double
    public var topK: Int?
    public var topP: Double?
    /// Seed of the sampler; the same seed gives the same sample.
    public var seed: UInt64
    /// Generation stops as soon as the text contains one of these; the stop
    /// string itself is cut from `TextGeneration.text`.
    public var stop: [String]
    /// When set, generation also stops at the end of the first line that
    /// contains this text (a chain of thought ends with the line stating its
    /// answer); the newline is cut like a stop string.
    public var stopAfterLineContaining: String?

    public init(maxTokens: Int = 32, temperature: Double = 0, topK: Int? = nil, topP: Double? = nil,
                seed: UInt64 = 0, stop: [String] = [], stopAfterLineContaining: String? = nil) {
        self.maxTokens = maxTokens; self.temperature = temperature; self.topK = topK
        self.topP = topP; self.seed = seed; self.stop = stop
        self.stopAfterLineContaining = stopAfterLineContaining
    }

    /// Where `text` (generated so far) must be cut because a stop condition
    /// holds: the offset of the first stop string or of the newline ending a
    /// line with `stopAfterLineContaining`, with the stop string matched; nil
    /// while generation should go on. Backends call this after each token.
    public func stopCut(in text: String) -> (cut: String.Index, stop: String)? {
        var best: (cut: String.Index, stop: String)?
        for stop in self.stop where !stop.isEmpty {
            if let range = text.range(ofLiteral: stop), best == nil || range.lowerBound < best!.cut {
                best = (range.lowerBound, stop)
            }
        }
        if let cue = stopAfterLineContaining, let cueRange = text.range(ofLiteral: cue),
           let newline = text[cueRange.upperBound...].firstIndex(of: "\n"),
           best == nil || newline < best!.cut {
            best = (newline, "\n")
        }
        return best
    }
}

/// Why a generation ended.
public enum TextFinishReason: String, Codable, Sendable {
    /// A stop string appeared (and was cut).
    case stop
    /// The model produced its end-of-text token.
    case endOfText = "end-of-text"
    /// `maxTokens` new tokens were produced, or the context window is full.
    case length
}

/// A generated continuation of a prompt.
public struct TextGeneration: Codable, Sendable, Equatable {
    /// The decoded continuation, cut before the first stop string.
    public var text: String
    /// The tokens generated, up to and including the one that completed a stop string.
    public var tokens: [ScoredToken]
    public var finishReason: TextFinishReason
    /// The stop string that ended the generation, if any.
    public var stopString: String?

    public init(text: String, tokens: [ScoredToken], finishReason: TextFinishReason, stopString: String? = nil) {
        self.text = text; self.tokens = tokens; self.finishReason = finishReason; self.stopString = stopString
    }

    /// Σ log p of the generated tokens (natural log).
    public var totalLogprob: Double { tokens.reduce(0) { $0 + $1.logprob } }
}

/// A prompt and a continuation whose tokens are to be scored under teacher forcing.
public struct ContinuationRequest: Sendable, Equatable, Hashable {
    public var prompt: String
    public var continuation: String
    public init(prompt: String, continuation: String) {
        self.prompt = prompt; self.continuation = continuation
    }
}

/// What the strategies need from a language model; the inference core's
/// model conforms (see `CausalLM+TextModel.swift`), so does any other backend.
///
/// Implementations tokenize the prompt and the continuation separately and
/// concatenate the ids (as lm-evaluation-harness does), so a continuation's
/// tokens never merge with the prompt's.
public protocol TextModel {
    /// A name for the model, as stored in results.
    var name: String { get }
    /// Token ids of `text`; throws when the model's vocabulary cannot
    /// represent a character of it (a model never reads a silently shortened text).
    func encode(_ text: String) throws -> [Int]
    func decode(_ ids: [Int]) -> String
    /// Continues `prompt` with the given decoding settings.
    func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration
    /// The continuation's tokens scored under teacher forcing, one record per
    /// continuation token, for each request.
    func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]]
    /// Continues `response` (what the model has answered so far; "" to
    /// start) as its answer to `prompt`. A completion model continues
    /// `prompt.text + response` (the default); a chat model is sent
    /// `prompt.turns`, with `response` as an open assistant turn.
    func generate(_ prompt: StrategyPrompt, continuing response: String, settings: GenerationSettings) throws -> TextGeneration
    /// Whether the model takes conversations (a chat endpoint): strategies
    /// then store their turns, and it cannot score a given continuation.
    var isChatModel: Bool { get }
}

extension TextModel {
    public func generate(_ prompt: StrategyPrompt, continuing response: String, settings: GenerationSettings) throws -> TextGeneration {
        try generate(prompt: prompt.text + response, settings: settings)
    }

    public var isChatModel: Bool { false }

    /// The continuation's tokens scored under teacher forcing.
    public func scoreContinuation(prompt: String, continuation: String) throws -> [ScoredToken] {
        try scoreContinuations([ContinuationRequest(prompt: prompt, continuation: continuation)])[0]
    }
}

/// Generates with `settings`, honouring `stopAfterLineContaining` in two
/// passes: stop at the cue (or any stop string), and when the cue appeared,
/// continue from prompt + text + cue to the end of that line with a derived
/// seed. Local and remote models share it so their runs agree; `pass`
/// performs one generation with the given stop strings and token budget.
public func generateFinishingCueLine(
    prompt: String, settings: GenerationSettings,
    pass: (_ prompt: String, _ settings: GenerationSettings, _ stops: [String], _ maxTokens: Int) throws -> TextGeneration
) throws -> TextGeneration {
    try generateFinishingCueLine(continuing: "", settings: settings) { response, settings, stops, maxTokens in
        try pass(prompt + response, settings, stops, maxTokens)
    }
}

/// `generateFinishingCueLine(prompt:settings:pass:)` for a model that is
/// told what it has answered so far rather than given one text (a chat
/// model continuing an open assistant turn): `pass` gets that answer,
/// `response` and then `response` + first text + cue.
public func generateFinishingCueLine(
    continuing response: String, settings: GenerationSettings,
    pass: (_ response: String, _ settings: GenerationSettings, _ stops: [String], _ maxTokens: Int) throws -> TextGeneration
) throws -> TextGeneration {
    var stops = settings.stop
    if let cue = settings.stopAfterLineContaining { stops.append(cue) }
    let first = try pass(response, settings, stops, settings.maxTokens)
    guard let cue = settings.stopAfterLineContaining, first.stopString == cue,
          first.tokens.count < settings.maxTokens else {
        return first
    }
    var rest = settings
    rest.seed = derivedSeed(settings.seed, 1)
    let second = try pass(response + first.text + cue, rest, settings.stop + ["\n"],
                          settings.maxTokens - first.tokens.count)
    return TextGeneration(text: first.text + cue + second.text, tokens: first.tokens + second.tokens,
                      finishReason: second.finishReason, stopString: second.stopString)
}
