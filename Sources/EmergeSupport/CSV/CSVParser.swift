import Foundation

/// One record of a CSV file: its fields and where each starts (1-based line
/// and character column), so that a bad cell can be named precisely.
public struct CSVRecord: Sendable, Equatable {
    /// The fields, unquoted.
    public var fields: [String]
    /// The line the record starts on.
    public var line: Int
    /// The character column each field starts at (its opening quote, if quoted).
    public var columns: [Int]

    public init(fields: [String], line: Int, columns: [Int]) {
        self.fields = fields; self.line = line; self.columns = columns
    }
}

/// A CSV syntax error at a 1-based line and character column.
public struct CSVSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    /// What was expected there, as a sentence fragment without a final period.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line; self.column = column; self.message = message
    }
}

/// An RFC 4180 CSV reader over UTF-8 bytes: comma-separated fields, optional
/// double quotes around a field (which may then hold commas, CR/LF and `""`
/// for a quote), records ended by LF or CRLF (a lone CR also ends one), an
/// optional UTF-8 byte-order mark, and a last record with or without a line
/// end. Lenient where real files are: a quote inside an unquoted field is
/// kept as a character, and blank lines are skipped. Strict where silence
/// would corrupt data: an unterminated quoted field, text after a closing
/// quote, and invalid UTF-8 are errors with their position.
public enum CSVParser {
    /// The records of CSV bytes, blank lines skipped. Throws `CSVSyntaxError`.
    public static func parse(_ data: Data) throws -> [CSVRecord] {
        try data.withUnsafeBytes { raw in try parse(raw.bindMemory(to: UInt8.self)) }
    }

    /// The records of CSV text, blank lines skipped. Throws `CSVSyntaxError`.
    public static func parse(_ text: String) throws -> [CSVRecord] {
        var text = text
        return try text.withUTF8 { bytes in try parse(bytes) }
    }

    /// The fields of every record of CSV text (the header row too), blank
    /// lines skipped: the data of a `CSVTable` back from its `text`.
    public static func rows(_ text: String) throws -> [[String]] {
        try parse(text).map(\.fields)
    }

    /// The records of CSV bytes, blank lines skipped. Throws `CSVSyntaxError`.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        let n = bytes.count
        var i = 0
        if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        var line = 1
        var column = 1
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

        var fields: [String] = []
        var columns: [Int] = []
        var recordLine = 1
        var field: [UInt8] = []

        func text(_ b: [UInt8], _ l: Int, _ c: Int) throws -> String {
            guard let s = String(validating: b, as: UTF8.self) else {
                throw CSVSyntaxError(line: l, column: c, message: "expected UTF-8 text in this field")
            }
            return s
        }
        // Advances over byte k, keeping the character column.
        @inline(__always) func advance() {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        func endRecord() {
            // A blank line is one empty, unquoted field: skip it.
            if !(fields.count == 1 && fields[0].isEmpty && !lastFieldQuoted) {
                records.append(CSVRecord(fields: fields, line: recordLine, columns: columns))
            }
            fields = []; columns = []
        }
        var lastFieldQuoted = false

        var atRecordStart = true
        while true {
            if atRecordStart {
                if i >= n { break }
                recordLine = line
                atRecordStart = false
            }
            // Start of a field.
            let fieldLine = line, fieldColumn = column
            field.removeAll(keepingCapacity: true)
            lastFieldQuoted = false
            if i < n && bytes[i] == quote {
                lastFieldQuoted = true
                advance()
                var closed = false
                while i < n {
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < n && bytes[i + 1] == quote {
                            field.append(quote); advance(); advance()
                        } else {
                            advance(); closed = true; break
                        }
                    } else if b == lf {
                        field.append(b); i += 1; line += 1; column = 1
                    } else if b == cr {
                        field.append(b); i += 1
                        if i < n && bytes[i] == lf { field.append(lf); i += 1 }
                        line += 1; column = 1
                    } else {
                        field.append(b); advance()
                    }
                }
                if !closed {
                    throw CSVSyntaxError(line: fieldLine, column: fieldColumn,
                                         message: "expected a closing quote for the quoted field that starts here")
                }
                if i < n && bytes[i] != comma && bytes[i] != lf && bytes[i] != cr {
                    throw CSVSyntaxError(line: line, column: column,
                                         message: "expected a comma or a line end after the closing quote")
                }
            } else {
                while i < n {
                    let b = bytes[i]
                    if b == comma || b == lf || b == cr { break }
                    field.append(b); advance()
                }
            }
            fields.append(try text(field, fieldLine, fieldColumn))
            columns.append(fieldColumn)
            // After a field: comma, line end or end of input.
            if i >= n { endRecord(); break }
            let b = bytes[i]
            if b == comma {
                advance()
                if i >= n { // "a,b," ends with an empty field
                    fields.append(""); columns.append(column); endRecord(); break
                }
                continue
            }
            if b == cr { i += 1; if i < n && bytes[i] == lf { i += 1 } }
            else { i += 1 }
            line += 1; column = 1
            endRecord()
            atRecordStart = true
        }
        return records
    }
}
