import Foundation
import Testing
@testable import Reporting

/// The ability catalogue's scale beside a measured transition: the summary
/// column, the task's sentence and the plot's reference line.
@Suite struct CatalogueScaleTests {
    static func report(scale: CatalogueScale?, flopsScale: Double = 1, xAxis: XAxisKind = .flops) -> ReportData {
        var data = SampleReports.standard()
        data.xAxis = xAxis
        data.tasks[0].catalogueScale = scale
        if flopsScale != 1 {
            data.tasks[0].curves = SampleReports.schaeffer(family: "sim", flopsScale: flopsScale)
            data.tasks[0].verdicts[0].transitionX = 2.5e20 * flopsScale
            data.tasks[0].verdicts[0].transitionLow = 1.6e20 * flopsScale
            data.tasks[0].verdicts[0].transitionHigh = 4e20 * flopsScale
            data.tasks[0].verdicts.removeLast()
        }
        return data
    }

    static let arithmetic = CatalogueScale(ability: "Arithmetic", flops: 1e22)

    @Test func theScaleReadsAsTheCatalogueWritesIt() {
        #expect(Self.arithmetic.flopsText == "~1e22")
        #expect(CatalogueScale(ability: "X", flops: 3e23).flopsText == "~3.00e23")
        #expect(Self.arithmetic.summaryText == "catalogue: ~1e22 FLOPs (the tutorial's approximate scale for arithmetic)")
        #expect(Self.arithmetic.distance(from: 1e13) == "9.0 orders of magnitude below")
        #expect(Self.arithmetic.distance(from: 1e23) == "1.0 orders of magnitude above")
        #expect(Self.arithmetic.distance(from: 1e22) == "at" && Self.arithmetic.distance(from: 0) == nil)
    }

    @Test func aScaleInsideThePlottedRangeIsMarkedAndCompared() throws {
        let files = ReportWriter.build(Self.report(scale: Self.arithmetic))
        let markdown = try #require(files["report.md"])
        #expect(markdown.contains("| ability catalogue |"))
        #expect(markdown.contains("catalogue: ~1e22 FLOPs (the tutorial's approximate scale for arithmetic)"))
        #expect(markdown.contains("The measured transition of sim, 2.50e20 FLOPs, lies 1.6 orders of magnitude below it."))
        #expect(markdown.contains("The break point of tiny, \"quoted\" \\<family\\>, 3.00e19 FLOPs, lies 2.5 orders of magnitude below it."))
        #expect(markdown.contains("It lies within the plotted range (3.00e17–1.00e22 FLOPs); the plots mark it with a grey dotted line."))
        let svg = try ParsedSVG(try #require(files["plots/addition-3--exact-match.svg"]))
        let line = try #require(svg.all("line", class: "reference").first)
        #expect(svg.all("text", class: "reference-label").map(\.text) == ["catalogue ~1e22"])
        // It stands at x = 1e22, where the largest model's marker is.
        let largest = try #require(svg.all("circle", class: "point").compactMap { $0.number("cx") }.max())
        #expect(abs(try #require(line.number("x1")) - largest) < 0.5)
    }

    @Test func theNotebookMarksItOnATrainingFLOPsAxisOnly() throws {
        let notebook = NotebookWriter.render(Self.report(scale: Self.arithmetic))
        #expect(notebook.contains(#"CATALOGUE = {\"addition-3\": (1e+22, \"catalogue ~1e22\")}"#)
                || notebook.contains(#"CATALOGUE = {\"addition-3\": (1e22, \"catalogue ~1e22\")}"#), "\(notebook.prefix(4000))")
        #expect(notebook.contains("ax.axvline(CATALOGUE[task][0]"))
        let onParams = NotebookWriter.render(Self.report(scale: Self.arithmetic, xAxis: .params))
        #expect(onParams.contains("CATALOGUE = {}"))
    }

    /// The marked notebook runs: the same plots as without the catalogue.
    @Test(.enabled(if: NotebookPython.path != nil || NotebookPython.isRequired, NotebookPython.missing))
    func theMarkedNotebookRuns() throws {
        let output = try NotebookTests.execute(Self.report(scale: Self.arithmetic), check: "")
        #expect(output.contains("report.ipynb images 5"), "\(output)")
    }

    @Test func aScaleFarBeyondALaddersRangeIsSaidSoAndNotDrawn() throws {
        // A ladder's range: 1e11…1e15 FLOPs.
        let files = ReportWriter.build(Self.report(scale: Self.arithmetic, flopsScale: 1e-7))
        let markdown = try #require(files["report.md"])
        #expect(markdown.contains("The measured transition of sim, 2.50e13 FLOPs, lies 8.6 orders of magnitude below it."))
        #expect(markdown.contains("It lies far outside the plotted range (1.00e11–1.00e15 FLOPs), so the plots do not mark it"))
        let svg = try ParsedSVG(try #require(files["plots/addition-3--exact-match.svg"]))
        #expect(svg.all("line", class: "reference").isEmpty)
    }

    @Test func withoutACatalogueTheReportIsUnchangedAndOtherAxesAreNotCompared() throws {
        let plain = ReportWriter.build(Self.report(scale: nil))
        let standard = ReportWriter.build(SampleReports.standard())
        #expect(plain.paths == standard.paths && plain.paths.allSatisfy { plain[$0] == standard[$0] })
        #expect(!(plain["report.md"] ?? "").contains("catalogue"))
        let byParams = ReportWriter.build(Self.report(scale: Self.arithmetic, xAxis: .params))
        #expect((byParams["report.md"] ?? "").contains("This report's x is parameters, so the catalogue's scale is neither compared nor drawn."))
        #expect(try ParsedSVG(try #require(byParams["plots/addition-3--exact-match.svg"])).all("line", class: "reference").isEmpty)
    }
}
