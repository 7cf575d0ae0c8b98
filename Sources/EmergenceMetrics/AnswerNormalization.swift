/// The normalization exact match compares answers under (SPEC §5).
///
/// Text is trimmed and every run of whitespace collapsed to one space; case
/// and punctuation are kept. When both sides are numbers they are compared as
/// numbers, exactly (no floating point): "42", " 42.0 ", "042", "+42",
/// "4.2e1" and "42." are all equal; "1,234" (comma thousands separators in
/// groups of three) equals "1234"; "-0" equals "0".
public enum AnswerNormalization {
    /// Trimmed, whitespace-collapsed text.
    public static func normalize(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether `answer` matches `target` under the rules above.
    public static func matches(_ answer: String, _ target: String) -> Bool {
        let a = normalize(answer), t = normalize(target)
        if a == t { return true }
        if let x = CanonicalNumber(a), let y = CanonicalNumber(t) { return x == y }
        return false
    }
}

/// A decimal number reduced to sign, significant digits and exponent, so that
/// equal values compare equal whatever their spelling. Arbitrary precision.
public struct CanonicalNumber: Hashable, Sendable {
    /// True for negative non-zero values.
    public var negative: Bool
    /// Significant digits without leading or trailing zeros ("" for zero).
    public var digits: String
    /// The value is 0.digits × 10^exponent (0 for zero).
    public var exponent: Int

    /// Parses `[+-]digits[.digits][e[+-]digits]` (thousands commas allowed in
    /// the integer part); nil for anything else.
    public init?(_ text: String) {
        var chars = Substring(text)
        var negative = false
        if let first = chars.first, first == "+" || first == "-" {
            negative = first == "-"; chars = chars.dropFirst()
        }
        var mantissa = chars, exponentPart: Substring? = nil
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = chars[..<e]; exponentPart = chars[chars.index(after: e)...]
        }
        var integerPart = mantissa, fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]; fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        guard !(integerPart.isEmpty && fractionPart.isEmpty),
              let integerDigits = CanonicalNumber.integerDigits(integerPart),
              fractionPart.allSatisfy(\.isASCIIDigit) else { return nil }
        var exponent10 = 0
        if let exponentPart {
            var body = exponentPart
            var sign = 1
            if let f = body.first, f == "+" || f == "-" { sign = f == "-" ? -1 : 1; body = body.dropFirst() }
            guard !body.isEmpty, body.count < 10, body.allSatisfy(\.isASCIIDigit), let e = Int(body) else { return nil }
            exponent10 = sign * e
        }
        // value = 0.(integer fraction) × 10^(integer.count + exponent10), then strip zeros.
        let all = integerDigits + String(fractionPart)
        let leading = all.prefix(while: { $0 == "0" }).count
        let significant = all.dropFirst(leading)
        let trimmed = significant.reversed().drop(while: { $0 == "0" }).reversed()
        if trimmed.isEmpty {
            self.negative = false; self.digits = ""; self.exponent = 0
        } else {
            self.negative = negative
            self.digits = String(trimmed)
            self.exponent = integerDigits.count - leading + exponent10
        }
    }

    /// The digits of an integer part, with optional comma thousands
    /// separators ("1,234,567"); nil when malformed.
    private static func integerDigits(_ part: Substring) -> String? {
        if part.allSatisfy(\.isASCIIDigit) { return String(part) }
        let groups = part.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, let head = groups.first, (1...3).contains(head.count),
              groups.dropFirst().allSatisfy({ $0.count == 3 }),
              groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        return groups.joined()
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
