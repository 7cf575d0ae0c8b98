import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import Reporting

// The chain-of-thought report's files, written from data filled by hand:
// accuracy per strategy, paired gain over the standard prompt,
// self-consistency vote margins, as Markdown, CSV and SVG.

private let small = ReportModel(name: "m-small", params: 1e4, trainingFlops: 1e11)
private let large = ReportModel(name: "m-large", params: 1e5, trainingFlops: 1e12)

private func estimate(_ value: Double, _ low: Double, _ high: Double, n: Int = 4) -> Estimate {
    Estimate(value: value, low: low, high: high, stderr: 0.1, n: n)
}

/// Three series on two models; self-consistency only on the larger one.
private func sampleData() -> CoTReportData {
    CoTReportData(title: "CoT", task: "add2", points: [
        CoTPoint(model: small, series: "standard", strategy: "standard", samples: 1, accuracy: estimate(0.5, 0, 1)),
        CoTPoint(model: large, series: "standard", strategy: "standard", samples: 1, accuracy: estimate(0.25, 0, 0.75)),
        CoTPoint(model: large, series: "self-consistency n=3", strategy: "self-consistency", samples: 3,
                 accuracy: estimate(0.5, 0, 1), gain: estimate(0.25, -0.25, 0.75),
                 margins: VoteMargins(mean: estimate(2.0 / 3, 1.0 / 3, 1), unanimous: 0.5,
                                      meanWhenRight: 2.0 / 3, meanWhenWrong: 2.0 / 3)),
        CoTPoint(model: small, series: "zero-shot-cot", strategy: "zero-shot-cot", samples: 1,
                 accuracy: estimate(0.25, 0, 0.75), gain: estimate(-0.25, -0.75, 0.25)),
        CoTPoint(model: large, series: "zero-shot-cot", strategy: "zero-shot-cot", samples: 1,
                 accuracy: estimate(0.8, 0.4, 1, n: 5), gain: estimate(0.5, 0, 1)),
    ])
}

@Test func theReportFilesHoldTheTablesAndOneSeriesPerStrategy() throws {
    let data = sampleData()
    let files = Dictionary(uniqueKeysWithValues: CoTReportWriter.build(data).map { ($0.path, $0.contents) })
    #expect(Set(files.keys) == ["cot.md", "cot.csv", "cot-accuracy.svg", "cot-gain.svg", "cot-vote-margins.svg"])
    #expect(CoTReportWriter.build(data).map(\.contents) == CoTReportWriter.build(sampleData()).map(\.contents))

    let markdown = try #require(files["cot.md"])
    for expected in ["![Exact match per strategy against training FLOPs](cot-accuracy.svg)", "(cot-gain.svg)",
                     "(cot-vote-margins.svg)", "| m-large | 1.00e5 | 1.00e12 | 0.250 \\[0, 0.750\\]", "+0.500 \\[",
                     "| m-large | self-consistency n=3 | 0.667 \\[0.333, 1.00\\] | 0.500 | 0.667 | 0.667 |"] {
        #expect(markdown.contains(expected), "\(expected)")
    }

    let rows = try CSVParser.rows(try #require(files["cot.csv"]))
    #expect(rows.count == 1 + data.points.count)
    let header = rows[0]
    let row = try #require(rows.first { $0[0] == "m-large" && $0[header.firstIndex(of: "series")!] == "zero-shot-cot" })
    #expect(Double(row[header.firstIndex(of: "accuracy")!]) == 0.8 && row[header.firstIndex(of: "n")!] == "5")
    #expect(Double(row[header.firstIndex(of: "gain")!]) == 0.5 && row[header.firstIndex(of: "gain_n")!] == "4")
    #expect(row[header.firstIndex(of: "margin_mean")!] == "")

    // Accuracy: three series (five points); gain: two series (three points); margins: one point.
    for (file, points, lines) in [("cot-accuracy.svg", 5, 2), ("cot-gain.svg", 3, 1), ("cot-vote-margins.svg", 1, 0)] {
        let svg = try ParsedSVG(try #require(files[file]))
        #expect(svg.nodes.filter { $0.attributes["class"] == "point" }.count == points, "\(file)")
        #expect(svg.all("polyline", class: "fit").count == lines, "\(file)")
    }
}

