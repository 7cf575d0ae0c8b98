/// Which rule found an answer in a model's response (docs/answers.md).
///
/// The rules are tried in this order and the first that applies wins:
/// 1. `the-answer-is`: the last "The answer is X" (case-insensitive, also
///    "The final answer is X"); X is the first number after it on that line,
///    or, when the line has no number, the line's text up to its first
///    sentence end.
/// 2. `a-colon`: the last "A: X" (with "A" a word of its own); X as above.
///    An "A:" followed by "Let's think step by step." is a prompt cue, not
///    an answer, and is skipped.
/// 3. `last-number`: the last number anywhere in the response.
/// `none` means no rule applied (the response holds no number and neither cue).
///
/// Three more rules belong to strategies that ask for an answer in a form
/// of their own (docs/elicitation.md); `extractAnswer(from:)` never returns them:
/// - `json`: the `answer` member of the JSON object a `format:json` response holds;
/// - `malformed-json`: a `format:json` response without a readable answer
///   object — no answer;
/// - `abstained`: the model said "I don't know" (the `confidence`
///   strategy) — no answer, on purpose.
public enum ExtractionRule: String, Codable, Sendable, CaseIterable {
    case theAnswerIs = "the-answer-is"
    case aColon = "a-colon"
    case lastNumber = "last-number"
    case none
    case json
    case malformedJSON = "malformed-json"
    case abstained

    /// The rules `extractAnswer(from:)` tries on a free-text response, in order, and `none`.
    public static let textRules: [ExtractionRule] = [.theAnswerIs, .aColon, .lastNumber, .none]

    /// Whether the rule records that the response holds no answer by
    /// design (`abstained`, `malformed-json`): exact match scores such an
    /// output 0 without comparing its generated text with the target.
    public var withholdsAnswer: Bool { self == .abstained || self == .malformedJSON }
}

/// An answer found in a response, with the rule that found it.
public struct ExtractedAnswer: Codable, Sendable, Equatable, Hashable {
    /// The answer, normalized: numbers without thousands separators or
    /// currency signs ("$1,234." → "1234"), text trimmed of whitespace and a
    /// trailing period. `nil` when `rule == .none`.
    public var answer: String?
    public var rule: ExtractionRule

    public init(answer: String?, rule: ExtractionRule) {
        self.answer = answer; self.rule = rule
    }
}

/// Extracts the final answer from a model's response.
///
/// Only the generated text should be passed, never the prompt, so that the
/// "A:" of the question does not count as an answer.
public func extractAnswer(from response: String) -> ExtractedAnswer {
    let text = Array(response)
    if let value = valueAfterLastCue(in: text, cue: theAnswerIsCue) {
        return ExtractedAnswer(answer: value, rule: .theAnswerIs)
    }
    if let value = valueAfterLastCue(in: text, cue: aColonCue) {
        return ExtractedAnswer(answer: value, rule: .aColon)
    }
    if let last = NumberScanner.numbers(in: text[...]).last {
        return ExtractedAnswer(answer: last.normalized, rule: .lastNumber)
    }
    return ExtractedAnswer(answer: nil, rule: .none)
}

/// The answer a stated value gives, read as the text after "The answer is"
/// is read: on `value`'s first line, its first number (normalized:
/// "$1,234." → "1234"), else the line's text up to its first sentence end,
/// trimmed and without a final period. nil when that leaves nothing.
/// `format:json` reads its `answer` member with it, so "85", "$85" and
/// "85 apples" give the answer "The answer is 85." would.
public func answerValue(of value: String) -> String? {
    valueOfLine(startingAt: 0, in: Array(value))
}

/// The answer a target states, found by the same rules as a response's
/// (`extractAnswer(from:)`), so that a response which repeats its target is
/// always right: "0868\n" → "0868", a worked solution ending "The answer is
/// 085." → "085". A target no rule applies to ("era\n") is its own answer,
/// without the whitespace around it.
public func extractAnswer(fromTarget target: String) -> String {
    extractAnswer(from: target).answer ?? target.trimmingAnyWhitespace()
}

// MARK: - Cues

/// A cue finds the end offsets of its occurrences in a text (where the value starts).
private typealias Cue = @Sendable ([Character]) -> [Int]

private let theAnswerIsCue: Cue = { text in
    var ends: [Int] = []
    for phrase in [PromptPhrase.theAnswerIs, "The final answer is"] {
        ends += occurrences(of: phrase, in: text, caseInsensitive: true, wordStart: true)
    }
    return ends.sorted()
}

private let aColonCue: Cue = { text in
    occurrences(of: "A:", in: text, caseInsensitive: false, wordStart: true).filter { end in
        let rest = String(text[end...]).drop(while: { $0 == " " || $0 == "\t" })
        // The trigger without its period, so "A: Let's think step by step:" is skipped too.
        return !rest.lowercased().hasPrefix(PromptPhrase.stepByStep.lowercased().dropLast())
    }
}

/// The value after the last occurrence of `cue` that yields a non-empty value.
private func valueAfterLastCue(in text: [Character], cue: Cue) -> String? {
    for end in cue(text).reversed() {
        if let value = valueOfLine(startingAt: end, in: text) { return value }
    }
    return nil
}

/// The value on the rest of the line from `start`: its first number, else its
/// text up to the first sentence end, trimmed.
private func valueOfLine(startingAt start: Int, in text: [Character]) -> String? {
    var lineEnd = start
    while lineEnd < text.count, !text[lineEnd].isNewline { lineEnd += 1 }
    var line = text[start..<lineEnd]
    // Drop a leading ":" ("The answer is: 18").
    while let first = line.first, first == ":" || first.isWhitespace { line = line.dropFirst() }
    if let number = NumberScanner.numbers(in: line).first { return number.normalized }
    // Up to the first sentence end (". ").
    var stop = line.startIndex
    while stop < line.endIndex, !(line[stop] == "." && stop + 1 < line.endIndex && line[stop + 1] == " ") { stop += 1 }
    var words = String(line[..<stop]).trimmingAnyWhitespace()
    while words.hasSuffix(".") { words.removeLast() }
    words = words.trimmingAnyWhitespace()
    return words.isEmpty ? nil : words
}

/// End offsets of every occurrence of `phrase` in `text` that starts a word.
private func occurrences(of phrase: String, in text: [Character], caseInsensitive: Bool,
                         wordStart: Bool) -> [Int] {
    let pattern = Array(caseInsensitive ? phrase.lowercased() : phrase)
    guard pattern.count <= text.count else { return [] }
    var ends: [Int] = []
    for start in 0...(text.count - pattern.count) {
        if wordStart, start > 0, text[start - 1].isLetter || text[start - 1].isNumber { continue }
        var matches = true
        for (offset, expected) in pattern.enumerated() {
            let actual = caseInsensitive ? Character(text[start + offset].lowercased()) : text[start + offset]
            if actual != expected { matches = false; break }
        }
        if matches { ends.append(start + pattern.count) }
    }
    return ends
}

private extension String {
    /// The string without leading and trailing whitespace of any kind.
    func trimmingAnyWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
