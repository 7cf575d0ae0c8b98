/// Approximate text width for a generic sans-serif font, so labels can be
/// placed without overlaps before any renderer sees them.
///
/// The advance widths are DejaVu Sans's (in em, rounded up); DejaVu is the
/// widest of the fonts in our font-family list (DejaVu Sans, Arial,
/// Helvetica), so a label measured here fits in any of them. Error: within
/// about 5% for Latin text and digits; unknown characters count 0.7 em.
public enum TextMetrics {
    public static let fontFamily = "DejaVu Sans, Arial, Helvetica, sans-serif"

    /// Width in pixels of `text` at `fontSize` pixels (bold adds 8%).
    public static func width(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for scalar in text.unicodeScalars { em += advance(scalar) }
        return em * fontSize * (bold ? 1.08 : 1.0)
    }

    /// Line height in pixels used for stacking lines of text.
    public static func lineHeight(fontSize: Double) -> Double { (fontSize * 1.25).rounded(.up) }

    static func advance(_ c: Unicode.Scalar) -> Double {
        switch c {
        case "0"..."9": return 0.64
        case " ": return 0.32
        case "i", "j", "l", "'", "|", "!", ".", ",", ":", ";": return 0.28
        case "f", "t", "r", "I", "(", ")", "[", "]", "{", "}", "/", "\\": return 0.40
        case "m", "M", "W": return 0.98
        case "w": return 0.82
        case "-", "−", "–": return 0.40
        case "·", "×": return 0.84
        case "a"..."z": return 0.62
        case "A"..."Z": return 0.72
        case "_", "=", "+", "<", ">", "~", "^", "#", "$", "%", "&", "*", "?", "@": return 0.84
        case "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹", "⁻": return 0.40
        default: return 0.7
        }
    }

    /// `text` cut to fit `maxWidth`, ending in "…" when cut.
    public static func truncate(_ text: String, toWidth maxWidth: Double, fontSize: Double, bold: Bool = false) -> String {
        if width(text, fontSize: fontSize, bold: bold) <= maxWidth { return text }
        var chars = Array(text)
        while !chars.isEmpty && width(String(chars) + "…", fontSize: fontSize, bold: bold) > maxWidth { chars.removeLast() }
        return String(chars) + "…"
    }
}
