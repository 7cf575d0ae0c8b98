/// One token inside a `{{ … }}` or `{% … %}` tag.
enum ExpressionToken: Equatable {
    case name(String)
    case string(String)
    case integer(Int)
    case float(Double)
    case symbol(String)
}

/// A piece of template source: literal text, an expression to print, or a statement.
enum TemplateSegment {
    case text(String)
    case output([ExpressionToken], line: Int)
    case statement([ExpressionToken], line: Int)
}

/// Splits template source into segments with the whitespace rules Hugging
/// Face compiles chat templates with (`trim_blocks` and `lstrip_blocks` on,
/// one trailing newline of the source dropped), plus the per-tag `-` and `+`
/// markers. See docs/serving.md#chat-templates.
struct TemplateLexer {
    private let s: [Unicode.Scalar]
    private var pos = 0
    private var line = 1

    init(_ source: String) {
        // Line endings become "\n", and one trailing newline is dropped (Jinja's keep_trailing_newline=False).
        var text = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if text.hasSuffix("\n") { text.removeLast() }
        s = Array(text.unicodeScalars)
    }

    mutating func segments() throws -> [TemplateSegment] {
        var out: [TemplateSegment] = []
        var lineStarting = true
        while pos < s.count {
            guard let open = nextTagStart() else {
                out.append(.text(String(String.UnicodeScalarView(s[pos...]))))
                break
            }
            var text = Array(s[pos..<open])
            let kind = s[open + 1]
            var cursor = open + 2
            var marker: Unicode.Scalar?
            if cursor < s.count, s[cursor] == "-" || s[cursor] == "+" { marker = s[cursor]; cursor += 1 }
            if marker == "-" {
                while let last = text.last, last.properties.isWhitespace { text.removeLast() }
            } else if marker != "+" && kind != "{" {
                // lstrip_blocks: a block or comment tag alone after indentation takes the indentation away.
                let lineStart = (text.lastIndex(of: "\n").map { $0 + 1 }) ?? 0
                if lineStart > 0 || lineStarting, lineStart < text.count,
                   text[lineStart...].allSatisfy({ $0.properties.isWhitespace }) {
                    text.removeSubrange(lineStart...)
                }
            }
            if !text.isEmpty { out.append(.text(String(String.UnicodeScalarView(text)))) }
            line += s[pos..<open].filter { $0 == "\n" }.count
            pos = cursor
            let tagLine = line
            switch kind {
            case "#":
                try skipComment()
            default:
                let tokens = try tokenize(closing: kind == "%" ? "%" : "}")
                out.append(kind == "%" ? .statement(tokens, line: tagLine) : .output(tokens, line: tagLine))
            }
            lineStarting = pos > 0 && s[pos - 1] == "\n"
        }
        return out
    }

    private func nextTagStart() -> Int? {
        var i = pos
        while i + 1 < s.count {
            if s[i] == "{", s[i + 1] == "{" || s[i + 1] == "%" || s[i + 1] == "#" { return i }
            i += 1
        }
        return nil
    }

    /// After a tag's closing marker: `-` eats all following whitespace; a
    /// block or comment tag otherwise eats one newline (trim_blocks) unless marked `+`.
    private mutating func finishTag(marker: Unicode.Scalar?, isBlock: Bool) {
        if marker == "-" {
            while pos < s.count, s[pos].properties.isWhitespace { advance() }
        } else if isBlock, marker != "+", pos < s.count, s[pos] == "\n" {
            advance()
        }
    }

    private mutating func advance() {
        if s[pos] == "\n" { line += 1 }
        pos += 1
    }

    private mutating func skipComment() throws {
        let start = line
        while pos + 1 < s.count {
            if s[pos] == "#", s[pos + 1] == "}" {
                let marker: Unicode.Scalar? = pos > 0 && (s[pos - 1] == "-" || s[pos - 1] == "+") ? s[pos - 1] : nil
                pos += 2
                finishTag(marker: marker, isBlock: true)
                return
            }
            advance()
        }
        throw TemplateError("the comment opened here is never closed with #}", line: start)
    }

