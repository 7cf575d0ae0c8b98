import Foundation

/// A JSON value as a tree, objects keeping their keys in order.
///
/// Read whole files with `JSONValue(parsing:)` (errors name line and column)
/// and write them with `text(indent:)`, which gives the same bytes for the
/// same value every time. Numbers are doubles, as in JSON itself.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in document order. A key may repeat (JSON allows it); lookups
    /// take the last one, as most readers do.
    case object([(String, JSONValue)])

    /// Structural equality: objects are equal when they hold the same
    /// members in the same order; numbers compare as doubles (NaN ≠ NaN).
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    // MARK: Reading

    /// The value of a whole JSON document: one value with only whitespace
    /// around it. `what` names the value in errors ("expected an object for
    /// `what`, found …"). Throws `JSONSyntaxError` with the line and column.
    public init(parsing data: Data, what: String = "a value") throws {
        self = try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                throw JSONSyntaxError(line: 1, column: 1, message: "expected \(what), found an empty text")
            }
            var scanner = JSONScanner(base: base, range: 0..<bytes.count, line: 1)
            let value = try scanner.value(what)
            try scanner.expectEnd("the JSON document")
            return value
        }
    }

    /// The value of a whole JSON text; see `init(parsing:what:)` for data.
    public init(parsing text: String, what: String = "a value") throws {
        try self.init(parsing: Data(text.utf8), what: what)
    }

    /// The member named `key` of an object (the last, if repeated); nil for
    /// other values and missing keys.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.0 == key })?.1
    }

    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var number: Double? { if case .number(let d) = self { return d }; return nil }
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    /// An object's members by key (the last of a repeated key); nil for other values.
    public var object: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return Dictionary(members, uniquingKeysWith: { _, last in last })
    }

    // MARK: Writing

    /// Pretty-printed JSON: one member or element per line, indented by one
    /// space per level (as Jupyter writes notebooks), `[]` and `{}` when
    /// empty. Numbers that are whole and below 2⁵³ in magnitude are written as
    /// integers, other finite numbers in Swift's shortest round-trip form,
    /// and NaN and infinities as `null` (JSON has no literal for them).
    public func text(indent: Int = 0) -> String {
        var out = ""
        write(&out, indent: indent)
        return out
    }

    func write(_ out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent + 1)
        let closePad = String(repeating: " ", count: indent)
        switch self {
        case .string(let s): out += JSONValue.quote(s)
        case .number(let d): out += JSONValue.numberText(d)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(&out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += pad + JSONValue.quote(key) + ": "
                value.write(&out, indent: indent + 1)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        }
    }

    static func numberText(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 0x1p53 { return String(Int64(d)) }
        return String(d)
    }

    /// A JSON string literal: quotes, backslashes and control characters
    /// escaped, everything else as is. Also a valid Python string literal,
    /// which lets a notebook put names into code.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
