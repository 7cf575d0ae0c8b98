import ChatTemplates
import Foundation
import InferenceCore
import OpenAIWire

/// Answers `/v1/chat/completions` with the local inference core, in vLLM's
/// shapes. The prompt is the checkpoint's chat template rendered over the
/// messages (with `add_generation_prompt`, unless the request asks to
/// continue its final assistant message) and tokenized without added
/// special tokens, exactly as Hugging Face's `apply_chat_template` does;
/// generation then follows the completions endpoint's rules (see
/// `CompletionService`). `logprobs` lists each generated token with its
/// log-probability, UTF-8 bytes and `top_logprobs` alternatives, taken from
/// the logits the token was drawn from.
///
/// Refused with a 400 naming the parameter: no messages, a role other than
/// system/user/assistant, non-text content, a model without a chat template
/// (unless the server was given one), a template that refuses the
/// conversation (its `raise_exception` message), a prompt longer than the
/// context, and out-of-range settings.
public struct ChatService: Sendable {
    public let completions: CompletionService
    /// The template prompts are rendered with; nil answers every chat request with a 400.
    public let template: ChatTemplate?

    public init(completions: CompletionService, template: ChatTemplate?) {
        self.completions = completions; self.template = template
    }

    private var model: CausalLM { completions.model }

    /// Checks every parameter and renders the prompt; returns its ids. Throws `APIError` (400/404).
    public func prepare(_ request: ChatCompletionRequest) throws -> [Int] {
        guard request.model == completions.servedName else {
            throw APIError.unknownModel(request.model, served: completions.servedName)
        }
        try completions.validateSampling(maxTokens: request.tokenLimit,
                                         maxTokensName: request.maxCompletionTokens != nil ? "max_completion_tokens" : "max_tokens",
                                         temperature: request.temperature, topP: request.topP, topK: request.topK, n: request.n)
        let limit = completions.limits.maxLogprobs
        if let k = request.topLogprobs {
            guard (0...limit).contains(k) else {
                throw APIError.invalid("top_logprobs must be between 0 and \(limit), got \(k).", param: "top_logprobs")
            }
            guard request.logprobs == true else {
                throw APIError.invalid("top_logprobs needs logprobs: true.", param: "top_logprobs")
            }
        }
        guard !request.messages.isEmpty else {
            throw APIError.invalid("messages must hold at least one message.", param: "messages")
        }
        var messages: [TemplateMessage] = []
        for (index, message) in request.messages.enumerated() {
            guard ["system", "user", "assistant"].contains(message.role) else {
                throw APIError.invalid("messages[\(index)] has the role '\(message.role)'; this server accepts system, user and assistant.",
                                       param: "messages")
            }
            guard let text = message.content.joinedText else {
                throw APIError.invalid("messages[\(index)].content holds a part that is not text; only text parts are supported.",
                                       param: "messages")
            }
            messages.append(TemplateMessage(role: message.role, content: text))
        }
        let continuing = request.continueFinalMessage ?? false
        if continuing {
            guard request.addGenerationPrompt != true else {
                throw APIError.invalid("continue_final_message and add_generation_prompt cannot both be true.",
                                       param: "continue_final_message")
            }
            guard messages.last?.role == "assistant" else {
                throw APIError.invalid("continue_final_message needs the last message to be the assistant's.",
                                       param: "continue_final_message")
            }
        }
        guard let template else {
            throw APIError.invalid("The model '\(completions.servedName)' has no chat template (no chat_template in its tokenizer_config.json and no chat_template.jinja); start the server with --chat-template FILE, or use /v1/completions.",
                                   param: "messages", code: "chat_template_missing")
        }
        let prompt: String
        do {
            prompt = try template.render(messages: messages, addGenerationPrompt: continuing ? false : (request.addGenerationPrompt ?? true),
                                         continueFinalMessage: continuing)
        } catch let error as TemplateError {
            throw APIError.invalid("The chat template refused the messages: \(error.description)", param: "messages",
                                   code: "chat_template_error")
        }
        let ids: [Int]
        do { ids = try model.tokenizer.encode(prompt) } catch let error as InferenceError {
            throw APIError.invalid("The rendered prompt cannot be read: \(error.description)", param: "messages")
        }
        guard !ids.isEmpty else { throw APIError.invalid("The rendered prompt encodes to no tokens.", param: "messages") }
        let context = model.config.maxPositions
        guard ids.count <= context else {
            throw APIError.invalid("This model's maximum context length is \(context) tokens; the messages render to \(ids.count).",
                                   param: "messages", code: "context_length_exceeded")
        }
        return ids
    }

