import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import Reporting

@Suite("SVG plots")
struct PlotTests {
    /// A chart whose x data spans exactly 1e19…1e23.
    static func goldenChart() -> Chart {
        let points = [1e19, 1e20, 1e21, 1e22, 1e23].enumerated().map { i, x in
            ChartPoint(x: x, y: Double(i) * 0.2, low: max(0, Double(i) * 0.2 - 0.05), high: min(1, Double(i) * 0.2 + 0.05))
        }
        return Chart(title: "golden", xTitle: "training FLOPs", yTitle: "exact-match",
                     series: [ChartSeries(label: "fam", colour: 0, points: points)], yRange: 0...1)
    }

    @Test("a point at x = 1e21 lands halfway across a 1e19…1e23 plot area")
    func goldenGeometry() throws {
        let svg = try ParsedSVG(ChartRenderer().document(Self.goldenChart()))
        // The plot area is the first rect of the chart group.
        let area = try #require(svg.nodes.first { $0.name == "rect" && $0.depth == 2 })
        let left = try #require(area.number("x")), width = try #require(area.number("width"))
        let top = try #require(area.number("y")), height = try #require(area.number("height"))
        let points = svg.all("circle", class: "point")
        #expect(points.count == 5)
        let cx = try #require(points[2].number("cx"))
        #expect(abs(cx - (left + width / 2)) < 0.011)
        // y: linear 0…1 from the bottom (inside the frame's inset); 0.4 sits 40% up.
        let cy = try #require(points[2].number("cy"))
        let inset = ChartStyle().inset
        #expect(abs(cy - (top + height - inset - 0.4 * (height - 2 * inset))) < 0.011)
        #expect(abs(try #require(points[0].number("cx")) - (left + inset)) < 0.011)
        // And the same pixel comes out of the layout the renderer used.
        let layout = ChartLayout(chart: Self.goldenChart(), frame: Frame(x: 0, y: 0, width: 800, height: 500))
        #expect(abs(layout.x.pixel(1e21) - cx) < 0.011)
    }

    @Test("x tick labels are exactly the decades in range, y labels the nice steps")
    func tickLabels() throws {
        let svg = try ParsedSVG(ChartRenderer().document(Self.goldenChart()))
        let xLabels = svg.all("text", class: "x-tick-label").map { $0.text.replacingOccurrences(of: "10", with: "10^", options: .anchored) }
        #expect(xLabels == ["10^19", "10^20", "10^21", "10^22", "10^23"])
        let yLabels = svg.all("text", class: "y-tick-label").map(\.text)
        #expect(yLabels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(svg.all("line", class: "minor-tick").count == 4 * 8)
    }

    @Test("every plot of a report is well-formed XML, escapes names, and has no overlapping text")
    func wellFormedAndReadable() throws {
        let files = ReportWriter.build(SampleReports.standard())
        let plots = files.paths.filter { $0.hasPrefix("plots/") }
        #expect(plots.count == 5)
        for path in plots {
            let text = try #require(files[path])
            let svg = try ParsedSVG(text)
            #expect(svg.nodes.first?.name == "svg")
            #expect(svg.nodes.first?.attributes["font-family"] == TextMetrics.fontFamily)
            var boxes: [TextBox] = []
            for (i, node) in svg.nodes.enumerated() where node.name == "text" {
                let exponent = svg.nodes.indices.contains(i + 1) && svg.nodes[i + 1].name == "tspan" ? svg.nodes[i + 1].text : nil
                if let box = TextBox(node, exponentText: exponent) { boxes.append(box) }
            }
            #expect(boxes.count > 10)
            for i in boxes.indices { for j in boxes.indices where j > i {
                #expect(!boxes[i].overlaps(boxes[j]), "\(path): '\(boxes[i].text)' overlaps '\(boxes[j].text)'")
            } }
            // Every label stays inside the picture.
            let width = try #require(svg.nodes[0].number("width")), height = try #require(svg.nodes[0].number("height"))
            for b in boxes {
                let inside: Bool = b.minX >= 0 && b.maxX <= width && b.minY >= 0 && b.maxY <= height
                #expect(inside, "\(path): '\(b.text)' leaves the picture")
            }
        }
        let family = try #require(files["plots/addition-3--exact-match.svg"])
        #expect(family.contains("tiny, &quot;quoted&quot; &lt;family&gt;") || family.contains("tiny, \"quoted\" &lt;family&gt;"))
        #expect(!family.contains("<family>"))
    }

