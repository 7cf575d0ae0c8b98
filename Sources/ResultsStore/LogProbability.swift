import EmergeSupport

/// The one check every log-probability entering the store passes: a token's
/// `logprob`, a top-k alternative's, a choice's `loglikelihood`, a target's
/// `target_loglikelihood`, lm-evaluation-harness samples' log-likelihoods.
///
/// A log-probability is the natural log of a probability, so it is at most
/// 0 (−∞ for an impossible token). Up to `tolerance` above 0 is accepted as
/// rounding: a near-certain token's log-softmax can come out at +1e-7 in
/// float32. Anything larger means the field holds something else — a
/// probability, a negated log-probability, a logit — and the whole file is
/// refused, since every probability-based metric would be wrong.
enum LogProbability {
    static let tolerance = 1e-6

    /// What a log-probability field must hold, for error messages.
    static let expectation = "a log-probability (≤ 0; up to 1e-6 above 0 is taken as rounding)"

    /// Whether `value` can be a log-probability (NaN is left to the metrics,
    /// which drop non-finite values).
    static func isAcceptable(_ value: Double) -> Bool { !(value > tolerance) }
}

extension JSONScanner {
    /// A number that must be a log-probability; anything above 0 (beyond
    /// rounding) is an error at the number's own line and column.
    mutating func logProbability(_ what: @autoclosure () -> String) throws -> Double {
        skipWhitespace()
        let start = pos
        let value = try number(what())
        guard LogProbability.isAcceptable(value) else {
            let written = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
            throw error("expected \(what()) to be \(LogProbability.expectation), found \(written)", at: start)
        }
        return value
    }
}

extension OutputRecord {
    /// The first log-probability of the record above 0 (beyond rounding),
    /// described with where it sits; nil when there is none. The store's
    /// last check for records that come from code rather than a file.
    var positiveLogProbability: String? {
        func check(_ value: Double, _ place: @autoclosure () -> String) -> String? {
            LogProbability.isAcceptable(value) ? nil : "\(place()) is \(value), but must be \(LogProbability.expectation)"
        }
        for (field, tokens) in [("target_tokens", targetTokens), ("generated_tokens", generatedTokens)] {
            for (i, token) in (tokens ?? []).enumerated() {
                if let problem = check(token.logprob, "the logprob of \(field)[\(i)]") { return problem }
                for (k, alternative) in (token.alternatives ?? []).enumerated() {
                    if let problem = check(alternative.logprob, "the logprob of \(field)[\(i)].top_k[\(k)]") { return problem }
                }
            }
        }
        for (i, choice) in (choices ?? []).enumerated() {
            if let problem = check(choice.loglikelihood, "the loglikelihood of choices[\(i)]") { return problem }
        }
        if let value = targetLoglikelihood, let problem = check(value, "target_loglikelihood") { return problem }
        return nil
    }
}