    /// Tokens up to the closing `%}` / `}}` (brackets balanced, strings skipped).
    private mutating func tokenize(closing: Unicode.Scalar) throws -> [ExpressionToken] {
        let start = line
        var tokens: [ExpressionToken] = []
        var depth = 0
        while pos < s.count {
            let c = s[pos]
            if c.properties.isWhitespace { advance(); continue }
            if depth == 0 {
                for marker in ["-", "+", nil] as [Unicode.Scalar?] {
                    if marker == "+" && closing == "}" { continue }
                    let offset = marker == nil ? 0 : 1
                    if marker == nil || c == marker!, pos + offset + 1 < s.count,
                       s[pos + offset] == closing, s[pos + offset + 1] == "}" {
                        pos += offset + 2
                        finishTag(marker: marker, isBlock: closing == "%")
                        return tokens
                    }
                }
            }
            if c == "'" || c == "\"" { tokens.append(.string(try readString(quote: c))); continue }
            if c.properties.numericType != nil, c.isASCII { tokens.append(readNumber()); continue }
            if c == "_" || c.properties.isAlphabetic {
                var name = ""
                while pos < s.count, s[pos] == "_" || s[pos].properties.isAlphabetic || (s[pos].isASCII && s[pos].properties.numericType != nil) {
                    name.unicodeScalars.append(s[pos]); pos += 1
                }
                tokens.append(.name(name))
                continue
            }
            let two = pos + 1 < s.count ? String(String.UnicodeScalarView([c, s[pos + 1]])) : ""
            if ["//", "**", "==", "!=", "<=", ">="].contains(two) {
                tokens.append(.symbol(two)); pos += 2; continue
            }
            guard "+-*/%~<>=()[]{},.:|".unicodeScalars.contains(c) else {
                throw TemplateError("unexpected character '\(c)' in a tag", line: line)
            }
            if "([{".unicodeScalars.contains(c) { depth += 1 }
            if ")]}".unicodeScalars.contains(c) { depth -= 1 }
            tokens.append(.symbol(String(c)))
            pos += 1
        }
        throw TemplateError("the tag opened here is never closed with \(closing)}", line: start)
    }

    private mutating func readString(quote: Unicode.Scalar) throws -> String {
        let start = line
        pos += 1
        var value = String.UnicodeScalarView()
        while pos < s.count {
            let c = s[pos]
            if c == quote { pos += 1; return String(value) }
            if c == "\\", pos + 1 < s.count {
                let e = s[pos + 1]
                pos += 2
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "\\", "'", "\"": value.append(e)
                case "u", "x":
                    let width = e == "u" ? 4 : 2
                    guard pos + width <= s.count, let code = UInt32(String(String.UnicodeScalarView(s[pos..<(pos + width)])), radix: 16),
                          let scalar = Unicode.Scalar(code) else {
                        throw TemplateError("a malformed \\\(e) escape in a string", line: line)
                    }
                    value.append(scalar)
                    pos += width
                case "\n": line += 1
                default: value.append("\\"); value.append(e)
                }
                continue
            }
            value.append(c)
            advance()
        }
        throw TemplateError("a string opened here is never closed", line: start)
    }

    private mutating func readNumber() -> ExpressionToken {
        var digits = ""
        var isFloat = false
        while pos < s.count {
            let c = s[pos]
            if c.isASCII, c.properties.numericType != nil { digits.unicodeScalars.append(c) }
            else if c == "_" {}
            else if c == ".", !isFloat, pos + 1 < s.count, s[pos + 1].isASCII, s[pos + 1].properties.numericType != nil {
                isFloat = true; digits.append(".")
            } else if (c == "e" || c == "E"), pos + 1 < s.count,
                      s[pos + 1].properties.numericType != nil || s[pos + 1] == "-" || s[pos + 1] == "+" {
                isFloat = true; digits.unicodeScalars.append(c); pos += 1
                digits.unicodeScalars.append(s[pos])
            } else { break }
            pos += 1
        }
        return isFloat ? .float(Double(digits) ?? 0) : .integer(Int(digits) ?? 0)
    }
}
