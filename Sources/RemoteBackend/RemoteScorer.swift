import Foundation
import OpenAIWire

/// Scores texts with a remote model through `/v1/completions` with
/// `echo: true, max_tokens: 0, logprobs: k`: the server returns the prompt's
/// own tokens with log p(token | tokens before it). The first token has no
/// log-prob (nothing precedes it) and is dropped from `score` results, as the
/// local core's `score` starts at position 1.
public struct RemoteScorer: Sendable {
    public let client: OpenAIClient
    /// The model name the server knows (`--served-model-name` in vLLM).
    public let model: String
    /// Alternatives asked per token (≥ 1 gives rank-1/greedy information).
    public var topK: Int
    /// Ask for `return_token_ids` (vLLM ≥ 0.10.2; ignored by servers without it).
    public var requestTokenIDs: Bool

    public init(client: OpenAIClient, model: String, topK: Int = 1, requestTokenIDs: Bool = true) {
        self.client = client; self.model = model; self.topK = max(0, topK); self.requestTokenIDs = requestTokenIDs
    }

    /// The scoring request for one prompt.
    public func request(_ prompt: CompletionPrompt) -> CompletionRequest {
        CompletionRequest(model: model, prompt: prompt, maxTokens: 0, temperature: 0, logprobs: topK, echo: true,
                          returnTokenIDs: requestTokenIDs ? true : nil)
    }

    /// Every token of `text` after the first, scored as the server tokenizes it.
    public func score(text: String) async throws -> [RemoteToken] {
        try await scoreAll([.text(text)])[0]
    }

    /// Every token of `ids` after the first.
    public func score(tokenIDs: [Int]) async throws -> [RemoteToken] {
        try await scoreAll([.tokenIDs(tokenIDs)])[0]
    }

    /// Many prompts, `client.settings.concurrency` requests in flight; each
    /// result holds the tokens after the first, in order.
    public func scoreAll(_ prompts: [PromptItem]) async throws -> [[RemoteToken]] {
        let requests = prompts.map { item -> CompletionRequest in
            switch item {
            case .text(let s): return request(.text(s))
            case .tokenIDs(let ids): return request(.tokenIDs(ids))
            }
        }
        let answers = try await client.completeAll(requests)
        return try answers.map { try Array(echoedTokens($0).dropFirst()) }
    }

    /// The continuation's tokens of each (context, continuation) pair, scored
    /// in one request over the concatenated text. Tokens are assigned by
    /// their text offset: a token starting at or after the end of the context
    /// belongs to the continuation (lm-evaluation-harness tokenizes the two
    /// apart instead; with byte-level BPE and a continuation that starts with
    /// a space or a digit the two agree).
    public func scoreContinuations(_ pairs: [(context: String, continuation: String)]) async throws -> [[RemoteToken]] {
        let answers = try await client.completeAll(pairs.map { request(.text($0.context + $0.continuation)) })
        return try zip(pairs, answers).map { pair, answer in
            try Self.continuationTokens(of: try echoedTokens(answer), contextLength: pair.context.unicodeScalars.count,
                                        url: completionsURL)
        }
    }

    /// Splits an echoed sequence at a context boundary given in code points.
    static func continuationTokens(of tokens: [RemoteToken], contextLength: Int, url: String) throws -> [RemoteToken] {
        if tokens.contains(where: { !$0.text.isEmpty }) == false && !tokens.isEmpty {
            throw RemoteError.unsupported("The server at \(url) writes tokens as ids only (\"token_id:N\"), so a continuation cannot be located by its text; start it without --return-tokens-as-token-ids.")
        }
        let continuation = tokens.filter { $0.textOffset >= contextLength }
        if let first = continuation.first, first.logprob == nil {
            throw RemoteError.unsupported("A continuation needs a non-empty context to be scored.")
        }
        return continuation
    }

    private var completionsURL: String { client.baseURL.appendingPathComponent("completions").absoluteString }

    private func echoedTokens(_ answer: CompletionResponse) throws -> [RemoteToken] {
        guard let choice = answer.choices.min(by: { $0.index < $1.index }) else {
            throw RemoteError.malformedResponse(url: completionsURL, detail: "no choices")
        }
        return try choice.remoteTokens(url: completionsURL)
    }
}
