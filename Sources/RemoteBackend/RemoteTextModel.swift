import Elicitation
import EmergeSupport
import Foundation
import InferenceCore
import OpenAIWire

/// A remote model behind an OpenAI-compatible server, as the elicitation
/// strategies and the eval runner see any model (`Elicitation.TextModel`).
///
/// Its methods are synchronous, as the protocol is: each blocks its thread
/// on HTTP calls (call it from plain threads, not from many Swift
/// concurrency tasks at once). Scoring several continuations sends up to
/// `client.settings.concurrency` requests at a time.
///
/// What the server cannot say is left nil: entropy always; rank and
/// greediness beyond the `topK` alternatives it lists. Token ids are -1 when
/// the server reports none (vLLM before 0.10.2 without
/// `--return-tokens-as-token-ids`).
public final class RemoteTextModel: TextModel, Sendable {
    public let name: String
    public let scorer: RemoteScorer
    public let generator: RemoteGenerator
    /// A local copy of the served model's tokenizer: `encode`/`decode` use it,
    /// and continuations are then sent as ids of prompt and continuation
    /// tokenized apart (exactly as the local core scores them).
    public let tokenizer: (any TextTokenizer)?

    /// `name` is stored with results; `modelName` is the name the server knows.
    public init(name: String? = nil, client: OpenAIClient, modelName: String, topK: Int = 1,
                tokenizer: (any TextTokenizer)? = nil) {
        self.name = name ?? modelName
        scorer = RemoteScorer(client: client, model: modelName, topK: max(1, topK))
        generator = RemoteGenerator(client: client, model: modelName)
        self.tokenizer = tokenizer
    }

    /// Token ids of `text` by the local tokenizer copy; [] when there is none
    /// (the strategies do not need ids).
    public func encode(_ text: String) throws -> [Int] { try tokenizer?.encode(text) ?? [] }

    public func decode(_ ids: [Int]) -> String { tokenizer?.decode(ids) ?? "" }

    /// Generates as the local core's `InferenceCoreTextModel` does, so a
    /// remote run and a local run of the same model agree: the server applies
    /// the stop strings; `stopAfterLineContaining` is served in two passes
    /// (stop at the cue, then continue from prompt + text + cue to the end of
    /// that line, with the seed derived as locally).
    public func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration {
        try generateFinishingCueLine(prompt: prompt, settings: settings, pass: pass)
    }

    private func pass(prompt: String, settings: GenerationSettings, stops: [String], maxTokens: Int) throws -> TextGeneration {
        let decoding = RemoteDecoding(maxTokens: maxTokens, temperature: settings.temperature,
                                      topP: settings.topP, topK: settings.topK,
                                      seed: settings.temperature > 0 ? Int(truncatingIfNeeded: settings.seed) : nil,
                                      stop: stops.filter { !$0.isEmpty }, n: 1, logprobs: scorer.topK)
        guard let remote = try generator.generateBlocking(prompt: prompt, decoding: decoding).first else {
            throw RemoteError.malformedResponse(url: generator.client.baseURL.absoluteString, detail: "no choices")
        }
        return Self.generation(from: remote, topK: scorer.topK)
    }

    /// Maps a server's choice to the strategies' `TextGeneration`: "length" →
    /// `.length`; "stop" with a stop string (vLLM's `stop_reason`) → `.stop`;
    /// "stop" without one → the end-of-text token.
    static func generation(from remote: RemoteGeneration, topK: Int) -> TextGeneration {
        let reason: TextFinishReason
        switch remote.finishReason {
        case "stop": reason = remote.stopString == nil ? .endOfText : .stop
        default: reason = .length
        }
        return TextGeneration(text: remote.text, tokens: remote.tokens.map { scored($0, topK: topK) },
                                      finishReason: reason, stopString: reason == .stop ? remote.stopString : nil)
    }

    public func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]] {
        let pairs = requests.map { (context: $0.prompt, continuation: $0.continuation) }
        let client = scorer.client
        let url = client.baseURL.appendingPathComponent("completions").absoluteString
        let tokens = try parallelMap(pairs, workers: client.settings.concurrency) { pair -> [RemoteToken] in
            // With a tokenizer: ids of the two parts apart, as the local core and
            // lm-evaluation-harness do; without: the text, split by offsets.
            let split = try self.tokenizer.map { (try $0.encode(pair.context), try $0.encode(pair.continuation)) }
            let prompt: CompletionPrompt = split.map { .tokenIDs($0.0 + $0.1) } ?? .text(pair.context + pair.continuation)
            let answer = try client.completeBlocking(self.scorer.request(prompt))
            guard let choice = answer.choices.min(by: { $0.index < $1.index }) else {
                throw RemoteError.malformedResponse(url: url, detail: "no choices")
            }
            let tokens = try choice.remoteTokens(url: url)
            if let (context, continuation) = split {
                guard !context.isEmpty, tokens.count == context.count + continuation.count else {
                    throw RemoteError.unsupported("The server scored \(tokens.count) tokens for a prompt of \(context.count + continuation.count) ids (the context must not be empty).")
                }
                return Array(tokens.suffix(continuation.count))
            }
            return try RemoteScorer.continuationTokens(of: tokens, contextLength: pair.context.unicodeScalars.count, url: url)
        }
        return tokens.map { $0.map { Self.scored($0, topK: scorer.topK) } }
    }

    static func scored(_ token: RemoteToken, topK: Int) -> ScoredToken {
        ScoredToken(tokenID: token.tokenID ?? -1, text: token.text, logprob: token.logprob ?? 0,
                    greedy: token.isGreedy(requested: topK), rank: token.rank(requested: topK), entropy: nil)
    }
}
