import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import Reporting

/// Reliability diagrams and the calibration section on hand-made data.
@Suite("Calibration in reports")
struct CalibrationReportTests {
    static let bins = [
        ReliabilityBin(lower: 0.1, upper: 0.3, count: 40, meanConfidence: 0.2, accuracy: 0.1),
        ReliabilityBin(lower: 0.4, upper: 0.6, count: 35, meanConfidence: 0.5, accuracy: 0.5),
        ReliabilityBin(lower: 0.7, upper: 0.9, count: 25, meanConfidence: 0.8, accuracy: 0.6),
    ]

    static func diagram() -> ReliabilityDiagramData {
        ReliabilityDiagramData(model: "sim-3", family: "sim", strategy: "confidence", series: [
            ReliabilitySeries(source: "probability", bins: bins, ece: 0.11, answers: 100),
            ReliabilitySeries(source: "verbal", bins: [ReliabilityBin(lower: 0.9, upper: 0.9, count: 80, meanConfidence: 0.9,
                                                                      accuracy: 0.5)], ece: 0.4, answers: 80),
        ])
    }

    /// The sample report with calibration on its first task: two sizes (the second pooled over two seeds) and one diagram.
    static func report() -> ReportData {
        var data = SampleReports.standard()
        data.tasks[0].calibration = TaskCalibration(rows: [
            CalibrationSummary(model: ReportModel(name: "sim-1", trainingFlops: 1e18), family: "sim", strategy: "confidence",
                               source: "verbal", x: 1e18, answers: 80, accuracy: 0.5,
                               ece: Estimate(value: 0.4, low: 0.35, high: 0.46), brier: 0.41, threshold: 0, coverage: 0.8,
                               selectiveAccuracy: 0.5, abstained: 20, unstated: 3),
            CalibrationSummary(model: ReportModel(name: "sim-size-2", trainingFlops: 1e20), family: "sim", strategy: "confidence",
                               source: "verbal", x: 1e20, answers: 160, accuracy: 0.7,
                               ece: Estimate(value: 0.125, low: 0.05, high: 0.2), brier: 0.2, threshold: 0, coverage: 0.9,
                               selectiveAccuracy: 0.7, abstained: 10, unstated: 0, seeds: 2, seedECE: [0.1, 0.15]),
        ], diagrams: [diagram()], binCount: 10)
        return data
    }

    @Test("a reliability diagram draws each bin at (mean confidence, accuracy) with its count, and the diagonal")
    func reliabilityGeometry() throws {
        let svg = try ParsedSVG(ReliabilityDiagram.render(Self.diagram(), task: "addition-3"))
        let diagonal = try #require(svg.all("line", class: "diagonal").first)
        let x0 = try #require(diagonal.number("x1")), y0 = try #require(diagonal.number("y1"))
        let x1 = try #require(diagonal.number("x2")), y1 = try #require(diagonal.number("y2"))
        #expect(abs((x1 - x0) - (y0 - y1)) < 1e-6, "square plot: the diagonal is at 45°")
        let circles = svg.all("circle", class: "bin")
        let squares = svg.all("rect", class: "bin")
        #expect(circles.map { $0.attributes["data-count"] } == ["40", "35", "25"] && squares.count == 1)
        #expect(circles.map { $0.attributes["data-source"] } == ["probability", "probability", "probability"])
        // (0.5, 0.5) lies on the diagonal; (0.8, 0.6) lies below it by 0.2 of the axis.
        func pixel(_ c: Double, _ a: Double) -> (Double, Double) { (x0 + c * (x1 - x0), y0 + a * (y1 - y0)) }
        for (node, bin) in zip(circles, Self.bins) {
            let want = pixel(bin.meanConfidence, bin.accuracy)
            #expect(abs(node.number("cx")! - want.0) < 0.01 && abs(node.number("cy")! - want.1) < 0.01)
        }
        #expect(abs(squares[0].number("x")! + squares[0].number("width")! / 2 - pixel(0.9, 0.5).0) < 0.01)
        let counts = svg.all("text", class: "bin-count").map(\.text)
        #expect(Set(counts).isSuperset(of: ["40", "35", "25", "80"]))
        let legend = svg.all("text", class: "legend-label").map(\.text)
        #expect(legend == ["answer probability: ECE 0.110, 100 answers in 3 bins", "stated confidence: ECE 0.400, 80 answers in 1 bins"])
        #expect(svg.all("polyline", class: "reliability-line").count == 1, "one bin draws no line")
    }

    @Test("the report writes the calibration section, calibration.csv, the ECE curve and a diagram per run")
    func reportFiles() throws {
        let data = Self.report()
        let files = ReportWriter.build(data)
        let md = try #require(files["report.md"])
        let section = try #require(md.range(of: "### Calibration")).lowerBound
        let tail = String(md[section...])
        #expect(tail.contains("| sim | confidence | stated confidence | sim-size-2 (2 seeds) | 1.00e20 | 160 | 0.700 | 0.125 \\[0.0500, 0.200\\] | 0.200 | 0 | 0.900 | 0.700 | 10 | 0 |"))
        #expect(tail.contains("10 equal-mass bins") && tail.contains("an abstention lowers coverage"))
        let ecePath = "plots/addition-3--calibration--ece.svg"
        let diagramPath = "plots/addition-3--reliability--sim-3--confidence.svg"
        #expect(tail.contains("](\(ecePath))") && tail.contains("](\(diagramPath))"))
        let html = try #require(files["report.html"])
        #expect(html.contains("<h3>Calibration</h3>") && html.contains("class=\"bin\""))

        let diagram = try ParsedSVG(try #require(files[diagramPath]))
        #expect(diagram.all("circle", class: "bin").count == 3)
        // ECE against FLOPs: the pooled size at its mean with its two seeds beside it.
        let ece = try ParsedSVG(try #require(files[ecePath]))
        #expect(ece.all("rect", class: "point").count == 2, "stated confidence draws squares")
        #expect(ece.all("circle", class: "seed").count == 2)
        #expect(ece.all("text", class: "y-title").first?.text == "ECE (lower is better)")

        let csv = try CSVParser.rows(try #require(files["calibration.csv"]))
        #expect(csv[0].prefix(6) == ["task", "family", "strategy", "source", "model", "x"])
        #expect(csv.count == 3 && csv[2][4] == "sim-size-2" && csv[2][11] == "0.125" && csv[2].last == "2")
        #expect(ReportWriter.build(SampleReports.standard())["calibration.csv"] == nil, "no confidences, no file")
    }

    @Test("rsvg-convert renders the calibration plots")
    func rendersWithRsvg() throws {
        guard let rsvg = Tools.which("rsvg-convert") else {
            Issue.record("rsvg-convert is missing: install librsvg2-bin (make test does)"); return
        }
        let dir = try makeTemporaryDirectory("calibration-rsvg")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try ReportWriter.write(Self.report(), to: dir)
        for path in files.paths where path.hasSuffix(".svg") && (path.contains("calibration") || path.contains("reliability")) {
            let result = try Tools.run(rsvg, [dir.appendingPathComponent(path).path, "-o", dir.appendingPathComponent(path + ".png").path])
            #expect(result.status == 0 && result.output.isEmpty, "\(path): \(result.output)")
        }
    }
}
