import Foundation

/// A syntax or shape error at a position of a JSON text (1-based line and column;
/// columns count characters, not bytes).
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    /// What was expected there, as a sentence fragment without a final period.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line; self.column = column; self.message = message
    }
}

/// A byte-level JSON reader over UTF-8 text that knows where it is, so every
/// error names a line and column. It reads values directly into the caller's
/// types (no intermediate tree on the hot path) and parses numbers with
/// `strtod` after checking them against the JSON grammar.
///
/// The scanner reads borrowed memory: `base` must stay valid while it is used.
/// Its methods are inlinable because importers call them per token.
public struct JSONScanner {
    /// The bytes read (borrowed).
    public let base: UnsafePointer<UInt8>
    /// One past the last byte to read.
    public let end: Int
    /// The cursor: the offset of the next byte.
    public var pos: Int
    /// The 1-based line of the cursor.
    public var line: Int
    /// The offset where the cursor's line starts (for character columns).
    public var lineStart: Int

    /// Reads bytes `range` of `base`, the first of which is on line `line`.
    @inlinable
    public init(base: UnsafePointer<UInt8>, range: Range<Int>, line: Int) {
        self.base = base; self.end = range.upperBound; self.pos = range.lowerBound
        self.line = line; self.lineStart = range.lowerBound
    }

    // MARK: Positions and errors

