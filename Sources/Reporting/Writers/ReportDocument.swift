/// A report as a list of blocks (headings, paragraphs, tables, plots), built
/// once and rendered both as Markdown and as HTML so the two never disagree.
public struct ReportDocument: Sendable, Equatable {
    public var blocks: [Block] = []
    public init() {}

    public enum Block: Sendable, Equatable {
        case heading(level: Int, text: String, anchor: String?)
        case paragraph([Span])
        case bullets([[Span]])
        case table(header: [String], rows: [[String]], numericColumns: Set<Int>)
        /// A plot file (relative path) with its alternative text.
        case plot(path: String, alt: String)
    }

    /// Inline text: plain, bold, or code.
    public enum Span: Sendable, Equatable {
        case plain(String)
        case bold(String)
        case code(String)
    }

    mutating func heading(_ level: Int, _ text: String, anchor: String? = nil) {
        blocks.append(.heading(level: level, text: text, anchor: anchor))
    }
    mutating func paragraph(_ spans: Span...) { blocks.append(.paragraph(spans)) }
    mutating func paragraph(_ text: String) { blocks.append(.paragraph([.plain(text)])) }
    mutating func bullets(_ items: [[Span]]) { if !items.isEmpty { blocks.append(.bullets(items)) } }
    mutating func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) {
        blocks.append(.table(header: header, rows: rows, numericColumns: numeric))
    }
    mutating func plot(_ path: String, alt: String) { blocks.append(.plot(path: path, alt: alt)) }
}

/// Renders a `ReportDocument` as GitHub-flavoured Markdown.
public enum MarkdownRenderer {
    public static func render(_ doc: ReportDocument) -> String {
        var parts: [String] = []
        for block in doc.blocks {
            switch block {
            case .heading(let level, let text, _):
                parts.append(String(repeating: "#", count: level) + " " + inline(text))
            case .paragraph(let spans):
                parts.append(spans.map(span).joined())
            case .bullets(let items):
                parts.append(items.map { "- " + $0.map(span).joined() }.joined(separator: "\n"))
            case .table(let header, let rows, let numeric):
                var lines = ["| " + header.map(cell).joined(separator: " | ") + " |"]
                lines.append("|" + header.indices.map { numeric.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
                for row in rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
                parts.append(lines.joined(separator: "\n"))
            case .plot(let path, let alt):
                parts.append("![\(inline(alt).replacingOccurrences(of: "]", with: "\\]"))](\(path))")
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    static func span(_ s: ReportDocument.Span) -> String {
        switch s {
        case .plain(let t): return inline(t)
        case .bold(let t): return "**" + inline(t) + "**"
        case .code(let t): return "`" + t.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ") + "`"
        }
    }

    /// Escapes the characters Markdown would read as markup.
    static func inline(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\", "*", "_", "`", "[", "]", "<", ">", "|", "#": out += "\\" + String(c)
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    static func cell(_ text: String) -> String { text.isEmpty ? " " : inline(text) }
}

/// Renders a `ReportDocument` as HTML body content; plots are inlined from
/// `plots` (path → SVG text).
public enum HTMLRenderer {
    public static func render(_ doc: ReportDocument, plots: [String: String]) -> String {
        var out = ""
        for block in doc.blocks {
            switch block {
            case .heading(let level, let text, let anchor):
                let id = anchor.map { " id=\"\(XMLText.escape($0, attribute: true))\"" } ?? ""
                out += "<h\(level)\(id)>\(XMLText.escape(text, attribute: false))</h\(level)>\n"
            case .paragraph(let spans):
                out += "<p>" + spans.map(span).joined() + "</p>\n"
            case .bullets(let items):
                out += "<ul>\n" + items.map { "<li>" + $0.map(span).joined() + "</li>\n" }.joined() + "</ul>\n"
            case .table(let header, let rows, let numeric):
                out += "<table>\n<thead><tr>"
                for (i, h) in header.enumerated() {
                    out += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(XMLText.escape(h, attribute: false))</th>"
                }
                out += "</tr></thead>\n<tbody>\n"
                for row in rows {
                    out += "<tr>"
                    for (i, c) in row.enumerated() {
                        out += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(XMLText.escape(c, attribute: false))</td>"
                    }
                    out += "</tr>\n"
                }
                out += "</tbody>\n</table>\n"
            case .plot(let path, let alt):
                out += "<figure>\n"
                if let svg = plots[path] {
                    out += inlineSVG(svg)
                } else {
                    out += "<p>(missing plot \(XMLText.escape(path, attribute: false)))</p>\n"
                }
                out += "<figcaption>\(XMLText.escape(alt, attribute: false))</figcaption>\n</figure>\n"
            }
        }
        return out
    }

    /// The `<svg>` element of an SVG file, without its XML declaration.
    static func inlineSVG(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>\n") else { return svg }
        return String(svg[end.upperBound...])
    }

    static func span(_ s: ReportDocument.Span) -> String {
        switch s {
        case .plain(let t): return XMLText.escape(t, attribute: false)
        case .bold(let t): return "<strong>" + XMLText.escape(t, attribute: false) + "</strong>"
        case .code(let t): return "<code>" + XMLText.escape(t, attribute: false) + "</code>"
        }
    }
}
