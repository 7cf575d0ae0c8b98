import Foundation

/// Number-to-text rules shared by every writer, so one value prints the same
/// everywhere and the output never depends on the locale.
public enum NumberText {
    /// Full precision, round-trippable (`Double(text) == value`): Swift's
    /// shortest representation. Non-finite values become `nan`, `inf`, `-inf`
    /// (pandas reads all three as floats); nil becomes "".
    public static func full(_ value: Double?) -> String {
        guard let value else { return "" }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    /// `digits` significant digits for people: plain notation between 1e-3
    /// and 1e5, otherwise `1.23e21`. Trailing zeros are kept (fixed width per
    /// digits). "–" for nil, "∞"/"−∞"/"NaN" for non-finite values.
    public static func short(_ value: Double?, digits: Int = 3) -> String {
        guard let value else { return "–" }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e5 {
            var exponent = Int(floor(log10(magnitude)))
            // 0.099999 rounds up to 0.100: count digits from the rounded value.
            if let rounded = Double(String(format: "%.\(max(0, digits - 1 - exponent))f", magnitude)),
               rounded >= pow(10, Double(exponent + 1)) { exponent += 1 }
            let decimals = max(0, digits - 1 - exponent)
            var text = String(format: "%.\(decimals)f", value)
            if text == "-0" || text.hasPrefix("-0.") && Double(text) == 0 { text = String(text.dropFirst()) }
            return text
        }
        return scientific(value, digits: digits)
    }

    /// `1.23e21` (mantissa with `digits` significant digits, exponent without
    /// a plus sign or leading zeros).
    public static func scientific(_ value: Double, digits: Int = 3) -> String {
        let raw = String(format: "%.\(max(0, digits - 1))e", value)   // e.g. 1.23e+21
        guard let e = raw.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return raw }
        let mantissa = raw[..<e]
        let exponent = Int(raw[raw.index(after: e)...]) ?? 0
        return "\(mantissa)e\(exponent)"
    }

    /// A value with its interval: `0.512 [0.48, 0.55]`, or the value alone.
    public static func withInterval(_ value: Double?, _ low: Double?, _ high: Double?, digits: Int = 3) -> String {
        guard value != nil else { return "–" }
        guard let low, let high else { return short(value, digits: digits) }
        return "\(short(value, digits: digits)) [\(short(low, digits: digits)), \(short(high, digits: digits))]"
    }

    /// A power of ten written with a Unicode superscript exponent: 10²¹, 10⁻³.
    public static func powerOfTen(_ exponent: Int) -> String {
        let superscripts: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
            "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
    }
}
