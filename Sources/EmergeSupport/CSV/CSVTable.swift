import Foundation

/// A table written as RFC 4180 CSV: a header row, CRLF line ends, fields
/// quoted only when they contain a comma, quote, CR or LF (quotes doubled).
/// pandas.read_csv reads it with no options, and `CSVParser.rows(_:)` gives
/// the header and rows back.
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public private(set) var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    /// Appends one row; it must have as many fields as the header.
    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a CSV row must have \(header.count) fields, got \(row.count)")
        rows.append(row)
    }

    /// The CSV text.
    public var text: String {
        var out = ""
        out.reserveCapacity((rows.count + 1) * header.count * 12)
        for row in [header] + rows {
            out += row.map(Self.quote).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    /// One field as written in CSV: unchanged unless it holds a comma, quote,
    /// CR or LF, else between quotes with its quotes doubled.
    public static func quote(_ field: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
