import Foundation
import InferenceCore
import OpenAIWire

/// Answers `/v1/completions` requests with the local inference core, in the
/// response shape of vLLM. Synchronous and CPU-bound: the server runs it on
/// its model worker, one request at a time.
///
/// Semantics, as vLLM's:
/// - `echo` puts the prompt (text and, with `logprobs`, its tokens) before
///   the completion; the first prompt token has a null log-prob.
/// - `max_tokens: 0` generates nothing (with `echo`: scoring only).
/// - `logprobs: k` lists the k most likely tokens per position, plus the
///   actual token when it is not among them; log-probs are natural logs of
///   the untempered distribution, floored at −9999 as vLLM does.
/// - `text_offset` accumulates the token strings' lengths in code points.
/// - A prompt longer than the model's positions is refused (400); generation
///   stops when the context is full (`"length"`).
/// - Generation stops at the end-of-text token (`finish_reason: "stop"`,
///   `stop_reason: null`; not with `ignore_eos: true`), at a stop string
///   (`"stop"`, `stop_reason` = the string, cut from the text) or after
///   `max_tokens` (`"length"`).
/// - With `n > 1` and a `seed`, sample i uses seed + i; without a seed, a random one.
public struct CompletionService: Sendable {
    public let model: CausalLM
    /// The name clients must send in `model`.
    public let servedName: String
    public let limits: RequestLimits
    /// When the model was loaded (seconds since 1970), for `/v1/models`.
    public let created: Int

    public init(model: CausalLM, servedName: String, limits: RequestLimits = RequestLimits()) {
        self.model = model; self.servedName = servedName; self.limits = limits
        created = Int(Date().timeIntervalSince1970)
    }

    public var modelList: ModelList {
        ModelList(data: [ModelCard(id: servedName, created: created, maxModelLength: model.config.maxPositions)])
    }

    /// Checks every parameter before any model work; throws `APIError` (400/404).
    public func validate(_ request: CompletionRequest) throws {
        guard request.model == servedName else { throw APIError.unknownModel(request.model, served: servedName) }
        if let m = request.maxTokens, m < 0 || m > limits.maxNewTokens {
            throw APIError.invalid("max_tokens must be between 0 and \(limits.maxNewTokens), got \(m).", param: "max_tokens")
        }
        if let t = request.temperature, !(t.isFinite && t >= 0) {
            throw APIError.invalid("temperature must be a finite number ≥ 0, got \(t).", param: "temperature")
        }
        if let p = request.topP, !(p > 0 && p <= 1) {
            throw APIError.invalid("top_p must be in (0, 1], got \(p).", param: "top_p")
        }
        if let k = request.topK, k < -1 {
            throw APIError.invalid("top_k must be -1 (off), 0 (off) or a positive count, got \(k).", param: "top_k")
        }
        if let n = request.n, !(1...limits.maxChoices).contains(n) {
            throw APIError.invalid("n must be between 1 and \(limits.maxChoices), got \(n).", param: "n")
        }
        if let k = request.logprobs, !(0...limits.maxLogprobs).contains(k) {
            throw APIError.invalid("logprobs must be between 0 and \(limits.maxLogprobs), got \(k).", param: "logprobs")
        }
        let items = request.prompt.items
        guard !items.isEmpty else { throw APIError.invalid("prompt must not be empty.", param: "prompt") }
        guard items.count <= limits.maxPrompts else {
            throw APIError.invalid("At most \(limits.maxPrompts) prompts per request, got \(items.count).", param: "prompt")
        }
    }

    /// Validates and answers one request.
    public func complete(_ request: CompletionRequest, id: String = "cmpl-\(UUID().uuidString.lowercased())") throws -> CompletionResponse {
        try validate(request)
        let maxTokens = request.maxTokens ?? 16
        let n = request.n ?? 1
        var choices: [CompletionChoice] = []
        var promptTokens = 0, completionTokens = 0
        for (promptIndex, item) in request.prompt.items.enumerated() {
            let (ids, promptText) = try encode(item)
            promptTokens += ids.count
            let context = model.config.maxPositions
            guard ids.count <= context else {
                throw APIError.invalid("This model's maximum context length is \(context) tokens; the prompt has \(ids.count).",
                                       param: "prompt", code: "context_length_exceeded")
            }
            for sample in 0..<n {
                let choice = try makeChoice(index: promptIndex * n + sample, ids: ids, promptText: promptText,
                                            request: request, maxTokens: maxTokens, sample: sample)
                completionTokens += choice.generated
                choices.append(choice.choice)
            }
        }
        return CompletionResponse(id: id, created: Int(Date().timeIntervalSince1970), model: servedName, choices: choices,
                                  usage: CompletionUsage(promptTokens: promptTokens, completionTokens: completionTokens))
    }