    func sampling(_ request: ChatCompletionRequest) -> SamplingParameters {
        SamplingParameters(maxTokens: request.tokenLimit ?? completions.limits.maxNewTokens, temperature: request.temperature ?? 1,
                           topP: request.topP ?? 1, topK: request.topK ?? 0, seed: request.seed, stop: request.stop ?? [],
                           ignoreEOS: request.ignoreEOS ?? false,
                           alternatives: request.logprobs == true ? (request.topLogprobs ?? 0) : 0)
    }

    /// Validates and answers one request (`stream` must not be set).
    public func complete(_ request: ChatCompletionRequest, id: String = "chatcmpl-\(UUID().uuidString.lowercased())") throws -> ChatCompletionResponse {
        let ids = try prepare(request)
        let wantIDs = request.returnTokenIDs ?? false
        var choices: [ChatChoice] = []
        var generated = 0
        for sample in 0..<(request.n ?? 1) {
            let sampled = try model.sampleChoice(promptIDs: ids, parameters: sampling(request), sample: sample,
                                                 counter: completions.counter)
            generated += sampled.tokens.count
            choices.append(ChatChoice(index: sample, message: ChatResponseMessage(role: "assistant", content: sampled.text),
                                      logprobs: logprobs(sampled.tokens, request), finishReason: sampled.finishReason,
                                      stopReason: sampled.stopReason, tokenIDs: wantIDs ? sampled.tokens.map(\.tokenID) : nil))
        }
        return ChatCompletionResponse(id: id, created: Int(Date().timeIntervalSince1970), model: completions.servedName,
                                      choices: choices, usage: CompletionUsage(promptTokens: ids.count, completionTokens: generated),
                                      promptTokenIDs: wantIDs ? ids : nil)
    }

    /// Answers a `stream: true` request as event payloads, in vLLM's chunk
    /// shapes: per choice a first chunk with `delta.role`, a chunk per piece
    /// of new text (`delta.content`, with its tokens' log-probabilities when
    /// asked), and a chunk with `finish_reason`; with
    /// `stream_options.include_usage` a last chunk without choices carrying
    /// `usage`. `send` returns false once the client has gone, which ends the
    /// generation and the stream. Call `prepare` first; the caller writes `data: [DONE]`.
    public func stream(_ request: ChatCompletionRequest, id: String = "chatcmpl-\(UUID().uuidString.lowercased())",
                       send: @escaping (String) -> Bool) throws {
        let ids = try prepare(request)
        let created = Int(Date().timeIntervalSince1970)
        let wantIDs = request.returnTokenIDs ?? false
        func chunk(_ choice: ChatChunkChoice) -> Bool {
            send(CompletionService.encoded(ChatCompletionChunk(id: id, created: created, model: completions.servedName,
                                                               choices: [choice])))
        }
        var generated = 0
        for sample in 0..<(request.n ?? 1) {
            guard chunk(ChatChunkChoice(index: sample, delta: ChatResponseMessage(role: "assistant", content: ""))) else { return }
            var open = true
            let sampled = try model.sampleChoice(promptIDs: ids, parameters: sampling(request), sample: sample,
                                                 counter: completions.counter) { text, tokens in
                guard !text.isEmpty || !tokens.isEmpty else { return true }
                open = chunk(ChatChunkChoice(index: sample, delta: ChatResponseMessage(role: nil, content: text),
                                             logprobs: logprobs(tokens, request),
                                             tokenIDs: wantIDs ? tokens.map(\.tokenID) : nil))
                return open
            }
            guard open else { return }
            generated += sampled.tokens.count
            guard chunk(ChatChunkChoice(index: sample, delta: ChatResponseMessage(role: nil, content: ""),
                                        finishReason: sampled.finishReason, stopReason: sampled.stopReason)) else { return }
        }
        if request.streamOptions?.includeUsage == true {
            _ = send(CompletionService.encoded(ChatCompletionChunk(
                id: id, created: created, model: completions.servedName, choices: [],
                usage: CompletionUsage(promptTokens: ids.count, completionTokens: generated))))
        }
    }

    /// The chat shape of per-token log-probabilities (nil unless `logprobs: true`).
    private func logprobs(_ tokens: [GeneratedToken], _ request: ChatCompletionRequest) -> ChatLogprobs? {
        guard request.logprobs == true else { return nil }
        let asIDs = request.returnTokensAsTokenIDs ?? false
        func name(_ id: Int) -> String { asIDs ? "token_id:\(id)" : model.tokenizer.tokenText(id) }
        func bytes(_ id: Int) -> [Int] { Array(model.tokenizer.tokenText(id).utf8).map(Int.init) }
        return ChatLogprobs(content: tokens.map { token in
            ChatTokenLogprob(token: name(token.tokenID), logprob: CompletionService.floor(token.logprob),
                             bytes: bytes(token.tokenID),
                             topLogprobs: token.alternatives.map {
                                 ChatTopLogprob(token: name($0.tokenID), logprob: CompletionService.floor($0.logprob),
                                                bytes: bytes($0.tokenID))
                             })
        })
    }
}
