import Foundation

/// A JSON value stored opaquely with an output: the `trace` of a strategy
/// (self-consistency's vote counts, tree of thoughts' explored tree). The
/// store keeps it as JSON text and gives it back unchanged; what it means is
/// up to the writer (see Experiments' `EvalTrace` for the eval layouts).
///
/// Numbers are kept as integers when the JSON literal is one and as doubles
/// otherwise; `==` compares numbers by value across the two, so a trace that
/// went through JSON text equals the one that came in. JSON has no NaN or
/// infinity: encoding such a number fails.
public enum TraceValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([TraceValue])
    case object([String: TraceValue])

    /// The JSON form of any Encodable value (e.g. a `ThoughtTree`), with keys as its encoder writes them.
    public init<T: Encodable>(encoding value: T) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(TraceValue.self, from: data)
    }

    /// Reads JSON text (UTF-8).
    public init(jsonText: String) throws {
        self = try JSONDecoder().decode(TraceValue.self, from: Data(jsonText.utf8))
    }

    /// Decodes the trace as `T` (e.g. back into the `ThoughtTree` it was made from).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(jsonText().utf8))
    }

    /// Compact JSON text with sorted keys: the form stored in the `trace` column.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The value under `key` of an object (nil otherwise).
    public subscript(key: String) -> TraceValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([TraceValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: TraceValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .integer(let i): try c.encode(i)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public static func == (a: TraceValue, b: TraceValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.integer(x), .number(y)), let (.number(y), .integer(x)): Double(x) == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x == y
        default: false
        }
    }
}
