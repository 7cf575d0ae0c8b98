import Foundation

/// Turns a model's generated text into the answer BIG-bench scores (see
/// `docs/bigbench.md`).
///
/// The rules, in order:
/// 1. Stop string: when the task has a `stop_string` and it occurs in the
///    text at any position but the very first, the text is cut just *after*
///    its first occurrence (the stop string stays part of the answer). An
///    occurrence at position 0 cuts nothing — BIG-bench's own rule.
/// 2. Regular expression: the answer is the first match of `output_regex` in
///    the text (if the pattern has a group, what the group matched), or the
///    empty string when nothing matches. A task with neither `output_regex`
///    nor `stop_string` uses BIG-bench's default, `[^\.\?\!\;\n]+`: the text
///    up to its first `.`, `?`, `!`, `;` or newline, skipping any at the start.
///    A task with only a stop string applies no pattern.
/// 3. `exact_str_match` then counts the answer when it equals one of the
///    acceptable targets exactly — no trimming, no case folding. (eval stores
///    the answer with extraction rule `bigbench`; the metrics' exact match
///    scores such answers this way, see EmergenceMetrics' `RecordScoring`.)
///
/// Positions count Unicode code points, as Python's do. Patterns are run
/// by ICU (`NSRegularExpression`), whose syntax agrees with Python's `re`
/// on everything BIG-bench tasks use (classes, escapes, groups, quantifiers).
public struct BigBenchPostProcessor: Sendable {
    /// BIG-bench's `_DEFAULT_REGEX`.
    public static let defaultPattern = #"[^\.\?\!\;\n]+"#

    public let stopString: String?
    /// The pattern applied (the task's, the default, or none).
    public let pattern: String?
    private let regex: NSRegularExpression?

    /// The post-processing of a task with `format`; throws `BigBenchRegexError`
    /// when `output_regex` does not compile or has more than one group.
    public init(format: BigBenchFormat) throws {
        stopString = format.stopString.flatMap { $0.isEmpty ? nil : $0 }
        // As BIG-bench tests them: an empty pattern or stop string applies
        // nothing, yet being given at all still rules out the default pattern.
        if let given = format.outputRegex {
            pattern = given.isEmpty ? nil : given
        } else {
            pattern = format.stopString == nil ? Self.defaultPattern : nil
        }
        guard let pattern else { regex = nil; return }
        let compiled: NSRegularExpression
        do { compiled = try NSRegularExpression(pattern: pattern) } catch {
            throw BigBenchRegexError(message: "is not a regular expression emerge can run: \(pattern)")
        }
        // Python's findall returns a tuple for several groups, which BIG-bench refuses.
        guard compiled.numberOfCaptureGroups <= 1 else {
            throw BigBenchRegexError(message: "has \(compiled.numberOfCaptureGroups) groups; BIG-bench allows at most one (use (?:…) for the others)")
        }
        regex = compiled
    }

    /// The answer BIG-bench would score for generated `text` (rules 1 and 2).
    public func answer(from text: String) -> String {
        var text = text
        if let stopString {
            let scalars = Array(text.unicodeScalars), stop = Array(stopString.unicodeScalars)
            if let at = firstOccurrence(of: stop, in: scalars), at > 0 {
                text = String(String.UnicodeScalarView(scalars[..<(at + stop.count)]))
            }
        }
        guard let regex else { return text }
        let whole = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, range: whole) else { return "" }
        let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
        guard range.location != NSNotFound, let found = Range(range, in: text) else { return "" }
        return String(text[found])
    }

    /// The stop strings generation can end at without changing `answer(from:)`:
    /// the task's stop string; with the default pattern, its delimiters (the
    /// answer ends at the first one); with a task pattern, none.
    ///
    /// A generation cut at position 0 (stop string or delimiter first) must be
    /// redone without stop strings: there rule 1 cuts nothing and the default
    /// pattern skips leading delimiters.
    public var generationStops: [String] {
        if let stopString { return [stopString] }
        if pattern == Self.defaultPattern { return [".", "?", "!", ";", "\n"] }
        return []
    }

    private func firstOccurrence(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }
}

/// An `output_regex` that cannot be used.
public struct BigBenchRegexError: Error, Sendable, Equatable {
    public var message: String
}
