import Elicitation
import Foundation
import InferenceCore
import OpenAIWire

/// A chat model behind an OpenAI-compatible server's `/v1/chat/completions`
/// (vLLM applies the checkpoint's chat template server-side), as the
/// strategies see any model. Each strategy's prompt is sent as its turns
/// (`StrategyPrompt.turns`: a persona or instruction as the system message,
/// exemplars as user/assistant pairs, the question last); a partial answer
/// to continue (a tree-of-thoughts chain, the line after "The answer is") is
/// sent as a final assistant message with vLLM's `continue_final_message`.
/// Each generated token's log-probability (and `topK` alternatives) is asked
/// for and kept; token ids come from `return_token_ids` (vLLM ≥ 0.10.2) or
/// are -1.
///
/// A chat endpoint cannot score a given continuation, so
/// `scoreContinuations` throws: teacher-forced targets and multiple-choice
/// options need the completions endpoint (`RemoteTextModel`). Calls block
/// their thread, with the client's timeout, retries and concurrency bound.
public final class RemoteChatModel: TextModel, Sendable {
    public let name: String
    public let client: OpenAIClient
    /// The name the server knows the model by.
    public let modelName: String
    /// Alternatives asked for per generated token (`top_logprobs`).
    public let topK: Int
    /// A local copy of the served tokenizer, for `encode`/`decode` only.
    public let tokenizer: (any TextTokenizer)?

    public init(name: String? = nil, client: OpenAIClient, modelName: String, topK: Int = 1,
                tokenizer: (any TextTokenizer)? = nil) {
        self.name = name ?? modelName; self.client = client; self.modelName = modelName
        self.topK = max(0, topK); self.tokenizer = tokenizer
    }

    public var isChatModel: Bool { true }

    public func encode(_ text: String) throws -> [Int] { try tokenizer?.encode(text) ?? [] }
    public func decode(_ ids: [Int]) -> String { tokenizer?.decode(ids) ?? "" }

    /// A bare text prompt is sent as one user message.
    public func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration {
        try generate(StrategyPrompt(text: prompt), continuing: "", settings: settings)
    }

    public func generate(_ prompt: StrategyPrompt, continuing response: String, settings: GenerationSettings) throws -> TextGeneration {
        try generateFinishingCueLine(continuing: response, settings: settings) { answered, settings, stops, maxTokens in
            try pass(prompt.turns, answered: answered, settings: settings, stops: stops, maxTokens: maxTokens)
        }
    }

    /// The request one generation sends.
    public func request(_ turns: [ChatTurn], answered: String, settings: GenerationSettings, stops: [String],
                        maxTokens: Int) -> ChatCompletionRequest {
        var messages = turns.map { ChatMessage(role: $0.role.rawValue, content: $0.content) }
        if !answered.isEmpty { messages.append(ChatMessage(role: "assistant", content: answered)) }
        var request = ChatCompletionRequest(
            model: modelName, messages: messages, maxTokens: maxTokens, temperature: settings.temperature,
            topP: settings.topP, n: 1, logprobs: true, topLogprobs: topK,
            seed: settings.temperature > 0 ? Int(truncatingIfNeeded: settings.seed) : nil,
            stop: stops.filter { !$0.isEmpty }.isEmpty ? nil : stops.filter { !$0.isEmpty })
        request.topK = settings.topK
        request.returnTokenIDs = true
        if !answered.isEmpty {
            request.continueFinalMessage = true
            request.addGenerationPrompt = false
        }
        return request
    }

    private func pass(_ turns: [ChatTurn], answered: String, settings: GenerationSettings, stops: [String],
                      maxTokens: Int) throws -> TextGeneration {
        let answer = try client.chatBlocking(request(turns, answered: answered, settings: settings, stops: stops, maxTokens: maxTokens))
        guard let choice = answer.choices.min(by: { $0.index < $1.index }) else {
            throw RemoteError.malformedResponse(url: client.url("chat/completions"), detail: "no choices")
        }
        return Self.generation(from: choice)
    }

    /// Maps a chat choice to the strategies' `TextGeneration`, as
    /// `RemoteTextModel` maps a completion: "length" → `.length`; "stop" with
    /// a stop string → `.stop`; "stop" without one → the end-of-text token.
    static func generation(from choice: ChatChoice) -> TextGeneration {
        let reason: TextFinishReason
        switch choice.finishReason {
        case "stop": reason = choice.stopReason == nil ? .endOfText : .stop
        default: reason = .length
        }
        let entries = choice.logprobs?.content ?? []
        let ids = choice.tokenIDs.flatMap { $0.count == entries.count ? $0 : nil }
        let tokens = entries.enumerated().map { index, entry -> ScoredToken in
            let id = ids?[index] ?? (entry.token.hasPrefix("token_id:") ? Int(entry.token.dropFirst(9)) ?? -1 : -1)
            let rank = entry.topLogprobs.firstIndex { $0.token == entry.token }.map { $0 + 1 }
            return ScoredToken(tokenID: id, text: entry.token, logprob: entry.logprob,
                               greedy: entry.topLogprobs.isEmpty ? nil : rank == 1, rank: rank, entropy: nil)
        }
        return TextGeneration(text: choice.message.content ?? "", tokens: tokens, finishReason: reason,
                              stopString: reason == .stop ? choice.stopReason : nil)
    }

    /// Always throws: a chat endpoint cannot score a given continuation.
    public func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]] {
        throw RemoteError.unsupported(Self.scoringUnsupported)
    }

    /// Why a chat model cannot score, for errors that must say it.
    public static let scoringUnsupported = "A chat endpoint cannot score a given continuation (teacher-forced targets, multiple-choice options); use the completions endpoint (--api completions) for that."
}
