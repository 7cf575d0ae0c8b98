/// A decimal number reduced to sign, significant digits and exponent, so that
/// equal values compare equal whatever their spelling: "42", "042", "+42",
/// "42.0", "42.", "4.2e1" and "4.20E+1" are one value; "1,234" (thousands
/// commas in groups of three) is "1234"; "-0" is "0". Arbitrary precision:
/// digits are compared as written, never through a floating-point value, so
/// two 20-digit answers that differ in the last digit stay different.
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
