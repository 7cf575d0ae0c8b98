/// When an answer counts as correct: the one rule that `eval`'s accuracy,
/// `metrics`' exact match, the majority vote of self-consistency, the
/// tree-of-thoughts verifiers and the reports all apply (docs/answers.md).
///
/// `normalized`, the rule of every task except BIG-bench's:
/// - **Whitespace** carries no content: leading and trailing whitespace is
///   removed and every inner run of it becomes one space, so " New  York\n"
///   is "New York" (a model's answer usually starts with the space after
///   "A:", and line breaks depend on where generation stopped).
/// - **Case** is kept: "Era" is not "era". Exact match asks for the answer as
///   written, as BIG-bench's `exact_str_match` and the exact-match scores of
///   the emergence literature do; a case-blind score is a different metric.
/// - **Numbers** compare by value when both sides read as numbers
///   (`CanonicalNumber`): "1,000", "1000", "1000.0", "+1000", "01000" and
///   "1e3" are one answer. Arithmetic targets are zero-padded ("0868") while
///   models write "868", and extraction already drops thousands separators.
/// - **Punctuation** is kept, a trailing period included: "Paris." is not
///   "Paris" and "U.S." is not "U.S". Answer extraction already removes a
///   sentence-ending period from the answers it finds; what remains may be
///   part of the answer, so the comparison does not guess. (A number's
///   trailing point, "42.", is number spelling and equals "42".)
/// - Text otherwise compares as Swift strings do: Unicode canonical
///   equivalence ("é" as one code point or as "e" + accent is one letter).
///
/// `exactString` is BIG-bench's `exact_str_match`, kept for answers made by
/// BIG-bench's own post-processing (extraction rule `bigbench`, see
/// docs/bigbench.md): equal code point for code point to a target, with no
/// trimming, case folding or number reading, so scores stay comparable with
/// published BIG-bench numbers.
public enum AnswerRule: Sendable, Equatable {
    case normalized
    case exactString

    /// Whether `answer` equals `target` under this rule.
    public func matches(_ answer: String, _ target: String) -> Bool {
        key(answer) == key(target)
    }

    /// Whether `answer` equals any of `targets` (the acceptable answers of an example).
    public func matchesAny(_ answer: String, _ targets: [String]) -> Bool {
        let answerKey = key(answer)
        return targets.contains { key($0) == answerKey }
    }

    /// The identity of `answer` under this rule: two answers match exactly
    /// when their keys are equal, so votes are counted by key.
    public func key(_ answer: String) -> AnswerKey {
        switch self {
        case .exactString:
            return AnswerKey(.codePoints(Array(answer.unicodeScalars)))
        case .normalized:
            let text = Self.normalizedWhitespace(answer)
            if let number = CanonicalNumber(text) { return AnswerKey(.number(number)) }
            return AnswerKey(.text(text))
        }
    }

    /// `text` trimmed, with every inner run of whitespace replaced by one space.
    public static func normalizedWhitespace(_ text: String) -> String {
        // Fast path: ASCII text that needs no change (the common case).
        var ascii = true, clean = true
        var previousSpace = true // a leading space is not clean
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            let space = byte == 0x20 || (0x09...0x0D).contains(byte)
            if space && (byte != 0x20 || previousSpace) { clean = false }
            previousSpace = space
        }
        if ascii && clean && !previousSpace { return text }
        if ascii && text.utf8.isEmpty { return text }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// An answer as `AnswerRule` compares it: a number by value, or text after
/// the rule's normalization. Hashable, so votes can be tallied by key.
public struct AnswerKey: Hashable, Sendable {
    enum Form: Hashable, Sendable {
        case number(CanonicalNumber)
        case text(String)
        case codePoints([Unicode.Scalar])
    }

    let form: Form

    init(_ form: Form) { self.form = form }
}
