import Foundation

/// A CSV file read as named columns of numbers (the input of `fit-loss`).
///
/// RFC 4180 quoting is understood; the first row is the header. A cell that
/// is empty or not a number is recorded as NaN, so the caller decides whether
/// a missing value is a refusal or a dropped row.
public struct NumericTable: Sendable {
    public let header: [String]
    /// Raw cells, row by row.
    public let rows: [[String]]

    public init(csv text: String) throws {
        let records = NumericTable.parse(text)
        guard let first = records.first, !first.isEmpty else { throw TableError.empty }
        header = first.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [[String]] = []
        for (i, r) in records.dropFirst().enumerated() {
            if r.count == 1 && r[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard r.count == header.count else {
                throw TableError.ragged(line: i + 2, expected: header.count, got: r.count)
            }
            rows.append(r)
        }
        self.rows = rows
    }

    /// The values of column `name` (NaN where empty or not numeric).
    public func column(_ name: String) throws -> [Double] {
        guard let j = header.firstIndex(of: name) else {
            throw TableError.missingColumn(name, available: header)
        }
        return rows.map { Double($0[j].trimmingCharacters(in: .whitespaces)) ?? .nan }
    }

    public enum TableError: Error, CustomStringConvertible, Equatable {
        case empty
        case ragged(line: Int, expected: Int, got: Int)
        case missingColumn(String, available: [String])

        public var description: String {
            switch self {
            case .empty: return "The CSV file is empty."
            case let .ragged(line, expected, got): return "Line \(line) of the CSV has \(got) cells where the header has \(expected)."
            case let .missingColumn(name, available):
                return "The CSV has no column named \"\(name)\" (columns: \(available.joined(separator: ", ")))."
            }
        }
    }

    /// Splits CSV text into records of fields, honouring quotes.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { inQuotes = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r" && chars.first == "\n" { chars.removeFirst() }
                record.append(field); field = ""
                records.append(record); record = []
            } else { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
