import Foundation

/// One record of a CSV file: its fields and where each starts (1-based line
/// and character column), so that a bad cell can be named precisely.
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    public var line: Int
    public var columns: [Int]
}

/// A CSV syntax error at a 1-based line and character column.
public struct CSVSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String
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
    public static func parse(_ data: Data) throws -> [CSVRecord] {
        try data.withUnsafeBytes { raw in try parse(raw.bindMemory(to: UInt8.self)) }
    }

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

/// A parsed CSV file with a header row, with lookups that name the file,
/// line and column in their errors.
struct CSVTable {
    let file: String
    let header: [String]
    let headerRecord: CSVRecord
    let rows: [CSVRecord]

    init(path: String) throws {
        let data = try readFile(path)
        file = (path as NSString).lastPathComponent
        let records: [CSVRecord]
        do { records = try CSVParser.parse(data) } catch let e as CSVSyntaxError {
            throw StoreError(file: file, line: e.line, column: e.column, e.message + ".")
        }
        guard let first = records.first else { throw StoreError(file: file, "expected a header row; the file is empty.") }
        headerRecord = first
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = Array(records.dropFirst())
        for row in rows where row.fields.count != header.count {
            let col = row.fields.count > header.count ? row.columns[header.count] : (row.columns.last ?? 1)
            throw StoreError(file: file, line: row.line, column: col,
                             "expected \(header.count) fields as in the header, found \(row.fields.count).")
        }
    }

    /// The index of the column named `name`: exact match first, then
    /// case-insensitive ignoring surrounding spaces.
    func columnIndex(_ name: String, option: String) throws -> Int {
        if let i = header.firstIndex(of: name) { return i }
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        if let i = header.firstIndex(where: { $0.lowercased() == wanted }) { return i }
        let known = header.map { "\"\($0)\"" }.joined(separator: ", ")
        throw StoreError(file: file, line: 1, "\(option) names the column \"\(name)\", but the header has only \(known).")
    }

    /// The cell as a number (times `scale`), nil when missing (empty, NaN, NA, …).
    func number(_ row: CSVRecord, _ column: Int, scale: Double = 1, what: String) throws -> Double? {
        do {
            return try CellValues.number(row.fields[column]).map { $0 * scale }
        } catch let e as CellValues.NotANumber {
            throw StoreError(file: file, line: row.line, column: row.columns[column],
                             "expected a number or an empty cell for \(what) in column \"\(header[column])\", found \"\(e.text)\".")
        }
    }

    func integer(_ row: CSVRecord, _ column: Int, what: String) throws -> Int? {
        guard let d = try number(row, column, what: what) else { return nil }
        guard d.rounded() == d, abs(d) < 9e15 else {
            throw StoreError(file: file, line: row.line, column: row.columns[column],
                             "expected a whole number for \(what) in column \"\(header[column])\", found \"\(row.fields[column])\".")
        }
        return Int(d)
    }

    func text(_ row: CSVRecord, _ column: Int) -> String? {
        let t = row.fields[column].trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }
}

/// How cells of score and model tables are read.
public enum CellValues {
    /// Cell texts that mean "missing" (compared case-insensitively after trimming).
    public static let missingMarkers: Set<String> = ["", "nan", "-nan", "na", "n/a", "null", "none", "-", "—", "–", "?"]

    struct NotANumber: Error { var text: String }

    /// The number in a cell, or nil when the cell is missing. Accepts an
    /// optional sign, decimals, exponents, thousands separators (`1,300`,
    /// `1_300`) and surrounding spaces; `inf` is accepted, NaN means missing.
    static func number(_ cell: String) throws -> Double? {
        let t = cell.trimmingCharacters(in: .whitespaces)
        if missingMarkers.contains(t.lowercased()) { return nil }
        var cleaned = t
        if cleaned.contains(",") || cleaned.contains("_") {
            cleaned.removeAll { $0 == "," || $0 == "_" }
        }
        guard let d = Double(cleaned) else { throw NotANumber(text: cell) }
        return d.isNaN ? nil : d
    }
}
