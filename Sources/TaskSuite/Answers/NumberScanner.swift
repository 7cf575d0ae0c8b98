/// A number written in a response, as found by `NumberScanner`.
public struct WrittenNumber: Sendable, Equatable {
    /// The characters as written ("-$1,234.5").
    public var written: String
    /// Sign, digits and decimal part without separators or currency ("-1234.5").
    public var normalized: String
}

/// Finds the numbers a person would read in free text.
///
/// Recognized: an optional minus sign ("-" or "−") that is not preceded by a
/// letter or digit (so "7-3" is 7 and 3, "x = -3" is −3), an optional "$",
/// digits with optional thousands groups ("1,234,567": a comma counts only
/// when exactly three digits follow it) and an optional decimal part (a
/// period followed by a digit; a sentence-ending period is not part of the
/// number).
public enum NumberScanner {
    public static func numbers(in text: ArraySlice<Character>) -> [WrittenNumber] {
        var found: [WrittenNumber] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index].isASCIIDigit else { index += 1; continue }
            // Walk back over "$" and a sign directly before the digits.
            var start = index
            var negative = false
            if start > text.startIndex, text[start - 1] == "$" { start -= 1 }
            if start > text.startIndex, text[start - 1] == "-" || text[start - 1] == "−" {
                let beforeSign = start - 1 > text.startIndex ? text[start - 2] : " "
                if !(beforeSign.isLetter || beforeSign.isNumber) { start -= 1; negative = true }
            }
            var digits = ""
            var end = index
            while end < text.endIndex {
                if text[end].isASCIIDigit { digits.append(text[end]); end += 1; continue }
                if text[end] == ",", isThousandsGroup(text, after: end) { end += 1; continue }
                break
            }
            if end + 1 < text.endIndex, text[end] == ".", text[end + 1].isASCIIDigit {
                digits.append(".")
                end += 1
                while end < text.endIndex, text[end].isASCIIDigit { digits.append(text[end]); end += 1 }
            }
            found.append(WrittenNumber(written: String(text[start..<end]),
                                       normalized: (negative ? "-" : "") + digits))
            index = end
        }
        return found
    }

    /// Whether the comma at `comma` is followed by exactly three digits.
    private static func isThousandsGroup(_ text: ArraySlice<Character>, after comma: Int) -> Bool {
        for offset in 1...3 where !(comma + offset < text.endIndex && text[comma + offset].isASCIIDigit) {
            return false
        }
        return !(comma + 4 < text.endIndex && text[comma + 4].isASCIIDigit)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