    @Test("the chart shows the fitted curve, interval bars, the transition band and the legend")
    func elements() throws {
        let svg = try ParsedSVG(try #require(ReportWriter.build(SampleReports.standard())["plots/addition-3--exact-match.svg"]))
        #expect(svg.all("polyline", class: "fit").count >= 2)
        #expect(svg.all("path", class: "interval").count == 17)   // 18 models, one without a value
        #expect(svg.all("rect", class: "transition-band").count == 2)
        #expect(svg.all("line", class: "transition").count == 2)
        #expect(svg.all("text", class: "legend-label").map(\.text).contains("sim (sigmoid-log fit)"))
        #expect(svg.all("text", class: "footnote").first?.text.contains("1 model without a value") == true)
        #expect(svg.all("text", class: "x-title").first?.text == "training FLOPs (log scale)")
    }

    @Test("a positive metric spanning many decades gets a log y axis")
    func logY() throws {
        let points: [ChartPoint] = (0..<6).map { (i: Int) -> ChartPoint in
            let x: Double = pow(10.0, Double(18 + i))
            let y: Double = pow(10.0, Double(-12 + 2 * i))
            return ChartPoint(x: x, y: y)
        }
        let chart = Chart(title: "p", xTitle: "x", yTitle: "target-probability", series: [ChartSeries(label: "f", colour: 1, points: points)])
        let layout = ChartLayout(chart: chart, frame: Frame(x: 0, y: 0, width: 800, height: 500))
        guard case .log(let y) = layout.y else { Issue.record("expected a log y axis"); return }
        #expect(y.lowerDecade == -12 && y.upperDecade == -2)
        let svg = try ParsedSVG(ChartRenderer().document(chart))
        #expect(!svg.all("text", class: "y-tick-label").isEmpty)
    }

    @Test("rsvg-convert renders every plot to PNG without error")
    func rendersWithRsvg() throws {
        guard let rsvg = Tools.which("rsvg-convert") else {
            Issue.record("rsvg-convert is missing: install librsvg2-bin (make test does)"); return
        }
        let dir = try makeTemporaryDirectory("reporting-rsvg")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try ReportWriter.write(SampleReports.standard(), to: dir)
        for path in files.paths where path.hasSuffix(".svg") {
            let png = dir.appendingPathComponent(path + ".png").path
            let result = try Tools.run(rsvg, [dir.appendingPathComponent(path).path, "-o", png])
            #expect(result.status == 0, "\(path): \(result.output)")
            #expect(result.output.isEmpty, "\(path): \(result.output)")
            let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
            #expect(size > 5000)
        }
    }
}

@Suite("Seeds and verdict shares in reports")
struct SeedAndShareRenderingTests {
    @Test("a size pooled over seeds draws one faint dot per seed at that seed's height, right of the mean")
    func seedDots() throws {
        let pooled = ChartPoint(x: 1e20, y: 0.5, low: 0.3, high: 0.7, seedValues: [0.2, 0.5, 0.8])
        let single = ChartPoint(x: 1e21, y: 0.9)
        let chart = Chart(title: "seeds", xTitle: "x", yTitle: "exact-match",
                          series: [ChartSeries(label: "fam", colour: 0, points: [pooled, single])], yRange: 0...1)
        let svg = try ParsedSVG(ChartRenderer().document(chart))
        let dots = svg.all("circle", class: "seed")
        #expect(dots.count == 3)
        let layout = ChartLayout(chart: chart, frame: Frame(x: 0, y: 0, width: 800, height: 500))
        let ys = dots.compactMap { $0.number("cy") }.sorted()
        let expected = [0.8, 0.5, 0.2].map { layout.y.pixel($0) }
        for (a, b) in zip(ys, expected) { #expect(abs(a - b) < 0.011) }
        for dot in dots { #expect(try #require(dot.number("cx")) > layout.x.pixel(1e20)) }
    }

    @Test("seed values outside the means' intervals widen the y axis so every seed is drawn")
    func seedsWidenTheAxis() {
        let chart = Chart(title: "t", xTitle: "x", yTitle: "log-likelihood",
                          series: [ChartSeries(label: "f", colour: 0, points: [
                              ChartPoint(x: 1e20, y: -1, low: -1.1, high: -0.9, seedValues: [-3, -1, 0.5]),
                              ChartPoint(x: 1e21, y: -0.5)])])
        let layout = ChartLayout(chart: chart, frame: Frame(x: 0, y: 0, width: 800, height: 500))
        #expect(layout.y.contains(-3) && layout.y.contains(0.5))
    }

    @Test("the summary shows the verdict's share and marks it uncertain under 80%; verdicts.csv carries every share")
    func sharesInSummaryAndCSV() throws {
        let sure = VerdictReport(family: "f", verdict: .metricInduced, reason: "r", resamples: 200,
                                 shares: [.metricInduced: 0.88, .persists: 0.12])
        let unsure = VerdictReport(family: "g", verdict: .persists, reason: "r", resamples: 200,
                                   shares: [.metricInduced: 0.4, .persists: 0.6], uncertain: true)
        let point = VerdictReport(family: "h", verdict: .noEmergence, reason: "r")
        #expect(sure.summaryLabel == "metric-induced (88%)")
        #expect(unsure.summaryLabel == "persists, uncertain (60%)")
        #expect(point.summaryLabel == "no-emergence")
        var data = SampleReports.standard()
        data.tasks[0].verdicts = [sure, unsure, point]
        let rows = try CSVParser.rows(CSVExports.verdicts(data).text)
        let header = rows[0]
        let col = { (name: String) in header.firstIndex(of: name)! }
        #expect(rows[1][col("share_metric_induced")] == "0.88")
        #expect(rows[2][col("share_persists")] == "0.6" && rows[2][col("uncertain")] == "true")
        #expect(Double(rows[1][col("share_no_emergence")]) == 0)
        #expect(rows[3][col("resamples")] == "" && rows[3][col("share_persists")] == "")
    }
}
