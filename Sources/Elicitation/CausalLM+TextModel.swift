import Foundation
import InferenceCore

/// The inference core's model as a `TextModel`, named by `name`.
///
/// - Prompts longer than the model's context are cut from the left, keeping
///   the end (the question) and room for the tokens to generate (at most
///   half the context; generation stops when the context is full).
/// - `stopAfterLineContaining` is served in two passes: generation first
///   stops at the cue itself, then continues from prompt + text + cue until
///   the end of that line. With a character tokenizer this is exactly one
///   generation; with byte-level BPE the answer line is re-tokenized after
///   the cue (the usual boundary effect of restarting a generation).
/// - The end-of-text token, when the model has one, ends a generation —
///   unless it is the newline. Ladder rungs (TaskSuite's character models)
///   mark the end of a direct answer with a newline, but a chain of thought
///   runs over several lines; the strategy's stop strings already end a
///   direct answer (or a tree-of-thoughts step) at the newline, so the
///   newline is left to them.
public struct InferenceCoreTextModel: TextModel, Sendable {
    public let model: CausalLM
    public let name: String

    public init(model: CausalLM, name: String) {
        self.model = model; self.name = name
    }

    /// Throws `InferenceError.unrepresentableCharacter` for a character the tokenizer lacks.
    public func encode(_ text: String) throws -> [Int] { try model.tokenizer.encode(text) }
    public func decode(_ ids: [Int]) -> String { model.tokenizer.decode(ids) }

    public func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration {
        try generateFinishingCueLine(prompt: prompt, settings: settings, pass: pass)
    }

    private func pass(prompt: String, settings: GenerationSettings, stops: [String], maxTokens: Int) throws -> TextGeneration {
        var ids = try encodeNonEmpty(prompt)
        // Keep the end of the prompt and room to generate, but never less than half the context for the prompt.
        let room = model.config.maxPositions - min(maxTokens, model.config.maxPositions / 2)
        if ids.count > room { ids = Array(ids.suffix(room)) }
        var options = GenerationOptions(maxTokens: maxTokens, temperature: settings.temperature,
                                        topK: settings.topK ?? 0, topP: settings.topP ?? 1, seed: settings.seed,
                                        stopStrings: stops)
        if let eos = stopTokenID { options.stopTokenIDs = [eos] }
        let generation = try model.generate(promptIDs: ids, options: options)
        let tokens = generation.tokens.map { ScoredToken(tokenID: $0.tokenID, text: $0.text, logprob: $0.logprob) }
        switch generation.finishReason {
        case .stopString:
            let full = decode(generation.tokens.map(\.tokenID))
            let stop = GenerationSettings(stop: stops).stopCut(in: full)?.stop
            return TextGeneration(text: generation.text, tokens: tokens, finishReason: .stop, stopString: stop)
        case .stopToken:
            return TextGeneration(text: generation.text, tokens: tokens, finishReason: .endOfText)
        case .maxTokens, .contextFull, .cancelled:
            return TextGeneration(text: generation.text, tokens: tokens, finishReason: .length)
        }
    }

    public func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]] {
        let limit = model.config.maxPositions
        var sequences: [[Int]] = []
        var continuationLengths: [Int] = []
        for request in requests {
            let continuation = try encode(request.continuation)
            var ids = try encodeNonEmpty(request.prompt) + continuation
            if ids.count > limit { ids = Array(ids.suffix(limit)) }
            sequences.append(ids)
            continuationLengths.append(min(continuation.count, ids.count - 1))
        }
        let scored = try model.score(batch: sequences)
        return zip(scored, continuationLengths).map { scores, count in
            scores.suffix(count).map {
                ScoredToken(tokenID: $0.tokenID, text: model.tokenizer.tokenText($0.tokenID), logprob: $0.logprob,
                            greedy: $0.isGreedy, rank: $0.rank, entropy: $0.entropy)
            }
        }
    }

    /// The end-of-text token as a stop token: nil when the model has none or
    /// when it is the newline (see the type's documentation).
    var stopTokenID: Int? {
        guard let eos = model.endOfTextTokenID, decode([eos]) != "\n" else { return nil }
        return eos
    }

    /// The prompt's ids; an empty prompt becomes the end-of-text token (the
    /// model needs one token to condition on).
    private func encodeNonEmpty(_ text: String) throws -> [Int] {
        let ids = try encode(text)
        if ids.isEmpty, let eos = model.endOfTextTokenID { return [eos] }
        return ids
    }
}

extension InferenceCoreTextModel {
    /// Loads the model in `directory` (anything `CausalLM.load` reads),
    /// named after the directory unless `name` is given.
    public static func load(directory: URL, name: String? = nil) throws -> InferenceCoreTextModel {
        InferenceCoreTextModel(model: try CausalLM.load(directory: directory),
                               name: name ?? directory.standardizedFileURL.lastPathComponent)
    }
}
