import Foundation
import OpenAIWire

/// One alternative at a position, as the server listed it in `top_logprobs`.
public struct RemoteAlternative: Sendable, Equatable {
    /// The token's text ("" when the server wrote only its id).
    public var text: String
    /// Known when the server writes keys as "token_id:N".
    public var tokenID: Int?
    public var logprob: Double
}

/// One token of a sequence as a remote server judged it: the remote
/// counterpart of InferenceCore's `TokenScore`. A server reports less than
/// the local core: no entropy, and rank and greediness only from the
/// `logprobs: k` alternatives it lists.
public struct RemoteToken: Sendable, Equatable {
    /// Index in the sequence the server returned (0 = first prompt token).
    public var position: Int
    /// The token id, when the server reports ids (`return_token_ids`, vLLM ≥ 0.10.2,
    /// or "token_id:N" strings); nil otherwise.
    public var tokenID: Int?
    /// The token's text ("" when the server wrote only its id).
    public var text: String
    /// log p(token | tokens before it), natural log; nil for the first prompt token.
    public var logprob: Double?
    /// The listed alternatives, most likely first.
    public var alternatives: [RemoteAlternative]
    /// Offset of the token's text in the choice text, in Unicode code points.
    public var textOffset: Int

    /// 1 + the number of listed alternatives strictly more likely than the
    /// token, when the token itself is listed or the list is shorter than
    /// asked (so its rank is known); nil when the rank lies beyond the list.
    public func rank(requested k: Int) -> Int? {
        guard let logprob, k > 0, !alternatives.isEmpty else { return nil }
        let above = alternatives.filter { $0.logprob > logprob + Self.tieTolerance }.count
        if above < k { return above + 1 }
        return nil
    }

    /// Whether the token was the most likely one (nil when unknown).
    public func isGreedy(requested k: Int) -> Bool? {
        guard logprob != nil, k > 0, !alternatives.isEmpty else { return nil }
        return rank(requested: k) == 1
    }

    /// Log-probs printed by a server as decimals may differ in the last digits.
    static let tieTolerance = 1e-9
}

extension CompletionChoice {
    /// The choice's per-token records (echoed prompt tokens first when the
    /// request asked for `echo`). Throws when the answer carries no log-probs.
    public func remoteTokens(url: String) throws -> [RemoteToken] {
        guard let logprobs else {
            throw RemoteError.malformedResponse(url: url, detail: "choice \(index) has no logprobs (ask with logprobs ≥ 0)")
        }
        let count = logprobs.tokens.count
        guard logprobs.tokenLogprobs.count == count, logprobs.textOffset.count == count,
              logprobs.topLogprobs.isEmpty || logprobs.topLogprobs.count == count else {
            throw RemoteError.malformedResponse(url: url, detail: "choice \(index) has logprob arrays of different lengths")
        }
        // Ids: vLLM's `prompt_token_ids` + `token_ids` when present and consistent.
        var ids: [Int]? = nil
        let combined = (promptTokenIDs ?? []) + (tokenIDs ?? [])
        if combined.count == count { ids = combined } else if tokenIDs?.count == count { ids = tokenIDs }
        return (0..<count).map { i in
            let raw = logprobs.tokens[i]
            let parsed = Self.tokenIDString(raw)
            let alternatives = (logprobs.topLogprobs.isEmpty ? nil : logprobs.topLogprobs[i]) ?? [:]
            return RemoteToken(
                position: i, tokenID: ids?[i] ?? parsed, text: parsed == nil ? raw : "",
                logprob: logprobs.tokenLogprobs[i],
                alternatives: alternatives
                    .map { RemoteAlternative(text: Self.tokenIDString($0.key) == nil ? $0.key : "",
                                             tokenID: Self.tokenIDString($0.key), logprob: $0.value) }
                    .sorted { $0.logprob > $1.logprob || ($0.logprob == $1.logprob && $0.text < $1.text) },
                textOffset: logprobs.textOffset[i])
        }
    }

    /// The id in a "token_id:N" string, else nil.
    static func tokenIDString(_ s: String) -> Int? {
        guard s.hasPrefix("token_id:") else { return nil }
        return Int(s.dropFirst("token_id:".count))
    }
}