    private func encode(_ item: PromptItem) throws -> (ids: [Int], text: String) {
        switch item {
        case .text(let text):
            let ids = model.tokenizer.encode(text)
            guard !ids.isEmpty else { throw APIError.invalid("The prompt encodes to no tokens.", param: "prompt") }
            return (ids, text)
        case .tokenIDs(let ids):
            guard !ids.isEmpty else { throw APIError.invalid("A token-id prompt must hold at least one id.", param: "prompt") }
            if let bad = ids.first(where: { $0 < 0 || $0 >= model.config.vocabularySize }) {
                throw APIError.invalid("Token id \(bad) is outside the vocabulary of \(model.config.vocabularySize) tokens.", param: "prompt")
            }
            return (ids, model.tokenizer.decode(ids))
        }
    }

    private func makeChoice(index: Int, ids: [Int], promptText: String, request: CompletionRequest, maxTokens: Int,
                            sample: Int) throws -> (choice: CompletionChoice, generated: Int) {
        // Generate.
        var generatedIDs: [Int] = []
        var text = ""
        var finish = "length"
        var stopReason: String?
        if maxTokens > 0 {
            let seed: UInt64 = request.seed.map { UInt64(bitPattern: Int64($0)) &+ UInt64(sample) } ?? UInt64.random(in: 0...UInt64.max)
            var options = GenerationOptions(maxTokens: maxTokens, temperature: request.temperature ?? 1,
                                            topK: max(request.topK ?? 0, 0), topP: request.topP ?? 1, seed: seed,
                                            stopStrings: request.stop ?? [])
            if request.ignoreEOS != true, let eos = model.endOfTextTokenID { options.stopTokenIDs = [eos] }
            let generation = try model.generate(promptIDs: ids, options: options)
            generatedIDs = generation.tokens.map(\.tokenID)
            text = generation.text
            switch generation.finishReason {
            case .stopToken: finish = "stop"
            case .stopString:
                finish = "stop"
                let full = model.tokenizer.decode(generatedIDs)
                stopReason = (request.stop ?? []).filter { !$0.isEmpty }
                    .compactMap { stop in full.range(of: stop).map { (stop, $0.lowerBound) } }
                    .min { $0.1 < $1.1 }?.0
            case .maxTokens, .contextFull: finish = "length"
            }
        }
        let echo = request.echo ?? false
        let choiceText = echo ? promptText + text : text

        // Log-probs: one scoring pass over prompt + completion gives every
        // position's distribution (the generated tokens' alternatives included).
        var logprobs: CompletionLogprobs?
        if let k = request.logprobs {
            let sequence = ids + generatedIDs
            let scores = sequence.count >= 2 ? try model.score(ids: sequence, topK: k) : []
            let asIDs = request.returnTokensAsTokenIDs ?? false
            func name(_ id: Int) -> String { asIDs ? "token_id:\(id)" : model.tokenizer.tokenText(id) }
            let positions = echo ? Array(0..<sequence.count) : Array(ids.count..<sequence.count)
            var tokens: [String] = [], values: [Double?] = [], tops: [[String: Double]?] = [], offsets: [Int] = []
            var offset = 0
            for position in positions {
                let tokenName = name(sequence[position])
                tokens.append(tokenName)
                offsets.append(offset)
                offset += tokenName.unicodeScalars.count
                if position == 0 {
                    values.append(nil); tops.append(nil)
                    continue
                }
                let score = scores[position - 1]
                values.append(Self.floor(score.logprob))
                var top: [String: Double] = [:]
                for alternative in score.alternatives where top[name(alternative.tokenID)] == nil {
                    top[name(alternative.tokenID)] = Self.floor(alternative.logprob)
                }
                if k > 0 && top[tokenName] == nil { top[tokenName] = Self.floor(score.logprob) }
                tops.append(top)
            }
            logprobs = CompletionLogprobs(tokens: tokens, tokenLogprobs: values, topLogprobs: tops, textOffset: offsets)
        }
        let wantIDs = request.returnTokenIDs ?? false
        return (CompletionChoice(index: index, text: choiceText, logprobs: logprobs, finishReason: finish,
                                 stopReason: stopReason, promptTokenIDs: wantIDs ? ids : nil,
                                 tokenIDs: wantIDs ? generatedIDs : nil), generatedIDs.count)
    }

    /// vLLM clamps log-probs to −9999 so JSON never carries −∞.
    static func floor(_ logprob: Double) -> Double { logprob.isFinite ? max(logprob, -9999) : -9999 }
}
