import TaskSuite

/// Why a `confidence` response has no usable confidence.
public enum ConfidenceIssue: String, Codable, Sendable {
    /// The response states no confidence in a form the grammar reads.
    case missing
    /// It states one that is not a whole number from 1 to 10 ("Confidence: 0", "12/10", "7.5/10").
    case outOfRange = "out-of-range"
}

/// What a `confidence` response says besides its answer: the confidence it
/// states, and whether it abstained.
///
/// **Grammar** (letters in any case): a statement is
/// - the word `confidence`, optionally followed by `(1-10)`, then optionally
///   `:`, `=`, `is` or `of`, then a number, optionally followed by `/10`
///   ("Confidence: 7", "confidence 7/10", "My confidence is 7");
/// - or, when the response has no such statement, a number followed by
///   `/10` ("7/10", "7 / 10").
///
/// Spaces may separate the parts. The last statement of a form counts. Its
/// number must be a whole number from 1 to 10; anything else ("0", "12",
/// "7.5", "7/5") makes the confidence nil with issue `out-of-range`, and a
/// response without a statement has nil with issue `missing` — both
/// counted, never guessed. The statement is cut from the response before
/// the answer is read, so its number is never taken for the answer.
///
/// **Abstention**: the rest of the response contains "I don't know" (any
/// case; a typographic apostrophe ’ counts too). The answer is then nil
/// with rule `abstained`, whatever else the response says.
public struct ConfidenceStatement: Codable, Sendable, Equatable {
    /// The cue the prompt asks the confidence line to start with; generation stops after its line.
    public static let keywordCue = "Confidence:"

    /// The stated confidence, 1–10; nil when none was stated or it was out of range.
    public var confidence: Int?
    /// Whether the model said "I don't know".
    public var abstained: Bool
    /// The text the confidence was read from, as written ("Confidence: 7",
    /// "7/10"); nil when the response states none.
    public var stated: String?
    /// Why `confidence` is nil (nil when it was read).
    public var issue: ConfidenceIssue?
    /// The response without the statement: what the answer is read from.
    public var answerText: String

    /// Reads `response` by the grammar above.
    public init(reading response: String) {
        let text = Array(response)
        let found = Self.keywordStatement(in: text) ?? Self.fractionStatement(in: text)
        if let found {
            stated = String(text[found.range])
            confidence = found.value.flatMap { (1...10).contains($0) ? $0 : nil }
            issue = confidence == nil ? .outOfRange : nil
            answerText = String(text[..<found.range.lowerBound]) + String(text[found.range.upperBound...])
        } else {
            stated = nil; confidence = nil; issue = .missing
            answerText = response
        }
        let folded = answerText.lowercased().replacingCharacters("\u{2019}", with: "'")
        abstained = folded.range(ofLiteral: "i don't know") != nil
    }

    /// The answer of the response: nil with rule `abstained` when it
    /// abstained, else what `extractAnswer(from:)` finds without the statement.
    public var answer: ExtractedAnswer {
        abstained ? ExtractedAnswer(answer: nil, rule: .abstained) : extractAnswer(from: answerText)
    }

    enum CodingKeys: String, CodingKey {
        case confidence, abstained, stated, issue, answerText = "answer_text"
    }

    // MARK: - Grammar

    /// A statement's characters and its number (nil when the number is not a whole number or not over 10).
    typealias Found = (range: Range<Int>, value: Int?)

    /// The last `confidence … N[/10]` statement.
    static func keywordStatement(in text: [Character]) -> Found? {
        let keyword = Array("confidence")
        var last: Found?
        var start = 0
        while start + keyword.count <= text.count {
            defer { start += 1 }
            guard startsWord(at: start, in: text), matches(keyword, at: start, in: text) else { continue }
            var i = start + keyword.count
            i = skipSpaces(from: i, in: text)
            if matches(Array("(1-10)"), at: i, in: text) { i = skipSpaces(from: i + 6, in: text) }
            if i < text.count, text[i] == ":" || text[i] == "=" { i = skipSpaces(from: i + 1, in: text) }
            else if matches(Array("is "), at: i, in: text) || matches(Array("of "), at: i, in: text) {
                i = skipSpaces(from: i + 3, in: text)
            }
            guard let number = readNumber(at: i, in: text) else { continue }
            var end = number.end
            var value = number.value
            if let denominator = readDenominator(at: end, in: text) {
                end = denominator.end
                if denominator.value != 10 { value = nil }
            }
            last = (start..<end, value)
        }
        return last
    }

    /// The last `N/10` (any denominator is read, so "7/5" is out of range rather than missed).
    static func fractionStatement(in text: [Character]) -> Found? {
        var last: Found?
        var i = 0
        while i < text.count {
            guard text[i].isASCIIDigit, i == 0 || !(text[i - 1].isLetter || text[i - 1].isNumber || text[i - 1] == "."),
                  let number = readNumber(at: i, in: text) else { i += 1; continue }
            if let denominator = readDenominator(at: number.end, in: text) {
                last = (i..<denominator.end, denominator.value == 10 ? number.value : nil)
                i = denominator.end
            } else {
                i = number.end
            }
        }
        return last
    }

    /// Digits at `i` (with a decimal part, which makes the value nil); nil when no digit is there.
    static func readNumber(at i: Int, in text: [Character]) -> (value: Int?, end: Int)? {
        var end = i
        while end < text.count, text[end].isASCIIDigit { end += 1 }
        guard end > i else { return nil }
        var value = end - i <= 6 ? Int(String(text[i..<end])) : nil
        if end + 1 < text.count, text[end] == ".", text[end + 1].isASCIIDigit {
            end += 1
            while end < text.count, text[end].isASCIIDigit { end += 1 }
            value = nil
        }
        return (value, end)
    }

    /// ` / D` after a number: the denominator and where it ends.
    static func readDenominator(at i: Int, in text: [Character]) -> (value: Int?, end: Int)? {
        let slash = skipSpaces(from: i, in: text)
        guard slash < text.count, text[slash] == "/" else { return nil }
        return readNumber(at: skipSpaces(from: slash + 1, in: text), in: text)
    }

    static func skipSpaces(from i: Int, in text: [Character]) -> Int {
        var i = i
        while i < text.count, text[i] == " " || text[i] == "\t" { i += 1 }
        return i
    }

    static func startsWord(at i: Int, in text: [Character]) -> Bool {
        i == 0 || !(text[i - 1].isLetter || text[i - 1].isNumber)
    }

    static func matches(_ pattern: [Character], at i: Int, in text: [Character]) -> Bool {
        guard i + pattern.count <= text.count else { return false }
        for (k, c) in pattern.enumerated() where Character(text[i + k].lowercased()) != c { return false }
        return true
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
