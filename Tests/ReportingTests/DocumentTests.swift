import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import Reporting

@Suite("report.md and report.html")
struct DocumentTests {
    @Test("report.md starts with the summary table, then tasks with tables, verdict reasons and plot links")
    func markdown() throws {
        let files = ReportWriter.build(SampleReports.standard())
        let md = try #require(files["report.md"])
        let summary = try #require(md.range(of: "## Summary"))
        let firstTask = try #require(md.range(of: "## Task: addition-3"))
        #expect(summary.lowerBound < firstTask.lowerBound)
        #expect(md.contains("| task | family | strategy | verdict | transition (training FLOPs) |"))
        #expect(md.contains("| addition-3 | sim | standard | metric-induced | 2.50e20 \\[1.60e20, 4.00e20\\] |"))
        #expect(md.contains("**metric-induced** — exact-match jumps (surprise 6.3) but no per-token metric does."))
        #expect(md.contains("| sim-1 | 1.00e18 | 0.00410 \\[0, 0.0341\\]"))
        #expect(md.contains("| missing |"))
        #expect(md.contains("sigmoid-log | lo = 0.0100 \\[0, 0.0300\\]; hi = 0.930"))
        #expect(md.contains("![addition-3: exact-match vs training FLOPs](plots/addition-3--exact-match.svg)"))
        #expect(md.contains("(plots/addition-3--mirage.svg)"))
        // The verdict's sentence stands beside the plots too, right under their heading.
        let plots = try #require(md.range(of: "### Plots"))
        let afterPlots = md[plots.upperBound...]
        let reason = try #require(afterPlots.range(of: "exact-match jumps (surprise 6.3) but no per-token metric does."))
        #expect(reason.lowerBound < afterPlots.range(of: "![")!.lowerBound)
        // Every linked plot exists among the files.
        for line in md.split(separator: "\n") where line.hasPrefix("![") {
            let path = String(line[line.index(after: line.lastIndex(of: "(")!)..<line.lastIndex(of: ")")!])
            #expect(files[path] != nil, "\(path) is linked but not written")
        }
        // A pipe in a task name cannot break the table.
        #expect(md.contains("| lonely\\|task | sim |"))
    }

    @Test("report.html is one self-contained page with every plot inline")
    func html() throws {
        let files = ReportWriter.build(SampleReports.standard())
        let html = try #require(files["report.html"])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == files.paths.filter { $0.hasSuffix(".svg") }.count)
        #expect(!html.contains("<?xml"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("<script"))
        #expect(html.contains("<style>"))
        #expect(html.contains("tiny, &quot;quoted&quot; &lt;family&gt;") || html.contains("tiny, \"quoted\" &lt;family&gt;"))
        // The page is well-formed XML apart from the doctype (so every inline SVG closes properly).
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
            .replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")
            .replacingOccurrences(of: "initial-scale=1\">", with: "initial-scale=1\"/>")
        _ = try ParsedSVG(body)
    }

    @Test("the same data gives byte-identical files")
    func deterministic() {
        let a = ReportWriter.build(SampleReports.standard(), options: ReportOptions(notebook: true))
        let b = ReportWriter.build(SampleReports.standard(), options: ReportOptions(notebook: true))
        #expect(a.paths == b.paths)
        for path in a.paths { #expect(a[path] == b[path], "\(path) differs between two builds") }
    }

    @Test("an empty report says there is no data and writes every file")
    func empty() throws {
        let dir = try makeTemporaryDirectory("reporting-empty")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try ReportWriter.write(ReportData(title: "Empty", notes: ["The store is empty."]), to: dir,
                                           options: ReportOptions(notebook: true))
        #expect(files.paths.sorted() == ["emergence.csv", "fit-curves.csv", "fits.csv", "metrics.csv", "report.html",
                                         "report.ipynb", "report.md", "verdicts.csv"])
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("**No data:**") && md.contains("The store is empty."))
        #expect(try CSVParser.rows(files["metrics.csv"]!).count == 1)
    }

    @Test("a task with one model and a family with missing values are reported, not dropped")
    func sparse() throws {
        var data = SampleReports.standard()
        // A family whose every value is missing.
        data.tasks[0].curves.append(CurveReport(task: "addition-3", metric: "exact-match", family: "ghost", metricClass: .threshold,
                                                points: [ReportPoint(model: ReportModel(name: "ghost-1"), x: 1e20, estimate: nil),
                                                         ReportPoint(model: ReportModel(name: "ghost-2"), x: nil,
                                                                     estimate: Estimate(value: 0.5))]))
        let files = ReportWriter.build(data)
        let md = try #require(files["report.md"])
        #expect(md.contains("**ghost** — 2 models"))
        #expect(md.contains("| ghost-1 | 1.00e20 | missing |"))
        #expect(md.contains("| lonely\\|task | sim | – | insufficient-data |"))
        #expect(md.contains("- Only one model has scores on this task."))
        let svg = try ParsedSVG(try #require(files["plots/addition-3--exact-match.svg"]))
        #expect(svg.all("text", class: "footnote").first?.text.hasPrefix("3 models without a value or x not drawn") == true)
        let lonely = try ParsedSVG(try #require(files["plots/lonely-task--multiple-choice-grade.svg"]))
        #expect(lonely.all("circle", class: "point").count == 1)
        // A metric no model has a value for still gets a plot that says so.
        let nothing = ReportData(tasks: [TaskReport(name: "t", curves: [CurveReport(task: "t", metric: "brier", family: "f",
            metricClass: .perToken, points: [ReportPoint(model: ReportModel(name: "m"), x: 1e20, estimate: nil)])])])
        let plot = try ParsedSVG(try #require(ReportWriter.build(nothing)["plots/t--brier.svg"]))
        #expect(plot.all("text", class: "empty").first?.text == "no model has a value for this metric")
    }

    @Test("file names are slugs, unique even when names differ only in symbols")
    func slugs() {
        var names = FileNames()
        #expect(names.unique(["Add 3", "exact-match"]) == "add-3--exact-match")
        #expect(names.unique(["add/3", "exact-match"]) == "add-3--exact-match-2")
        #expect(FileNames.slug("../etc") == "etc")
    }
}
