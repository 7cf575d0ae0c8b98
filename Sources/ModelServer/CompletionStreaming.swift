import Foundation
import InferenceCore
import OpenAIWire

extension CompletionService {
    /// Answers a `stream: true` completion request as Server-Sent Event
    /// payloads handed to `send` in order (vLLM's chunk shapes): for every
    /// choice (prompt by prompt, sample by sample) a chunk per piece of new
    /// text, each with its tokens' log-probabilities when `logprobs` was
    /// asked (alternatives from the logits each token was drawn from), then
    /// a chunk with its `finish_reason`; with `stream_options.include_usage`
    /// a last chunk without choices that carries `usage`. `send` returns
    /// false once the client has gone, which ends the generation (no further
    /// model call) and the stream. The caller validates first and writes
    /// `data: [DONE]` after.
    public func streamCompletion(_ request: CompletionRequest, id: String = "cmpl-\(UUID().uuidString.lowercased())",
                                 send: @escaping (String) -> Bool) throws {
        let prompts = try prompts(of: request)
        let created = Int(Date().timeIntervalSince1970)
        let n = request.n ?? 1
        let k = request.logprobs
        let asIDs = request.returnTokensAsTokenIDs ?? false
        let wantIDs = request.returnTokenIDs ?? false
        func name(_ id: Int) -> String { asIDs ? "token_id:\(id)" : model.tokenizer.tokenText(id) }
        func chunk(_ choice: CompletionChoice) -> Bool {
            send(Self.encoded(CompletionChunk(id: id, created: created, model: servedName, choices: [choice])))
        }
        var promptTokens = 0, completionTokens = 0
        for (promptIndex, prompt) in prompts.enumerated() {
            promptTokens += prompt.ids.count
            for sample in 0..<n {
                let index = promptIndex * n + sample
                var offset = 0
                var open = true
                let sampled = try model.sampleChoice(promptIDs: prompt.ids, parameters: sampling(request, alternatives: k ?? 0),
                                                     sample: sample, counter: counter) { text, tokens in
                    guard !text.isEmpty || !tokens.isEmpty else { return true }
                    var logprobs: CompletionLogprobs?
                    if let k {
                        var entry = CompletionLogprobs(tokens: [], tokenLogprobs: [], topLogprobs: [], textOffset: [])
                        for token in tokens {
                            let tokenName = name(token.tokenID)
                            entry.tokens.append(tokenName)
                            entry.tokenLogprobs.append(Self.floor(token.logprob))
                            entry.textOffset.append(offset)
                            offset += tokenName.unicodeScalars.count
                            var top: [String: Double] = [:]
                            for alternative in token.alternatives where top[name(alternative.tokenID)] == nil {
                                top[name(alternative.tokenID)] = Self.floor(alternative.logprob)
                            }
                            if k > 0 && top[tokenName] == nil { top[tokenName] = Self.floor(token.logprob) }
                            entry.topLogprobs.append(top)
                        }
                        logprobs = entry
                    }
                    open = chunk(CompletionChoice(index: index, text: text, logprobs: logprobs, finishReason: nil,
                                                  tokenIDs: wantIDs ? tokens.map(\.tokenID) : nil))
                    return open
                }
                guard open else { return }
                completionTokens += sampled.tokens.count
                guard chunk(CompletionChoice(index: index, text: "", logprobs: nil, finishReason: sampled.finishReason,
                                             stopReason: sampled.stopReason,
                                             promptTokenIDs: wantIDs ? prompt.ids : nil)) else { return }
            }
        }
        if request.streamOptions?.includeUsage == true {
            _ = send(Self.encoded(CompletionChunk(id: id, created: created, model: servedName, choices: [],
                                                  usage: CompletionUsage(promptTokens: promptTokens,
                                                                         completionTokens: completionTokens))))
        }
    }

    /// One JSON object on one line, as the event stream carries it.
    static func encoded(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
