/// A tiny SVG/XML element tree. Plots are built as values of this type and
/// serialized once, so escaping and number formatting live in one place.
public struct SVGElement: Sendable, Equatable {
    public var name: String
    /// Attributes in the order they are written (kept, for stable output).
    public var attributes: [(String, String)]
    public var children: [SVGNode]

    public init(_ name: String, _ attributes: [(String, String)] = [], children: [SVGNode] = []) {
        self.name = name; self.attributes = attributes; self.children = children
    }

    public static func == (a: SVGElement, b: SVGElement) -> Bool {
        a.name == b.name && a.children == b.children
            && a.attributes.map(\.0) == b.attributes.map(\.0) && a.attributes.map(\.1) == b.attributes.map(\.1)
    }

    /// Appends a child element.
    public mutating func add(_ element: SVGElement) { children.append(.element(element)) }
    public mutating func add(contentsOf elements: [SVGElement]) { children += elements.map(SVGNode.element) }

    /// Serialized XML, children indented one space per level for readable diffs.
    public func xml(indent: Int = 0) -> String {
        var out = ""
        write(to: &out, indent: indent)
        return out
    }

    func write(to out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        out += pad + "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(XMLText.escape(value, attribute: true))\"" }
        if children.isEmpty { out += "/>\n"; return }
        // Elements holding text are written on one line: whitespace inside
        // <text> would be rendered.
        if children.contains(where: { if case .text = $0 { return true } else { return false } }) {
            out += ">"
            for child in children { child.writeInline(to: &out) }
            out += "</\(name)>\n"
            return
        }
        out += ">\n"
        for child in children {
            if case .element(let e) = child { e.write(to: &out, indent: indent + 1) }
        }
        out += pad + "</\(name)>\n"
    }

    func writeInline(to out: inout String) {
        out += "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(XMLText.escape(value, attribute: true))\"" }
        if children.isEmpty { out += "/>"; return }
        out += ">"
        for child in children { child.writeInline(to: &out) }
        out += "</\(name)>"
    }
}

/// A child of an element: another element or character data.
public enum SVGNode: Sendable, Equatable {
    case element(SVGElement)
    case text(String)

    func writeInline(to out: inout String) {
        switch self {
        case .element(let e): e.writeInline(to: &out)
        case .text(let t): out += XMLText.escape(t, attribute: false)
        }
    }
}

/// XML escaping of character data and attribute values.
public enum XMLText {
    /// Escapes `&`, `<`, `>` (and `"` in attributes); drops control
    /// characters XML 1.0 forbids, so any task or model name is safe.
    public static func escape(_ text: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Coordinates in SVG attributes: at most two decimals, no trailing zeros,
/// never "-0", so output is short and stable.
public enum SVGNumber {
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let scaled = (value * 100).rounded()
        if scaled == 0 { return "0" }
        let negative = scaled < 0
        let magnitude = Int64(abs(scaled))
        let whole = magnitude / 100
        let fraction = magnitude % 100
        var text = negative ? "-" : ""
        text += String(whole)
        if fraction != 0 {
            text += fraction % 10 == 0 ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)")
        }
        return text
    }
}
