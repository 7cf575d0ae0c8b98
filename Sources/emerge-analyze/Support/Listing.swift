import EmergeSupport
import Foundation

/// A value in a listing cell. JSON keeps types; table and CSV print text.
enum Cell: Sendable {
    case text(String)
    case int(Int)
    case number(Double)
    case bool(Bool)
    case null

    init(_ value: String?) { self = value.map(Cell.text) ?? .null }
    init(_ value: Double?) { self = value.map(Cell.number) ?? .null }
    init(_ value: Int?) { self = value.map(Cell.int) ?? .null }
    init(_ value: Bool?) { self = value.map(Cell.bool) ?? .null }

    /// The text shown in table and CSV output (full precision; empty for null).
    var plain: String {
        switch self {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .number(let d): return d.isFinite ? "\(d)" : (d.isNaN ? "nan" : (d > 0 ? "inf" : "-inf"))
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        }
    }

    var json: Any {
        switch self {
        case .text(let s): return s
        case .int(let i): return i
        case .number(let d): return d.isFinite ? d : NSNull()
        case .bool(let b): return b
        case .null: return NSNull()
        }
    }
}

/// Rows with named columns, printed as an aligned table, RFC 4180 CSV, or a
/// JSON array of objects whose keys are the column names (docs/design.md#cli-contract).
struct Listing {
    var columns: [String]
    var rows: [[Cell]]

    init(columns: [String], rows: [[Cell]] = []) {
        self.columns = columns
        self.rows = rows
    }

    mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "row width must match the columns")
        rows.append(row)
    }

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: return renderTable()
        case .csv: return renderCSV()
        case .json: return renderJSON()
        }
    }

    func renderTable() -> String {
        let texts = rows.map { $0.map(\.plain) }
        var widths = columns.map(\.count)
        for row in texts { for (i, t) in row.enumerated() { widths[i] = max(widths[i], t.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, t in t.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(columns), line(widths.map { String(repeating: "-", count: $0) })]
        out += texts.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    func renderCSV() -> String {
        var table = CSVTable(header: columns)
        for row in rows { table.append(row.map(\.plain)) }
        return table.text
    }

    func renderJSON() -> String {
        let objects: [[String: Any]] = rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(columns, row.map(\.json)))
        }
        let data = try! JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
