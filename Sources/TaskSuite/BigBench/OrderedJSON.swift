/// A JSON value that keeps object keys in the order the file writes them.
///
/// BIG-bench task files need that order: the choices of a multiple-choice
/// example are the keys of its `target_scores` object in file order, and the
/// gold choice is the *first* key with the highest score. Foundation's JSON
/// readers return unordered dictionaries, so TaskSuite reads task files with
/// this small reader instead (the store's own byte scanner lives in
/// ResultsStore, which TaskSuite does not depend on).
///
/// Numbers remember whether they were written as integers, because BIG-bench
/// tells duplicate examples apart by their JSON text, where `1` and `1.0` differ.
enum OrderedJSON: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double, integral: Bool)
    case string(String)
    case array([OrderedJSON])
    case object([Member])

    /// One key and its value, in file order.
    struct Member: Hashable, Sendable {
        var key: String
        var value: OrderedJSON
    }

    /// The value of member `key` (nil if absent or not an object). A key
    /// written twice means its last value, as in Python's `json`.
    subscript(key: String) -> OrderedJSON? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var array: [OrderedJSON]? { if case .array(let a) = self { return a }; return nil }
    var members: [Member]? { if case .object(let m) = self { return m }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    var number: Double? { if case .number(let d, _) = self { return d }; return nil }

    /// What kind of value this is, for error messages ("expected a string, found an array").
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON syntax error at a 1-based line and column (columns count characters).
struct OrderedJSONError: Error, Equatable {
    var line: Int
    var column: Int
    var message: String
}

extension OrderedJSON {
    /// Parses UTF-8 JSON text (RFC 8259; a leading byte-order mark is skipped).
    /// Throws `OrderedJSONError` naming the line and column of the first problem.
    static func parse(_ bytes: [UInt8]) throws -> OrderedJSON {
        var reader = OrderedJSONReader(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.position = 3; reader.lineStart = 3 }
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.error("expected the end of the file after the JSON value") }
        return value
    }
}

/// The recursive-descent reader behind `OrderedJSON.parse`.
private struct OrderedJSONReader {
    let bytes: [UInt8]
    var position = 0
    var line = 1
    var lineStart = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    static let maximumDepth = 512

    func error(_ message: String, at offset: Int? = nil) -> OrderedJSONError {
        // Columns count characters: skip UTF-8 continuation bytes.
        let end = min(offset ?? position, bytes.count)
        let column = 1 + bytes[min(lineStart, end)..<end].filter { $0 & 0xC0 != 0x80 }.count
        return OrderedJSONError(line: line, column: column, message: message)
    }

    var found: String {
        guard position < bytes.count else { return "the end of the file" }
        switch bytes[position] {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "{"): return "'{'"
        case UInt8(ascii: "["): return "'['"
        default:
            var end = position + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'" + String(decoding: bytes[position..<end], as: UTF8.self) + "'"
        }
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A: position += 1; line += 1; lineStart = position
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws -> OrderedJSON {
        guard depth < Self.maximumDepth else { throw error("expected at most \(Self.maximumDepth) levels of nesting") }
        skipWhitespace()
        guard position < bytes.count else { throw error("expected a value, found the end of the file") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("expected a value, found \(found)")
        }
    }

    mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard bytes[position...].starts(with: expected) else { throw error("expected \(word), found \(found)") }
        position += expected.count
    }

    mutating func object(depth: Int) throws -> OrderedJSON {
        position += 1 // '{'
        var members: [OrderedJSON.Member] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a quoted key, found \(found)")
            }
            let key = try string()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \"\(key)\", found \(found)")
            }
            position += 1
            members.append(OrderedJSON.Member(key: key, value: try value(depth: depth + 1)))
            skipWhitespace()
            guard position < bytes.count else { throw error("expected ',' or '}', found the end of the file") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw error("expected ',' or '}' after the value of \"\(key)\", found \(found)")
        }
    }

    mutating func array(depth: Int) throws -> OrderedJSON {
        position += 1 // '['
        var elements: [OrderedJSON] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw error("expected ',' or ']', found the end of the file") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            throw error("expected ',' or ']' in the array, found \(found)")
        }
    }

    mutating func string() throws -> String {
        let open = position
        position += 1 // '"'
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flush(_ end: Int) {
            scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                flush(position)
                position += 1
                return String(scalars)
            }
            if c < 0x20 {
                throw error("expected a closing quote; control characters must be escaped inside strings")
            }
            if c != UInt8(ascii: "\\") { position += 1; continue }
            flush(position)
            let escape = position
            position += 1
            guard position < bytes.count else { break }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4(escape)
                // A surrogate pair spells one scalar; a lone surrogate becomes U+FFFD, as Python's
                // json would keep it but Swift strings cannot hold it.
                if (0xD800..<0xDC00).contains(code), bytes[position...].starts(with: [0x5C, 0x75]) {
                    let save = position
                    position += 2
                    let low = try hex4(escape)
                    if (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        position = save
                    }
                }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default:
                throw error("expected a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at: escape)
            }
            runStart = position
        }
        throw error("expected a closing quote for the string that starts here", at: open)
    }

    mutating func hex4(_ escape: Int) throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("expected four hex digits after \\u", at: escape) }
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else {
                throw error("expected four hex digits after \\u", at: escape)
            }
            code = code << 4 | UInt32(digit)
            position += 1
        }
        return code
    }

    mutating func number() throws -> OrderedJSON {
        let start = position
        var integral = true
        func digits() -> Int {
            let from = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return position - from
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        guard digits() > 0 else { throw error("expected digits in the number", at: start) }
        if bytes[integerStart] == UInt8(ascii: "0"), position - integerStart > 1 {
            throw error("expected no leading zeros in the number", at: start)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            integral = false
            position += 1
            guard digits() > 0 else { throw error("expected digits after the decimal point", at: start) }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            integral = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("expected digits in the exponent", at: start) }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text) else { throw error("expected a number", at: start) }
        return .number(value, integral: integral)
    }
}
