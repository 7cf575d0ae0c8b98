import EmergeSupport
import Foundation

/// A CSV file read as named columns of numbers (the input of `fit-loss`).
///
/// Read by `CSVParser` (RFC 4180); the first row is the header and blank
/// lines are skipped. A cell that is empty or not a number is recorded as
/// NaN, so the caller decides whether a missing value is a refusal or a
/// dropped row. Throws `TableError`.
public struct NumericTable: Sendable {
    public let header: [String]
    /// Raw cells, row by row.
    public let rows: [[String]]

    public init(csv text: String) throws {
        let records: [CSVRecord]
        do { records = try CSVParser.parse(text) } catch let e as CSVSyntaxError {
            throw TableError.syntax(line: e.line, column: e.column, message: e.message)
        }
        guard let first = records.first, !first.fields.isEmpty else { throw TableError.empty }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [[String]] = []
        for r in records.dropFirst() {
            if r.fields.count == 1 && r.fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard r.fields.count == header.count else {
                throw TableError.ragged(line: r.line, expected: header.count, got: r.fields.count)
            }
            rows.append(r.fields)
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
        /// Not CSV at this line and column (e.g. a quote that is never closed).
        case syntax(line: Int, column: Int, message: String)
        case ragged(line: Int, expected: Int, got: Int)
        case missingColumn(String, available: [String])

        public var description: String {
            switch self {
            case .empty: return "The CSV file is empty."
            case let .syntax(line, column, message): return "Line \(line), column \(column) of the CSV: \(message)."
            case let .ragged(line, expected, got): return "Line \(line) of the CSV has \(got) cells where the header has \(expected)."
            case let .missingColumn(name, available):
                return "The CSV has no column named \"\(name)\" (columns: \(available.joined(separator: ", ")))."
            }
        }
    }
}
