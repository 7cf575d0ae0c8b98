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
    /// the integer part, in groups of three); nil for anything else.
    public init?(_ text: String) {
        guard let parsed = CanonicalNumber.parse(Array(text.utf8)) else { return nil }
        self = parsed
    }

    private init(negative: Bool, digits: String, exponent: Int) {
        self.negative = negative; self.digits = digits; self.exponent = exponent
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func parse(_ s: [UInt8]) -> CanonicalNumber? {
        var i = 0
        var negative = false
        if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            negative = s[i] == UInt8(ascii: "-"); i += 1
        }
        // Integer part, with optional comma groups of three.
        var integer: [UInt8] = []
        var groupLength = 0, sawComma = false
        while i < s.count, isDigit(s[i]) || s[i] == UInt8(ascii: ",") {
            if s[i] == UInt8(ascii: ",") {
                // The first group holds 1…3 digits, every later one exactly 3.
                guard sawComma ? groupLength == 3 : (1...3).contains(groupLength) else { return nil }
                sawComma = true; groupLength = 0
            } else {
                integer.append(s[i]); groupLength += 1
            }
            i += 1
        }
        if sawComma && groupLength != 3 { return nil }
        var fraction: [UInt8] = []
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            while i < s.count, isDigit(s[i]) { fraction.append(s[i]); i += 1 }
        }
        guard !(integer.isEmpty && fraction.isEmpty) else { return nil }
        var exponent10 = 0
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            var sign = 1
            if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                sign = s[i] == UInt8(ascii: "-") ? -1 : 1; i += 1
            }
            let start = i
            while i < s.count, isDigit(s[i]) { exponent10 = exponent10 * 10 + Int(s[i] - 0x30); i += 1 }
            guard i > start, i - start < 10 else { return nil }
            exponent10 *= sign
        }
        guard i == s.count else { return nil }
        // value = 0.(integer fraction) × 10^(integer.count + exponent10), zeros stripped.
        let all = integer + fraction
        guard let first = all.firstIndex(where: { $0 != UInt8(ascii: "0") }) else {
            return CanonicalNumber(negative: false, digits: "", exponent: 0)
        }
        let last = all.lastIndex(where: { $0 != UInt8(ascii: "0") })!
        return CanonicalNumber(negative: negative, digits: String(decoding: all[first...last], as: UTF8.self),
                               exponent: integer.count - first + exponent10)
    }
}