    /// The 1-based character column of byte `offset` on the cursor's line.
    @inlinable
    public func column(at offset: Int) -> Int {
        var column = 1
        var i = lineStart
        while i < offset && i < end {
            if base[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    /// An error at `offset` (default: the cursor) with `message`.
    @inlinable
    public func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column(at: offset ?? pos), message: message)
    }

    /// A short description of what is at the cursor, for "expected X, found Y".
    @inlinable
    public var found: String {
        if pos >= end { return "the end of the line" }
        let c = base[pos]
        switch c {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        default:
            var n = pos + 1
            while n < end && base[n] & 0xC0 == 0x80 { n += 1 }
            return "'" + String(decoding: UnsafeBufferPointer(start: base + pos, count: n - pos), as: UTF8.self) + "'"
        }
    }

    // MARK: Tokens

    /// Moves the cursor past spaces, tabs and line ends, counting lines.
    @inlinable
    public mutating func skipWhitespace() {
        while pos < end {
            let c = base[pos]
            if c == 0x20 || c == 0x09 || c == 0x0D { pos += 1 }
            else if c == 0x0A { pos += 1; line += 1; lineStart = pos }
            else { return }
        }
    }

    /// Whether the cursor is past the last byte.
    @inlinable
    public var atEnd: Bool { pos >= end }

    /// The byte at the cursor, 0 at the end.
    @inlinable
    public func peek() -> UInt8 { pos < end ? base[pos] : 0 }

    /// Consumes byte `c` after whitespace, or throws "expected `what`, found …".
    @inlinable
    public mutating func expect(_ c: UInt8, _ what: @autoclosure () -> String) throws {
        skipWhitespace()
        guard pos < end, base[pos] == c else { throw error("expected \(what()), found \(found)") }
        pos += 1
    }

    /// Consumes `null` if it is next (after whitespace).
    @inlinable
    public mutating func consumeNull() -> Bool {
        skipWhitespace()
        if pos + 4 <= end, base[pos] == 0x6E, base[pos + 1] == 0x75, base[pos + 2] == 0x6C, base[pos + 3] == 0x6C {
            pos += 4
            return true
        }
        return false
    }

    /// Reads `true` or `false`; `what` names the value in the error.
    @inlinable
    public mutating func bool(_ what: @autoclosure () -> String) throws -> Bool {
        skipWhitespace()
        if pos + 4 <= end, memcmp(base + pos, "true", 4) == 0 { pos += 4; return true }
        if pos + 5 <= end, memcmp(base + pos, "false", 5) == 0 { pos += 5; return false }
        throw error("expected true or false for \(what()), found \(found)")
    }

    /// A JSON string's raw key bytes (no escapes decoded), for fast key dispatch.
    @inlinable
    public mutating func keyRange() throws -> Range<Int> {
        try expect(UInt8(ascii: "\""), "a quoted key")
        let start = pos
        while pos < end {
            let c = base[pos]
            if c == UInt8(ascii: "\"") { pos += 1; return start..<(pos - 1) }
            if c == UInt8(ascii: "\\") { pos += 2; continue }
            pos += 1
        }
        throw error("expected a closing quote for the key", at: start - 1)
    }

    /// Whether the raw key bytes `r` equal `literal`.
    @inlinable
    public func key(_ r: Range<Int>, is literal: StaticString) -> Bool {
        r.count == literal.utf8CodeUnitCount && memcmp(base + r.lowerBound, literal.utf8Start, r.count) == 0
    }

    /// The raw key bytes `r` as text (escapes not decoded).
    @inlinable
    public func keyText(_ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: base + r.lowerBound, count: r.count), as: UTF8.self)
    }

    /// Reads a string with its escapes decoded (lone surrogates become U+FFFD).
    @inlinable
    public mutating func string(_ what: @autoclosure () -> String) throws -> String {
        skipWhitespace()
        guard pos < end, base[pos] == UInt8(ascii: "\"") else {
            throw error("expected a string for \(what()), found \(found)")
        }
        let open = pos
        pos += 1
        let start = pos
        // Fast path: no escapes.
        while pos < end {
            let c = base[pos]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("expected a closing quote; control characters must be escaped in \(what())") }
            pos += 1
        }
        var bytes = [UInt8](UnsafeBufferPointer(start: base + start, count: pos - start))
        while pos < end {
            let c = base[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c < 0x20 { throw error("expected a closing quote; control characters must be escaped in \(what())") }
            if c != UInt8(ascii: "\\") { bytes.append(c); pos += 1; continue }
            let escapeAt = pos
            pos += 1
            guard pos < end else { break }
            let e = base[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(escapeAt)
                if (0xD800..<0xDC00).contains(scalar), pos + 6 <= end, base[pos] == UInt8(ascii: "\\"),
                   base[pos + 1] == UInt8(ascii: "u") {
                    pos += 2
                    let low = try hex4(escapeAt)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        bytes.append(contentsOf: Array("\u{FFFD}".utf8)); scalar = low
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw error("expected a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) in \(what())", at: escapeAt)
            }
        }
        throw error("expected a closing quote for the string that starts here", at: open)
    }

    /// Reads the four hex digits of a `\\u` escape that starts at `escapeAt`.
    @inlinable
    public mutating func hex4(_ escapeAt: Int) throws -> UInt32 {
        guard pos + 4 <= end else { throw error("expected four hex digits after \\u", at: escapeAt) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = base[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
            default: throw error("expected four hex digits after \\u", at: escapeAt)
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    /// Scans a number per the JSON grammar; returns its byte range and whether it is an integer literal.
    @inlinable
    public mutating func numberRange(_ what: @autoclosure () -> String) throws -> (Range<Int>, Bool) {
        skipWhitespace()
        let start = pos
        var integral = true
        if pos < end && base[pos] == UInt8(ascii: "-") { pos += 1 }
        let digitsStart = pos
        while pos < end && base[pos] >= 48 && base[pos] <= 57 { pos += 1 }
        if pos == digitsStart {
            pos = start
            throw error("expected a number for \(what()), found \(found)")
        }
        if pos < end && base[pos] == UInt8(ascii: ".") {
            integral = false
            pos += 1
            let f = pos
            while pos < end && base[pos] >= 48 && base[pos] <= 57 { pos += 1 }
            if pos == f { throw error("expected digits after the decimal point in \(what())") }
        }
        if pos < end && (base[pos] == UInt8(ascii: "e") || base[pos] == UInt8(ascii: "E")) {
            integral = false
            pos += 1
            if pos < end && (base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-")) { pos += 1 }
            let f = pos
            while pos < end && base[pos] >= 48 && base[pos] <= 57 { pos += 1 }
            if pos == f { throw error("expected digits in the exponent of \(what())") }
        }
        return (start..<pos, integral)
    }

    /// Reads a number (integers of up to 15 characters exactly, others by `strtod`).
    @inlinable
    public mutating func number(_ what: @autoclosure () -> String) throws -> Double {
        let (r, integral) = try numberRange(what())
        if integral && r.count <= 15 { return Double(parseInt(r)) }
        return parseDouble(r)
    }

    /// Reads a whole number; a fraction or exponent is accepted when the value is whole and below 9e15.
    @inlinable
    public mutating func int(_ what: @autoclosure () -> String) throws -> Int {
        skipWhitespace()
        let start = pos
        let (r, integral) = try numberRange(what())
        if integral && r.count <= 18 { return parseInt(r) }
        let d = parseDouble(r)
        guard d.rounded() == d, abs(d) < 9e15 else {
            throw error("expected an integer for \(what())", at: start)
        }
        return Int(d)
    }

    /// The integer literal in bytes `r` (already checked against the grammar).
    @inlinable
    public func parseInt(_ r: Range<Int>) -> Int {
        var i = r.lowerBound
        var negative = false
        if base[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var v = 0
        while i < r.upperBound { v = v &* 10 &+ Int(base[i] &- 48); i += 1 }
        return negative ? -v : v
    }

    /// The number literal in bytes `r` (already checked against the grammar), by `strtod`.
    @inlinable
    public func parseDouble(_ r: Range<Int>) -> Double {
        // strtod needs a terminator; JSON numbers are short, copy to a stack buffer.
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: r.count + 1) { buf in
            for k in 0..<r.count { buf[k] = CChar(bitPattern: base[r.lowerBound + k]) }
            buf[r.count] = 0
            return strtod(buf.baseAddress!, nil)
        }
    }

    // MARK: Structure

    /// Reads an object, calling `field` with each key's raw byte range while the
    /// cursor sits before the value; `field` must consume the value.
    @inlinable
    public mutating func object(_ what: @autoclosure () -> String, _ field: (inout JSONScanner, Range<Int>) throws -> Void) throws {
        skipWhitespace()
        guard pos < end, base[pos] == UInt8(ascii: "{") else {
            throw error("expected an object for \(what()), found \(found)")
        }
        pos += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { pos += 1; return }
        while true {
            let k = try keyRange()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \"\(keyText(k))\", found \(found)")
            }
            pos += 1
            try field(&self, k)
            skipWhitespace()
            let c = peek()
            if c == UInt8(ascii: ",") { pos += 1; continue }
            if c == UInt8(ascii: "}") { pos += 1; return }
            throw error("expected ',' or '}' in \(what()), found \(found)")
        }
    }

    /// Reads an array, calling `element` once per element with the cursor before it.
    @inlinable
    public mutating func array(_ what: @autoclosure () -> String, _ element: (inout JSONScanner) throws -> Void) throws {
        skipWhitespace()
        guard pos < end, base[pos] == UInt8(ascii: "[") else {
            throw error("expected an array for \(what()), found \(found)")
        }
        pos += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { pos += 1; return }
        while true {
            try element(&self)
            skipWhitespace()
            let c = peek()
            if c == UInt8(ascii: ",") { pos += 1; continue }
            if c == UInt8(ascii: "]") { pos += 1; return }
            throw error("expected ',' or ']' in \(what()), found \(found)")
        }
    }

    /// Reads any value into a tree (objects keep their keys in order; `NaN`,
    /// as Python writes it, reads as a NaN number); at most 512 levels deep.
    public mutating func value(_ what: String = "a value", depth: Int = 0) throws -> JSONValue {
        guard depth < 512 else { throw error("expected at most 512 levels of nesting") }
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"):
            var members: [(String, JSONValue)] = []
            try object(what) { s, k in
                let name = s.keyText(k)
                members.append((name, try s.value(name, depth: depth + 1)))
            }
            return .object(members)
        case UInt8(ascii: "["):
            var a: [JSONValue] = []
            try array(what) { s in a.append(try s.value(what, depth: depth + 1)) }
            return .array(a)
        case UInt8(ascii: "\""): return .string(try string(what))
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try bool(what))
        case UInt8(ascii: "n"):
            if consumeNull() { return .null }
            throw error("expected a value for \(what), found \(found)")
        case UInt8(ascii: "N") where pos + 3 <= end && memcmp(base + pos, "NaN", 3) == 0:
            // Python's json writes NaN; read it as a missing number.
            pos += 3
            return .number(.nan)
        default: return .number(try number(what))
        }
    }

    /// Reads and discards one value.
    @inlinable
    public mutating func skipValue() throws { _ = try value() }

    /// After a complete value: only whitespace may follow.
    @inlinable
    public mutating func expectEnd(_ what: @autoclosure () -> String) throws {
        skipWhitespace()
        if pos < end { throw error("expected the end of \(what()), found \(found)") }
    }
}

/// Splits UTF-8 bytes into lines (LF or CRLF), giving each line's byte range
/// without its terminator and its 1-based number.
@inlinable
public func forEachLine(in buffer: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Int) throws -> Void) rethrows {
    guard let base = buffer.baseAddress else { return }
    var start = 0
    var number = 1
    let n = buffer.count
    while start < n {
        let remaining = n - start
        let nl = memchr(base + start, 0x0A, remaining)
        var stop = nl.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? n
        let next = stop + 1
        if stop > start && base[stop - 1] == 0x0D { stop -= 1 }
        try body(start..<stop, number)
        start = next
        number += 1
    }
}
