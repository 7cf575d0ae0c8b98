import EmergeSupport
import EmergeTestSupport
import Foundation
import ScalingFits
import Testing
import Reporting
@testable import ReportBuilding

/// The prediction report: its files, its sections, its plot, and that the
/// same forecasts give the same bytes.
@Suite("Prediction report")
struct PredictionReportTests {
    /// A floor, then a rise: accuracy of a family of eight models, and a
    /// log-likelihood that rises smoothly beside it.
    static func curves() -> [Curve] {
        let u = (0..<8).map { 18 + Double($0) }
        let ll = u.map { -2 * pow(10, -0.3 * ($0 - 18)) }
        let acc = ll.map { Foundation.exp(6 * $0) }
        func points(_ y: [Double]) -> [CurvePoint] {
            zip(u, y).enumerated().map { i, p in CurvePoint(model: "m\(i)", x: pow(10, p.0), y: p.1, stderr: 0.01) }
        }
        return [Curve(task: "add", metric: "exact-match", family: "f", metricClass: .threshold, range: 0...1, points: points(acc)),
                Curve(task: "add", metric: "log-likelihood", family: "f", metricClass: .perToken, points: points(ll))]
    }

    @Test("a backtest report has its section, score table, plot and notebook, byte-identical on a second write")
    func backtestReport() throws {
        let curves = Self.curves()
        let cases = backtest([curves[0]], context: PredictionContext(curves: curves),
                             methods: [.direct, .viaContinuous], maxHoldout: 2, options: PredictionOptions(bootstrap: 20))
        let report = PredictionReport(title: "Test predictions", predictions: [], backtest: cases)
        let dir = try makeTemporaryDirectory("prediction-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("a"), second = dir.appendingPathComponent("b")
        #expect(try report.write(to: first) == 5)
        try report.write(to: second)
        let names = ["prediction.md", "predictions.csv", "backtest.csv", "prediction.ipynb", "plots/predict--add--exact-match--f.svg"]
        for name in names {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            #expect(a == (try Data(contentsOf: second.appendingPathComponent(name))), "\(name) differs between writes")
        }
        let markdown = try String(contentsOf: first.appendingPathComponent("prediction.md"), encoding: .utf8)
        #expect(markdown.contains("## Prediction: add"))
        #expect(markdown.contains("Fitted on 6 models with flops ≤ 1.00e23 (the largest 2 held out)."))
        #expect(markdown.components(separatedBy: "(best) |").count == 3)   // the task's table and the overall one
        #expect(markdown.contains("## Backtest over every task"))
        let csv = try CSVParser.rows(try String(contentsOf: first.appendingPathComponent("predictions.csv"), encoding: .utf8))
        #expect(csv[0] == PredictionReport.columns)
        #expect(csv.count == 1 + 2 * (1 + 2))   // two methods × (one model held out, then two)
        let svg = try String(contentsOf: first.appendingPathComponent("plots/predict--add--exact-match--f.svg"), encoding: .utf8)
        #expect(svg.contains("via-continuous") && svg.contains("observed"))
        let notebook = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: first.appendingPathComponent("prediction.ipynb"))) as? [String: Any])
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.count == 2 && cells.allSatisfy { $0["id"] is String })
        #expect(((cells[1]["source"] as? [String]) ?? []).joined().contains("pd.read_csv(\"predictions.csv\")"))
    }

    @Test("the chart draws the observed points, each forecast with its intervals and the transition marks")
    func chart() throws {
        let curves = Self.curves()
        let p = try predictViaContinuous(curves[0], companions: curves, split: .holdout(3), options: PredictionOptions(bootstrap: 20))
        let chart = PredictionChart.chart([p])
        #expect(chart.series.map(\.label) == ["observed", "via-continuous"])
        #expect(chart.series[0].points.count == 8 && chart.series[1].points.count == 3)
        #expect(chart.series[1].points.allSatisfy { ($0.low ?? .nan) <= $0.y && $0.y <= ($0.high ?? .nan) })
        #expect(chart.series[1].fit.count == 61)
        #expect(chart.series[1].transition?.x == p.transition.x && chart.series[0].transition?.x == p.transition.observedX)
    }
}
