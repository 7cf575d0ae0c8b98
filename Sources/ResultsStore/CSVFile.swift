import EmergeSupport
import Foundation

/// A parsed CSV file with a header row, with lookups that name the file,
/// line and column in their errors.
struct CSVFile {
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
