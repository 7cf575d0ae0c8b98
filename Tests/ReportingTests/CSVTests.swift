import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import Reporting

@Suite("Tidy CSV")
struct CSVTests {
    @Test("RFC 4180 quoting round-trips any field through the parser")
    func quoting() throws {
        var g = SplitMix64(seed: 42)
        let alphabet = Array("ab,\"\r\n x1é|")
        var table = CSVTable(header: ["a", "b,c", "d\"e"])
        for _ in 0..<200 {
            table.append((0..<3).map { _ in String((0..<Int.random(in: 0...6, using: &g)).map { _ in alphabet.randomElement(using: &g)! }) })
        }
        let parsed = try CSVParser.rows(table.text)
        #expect(parsed.count == 201)
        #expect(parsed[0] == table.header)
        #expect(Array(parsed.dropFirst()) == table.rows)
        #expect(table.text.hasSuffix("\r\n"))
        #expect(CSVTable.quote("plain") == "plain" && CSVTable.quote("a,b") == "\"a,b\"" && CSVTable.quote("q\"") == "\"q\"\"\"")
    }

    @Test("metrics.csv holds one row per observation with the values in full precision")
    func metricsRoundTrip() throws {
        let data = SampleReports.standard()
        let rows = try CSVParser.rows(CSVExports.metrics(data).text)
        let header = rows[0]
        let col = { (name: String) in header.firstIndex(of: name)! }
        let points = data.allCurves.flatMap { c in c.points.map { (c, $0) } }
        #expect(rows.count - 1 == points.count)
        for (row, (curve, point)) in zip(rows.dropFirst(), points) {
            #expect(row[col("task")] == curve.task && row[col("metric")] == curve.metric)
            #expect(row[col("family")] == curve.family && row[col("model")] == point.model.name)
            #expect(row[col("value")].isEmpty == (point.value == nil))
            if let v = point.value { #expect(Double(row[col("value")]) == v) }
            if let lo = point.estimate?.low { #expect(Double(row[col("ci_low")]) == lo) }
            if let n = point.estimate?.n { #expect(row[col("n")] == String(n)) }
            if let x = point.x { #expect(Double(row[col("x")]) == x) }
            #expect(row[col("class")] == curve.metricClass.rawValue)
        }
    }

    @Test("fits.csv has one row per parameter; emergence.csv one per curve; verdicts.csv one per verdict")
    func otherTables() throws {
        let data = SampleReports.standard()
        let fits = try CSVParser.rows(CSVExports.fits(data).text)
        #expect(fits.count - 1 == data.allCurves.compactMap(\.fit).map(\.parameters.count).reduce(0, +))
        #expect(fits[0].prefix(6) == ["task", "metric", "family", "strategy", "law", "parameter"])
        let emergence = try CSVParser.rows(CSVExports.emergence(data).text)
        #expect(emergence.count - 1 == data.allCurves.count)
        let verdicts = try CSVParser.rows(CSVExports.verdicts(data).text)
        #expect(verdicts.count - 1 == 3)
        #expect(verdicts[1][3] == "metric-induced")
        let curves = try CSVParser.rows(CSVExports.fitCurves(data).text)
        #expect(curves.count - 1 == data.allCurves.compactMap(\.fit).map(\.samples.count).reduce(0, +))
    }
}
