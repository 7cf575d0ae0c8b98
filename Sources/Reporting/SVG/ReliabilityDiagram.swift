/// A reliability diagram (docs/reports.md#calibration): for each confidence
/// source of one run, its equal-mass bins as points at (mean confidence,
/// fraction right) joined by a line, the diagonal of perfect calibration
/// dashed, and each bin's answer count beside its point. Both axes are
/// linear over 0…1 and drawn square, so a point's distance from the
/// diagonal is its bin's calibration gap.
public enum ReliabilityDiagram {
    public static let width = 560.0
    public static let height = 540.0

    /// A whole SVG document for `diagram`, titled with the task.
    public static func render(_ diagram: ReliabilityDiagramData, task: String) -> String {
        let title = "\(task) — \(diagram.model)" + (diagram.strategy == "standard" ? "" : " · \(diagram.strategy)")
        return SVGDocument.render(width: width, height: height, title: "reliability: " + title,
                                  body: [draw(diagram, title: title)])
    }

    /// The colour of a source's series: the palette's first colour for answer
    /// probabilities, its second for stated confidence.
    static func colour(_ source: String) -> Int { source == "verbal" ? 1 : 0 }

    static func draw(_ d: ReliabilityDiagramData, title: String) -> SVGElement {
        let r = ChartRenderer()
        let s = r.style
        var g = SVGElement("g", [("class", "reliability")])

        // Rows from the top: title; from the bottom: footnote, one legend row per source, x title.
        let titleBaseline = s.padding + s.titleSize
        let plotTop = titleBaseline + TextMetrics.lineHeight(fontSize: s.noteSize) + 6
        let noteLine = TextMetrics.lineHeight(fontSize: s.noteSize)
        let legendRow = TextMetrics.lineHeight(fontSize: s.legendSize) + 2
        let footnoteBaseline = height - s.padding - 3
        let legendTop = footnoteBaseline - noteLine - Double(d.series.count) * legendRow
        let xTitleBaseline = legendTop - 6
        let plotBottom = xTitleBaseline - TextMetrics.lineHeight(fontSize: s.axisTitleSize) - 4
            - s.xTickLabelHeight - s.tickLength - 2
        let yLabelWidth = TextMetrics.width("0.0", fontSize: s.tickSize)
        let plotLeft = s.padding + TextMetrics.lineHeight(fontSize: s.axisTitleSize) + 6 + yLabelWidth + 4 + s.tickLength
        let side = min(plotBottom - plotTop, width - plotLeft - 2 * s.padding - 8)
        let plot = Frame(x: plotLeft, y: plotBottom - side, width: side, height: side)
        var x = LinearScale(lower: 0, upper: 1, targetTicks: 5)
        x.pixelStart = plot.x + s.inset; x.pixelEnd = plot.maxX - s.inset
        var y = LinearScale(lower: 0, upper: 1, targetTicks: 5)
        y.pixelStart = plot.maxY - s.inset; y.pixelEnd = plot.y + s.inset

        // Grid, diagonal.
        g.add(r.rect(plot, fill: "#FFFFFF", stroke: Palette.frame))
        for t in x.ticks { g.add(r.line(x.pixel(t.value), plot.y, x.pixel(t.value), plot.maxY, stroke: Palette.grid)) }
        for t in y.ticks { g.add(r.line(plot.x, y.pixel(t.value), plot.maxX, y.pixel(t.value), stroke: Palette.grid)) }
        var diagonal = r.line(x.pixel(0), y.pixel(0), x.pixel(1), y.pixel(1), stroke: Palette.muted, width: 1.2, cls: "diagonal")
        diagonal.attributes.append(("stroke-dasharray", "6 4"))
        g.add(diagonal)

        // Each source: line, points with a tooltip, count labels that never overlap.
        var placed: [Frame] = []
        for series in d.series where !series.bins.isEmpty {
            let colour = Palette.colour(colour(series.source))
            let pixels = series.bins.map { (x.pixel($0.meanConfidence), y.pixel($0.accuracy)) }
            if pixels.count >= 2 {
                g.add(SVGElement("polyline", [
                    ("class", "reliability-line"), ("points", pixels.map { "\(r.n($0.0)),\(r.n($0.1))" }.joined(separator: " ")),
                    ("fill", "none"), ("stroke", colour), ("stroke-width", "1.5"), ("stroke-linejoin", "round"),
                ]))
            }
            for (bin, p) in zip(series.bins, pixels) {
                var marker = r.marker(series.source == "verbal" ? .square : .circle, at: p.0, p.1, colour: colour, cls: "bin")
                marker.attributes += [("data-source", series.source), ("data-count", String(bin.count)),
                                      ("data-confidence", NumberText.full(bin.meanConfidence)),
                                      ("data-accuracy", NumberText.full(bin.accuracy))]
                marker.add(SVGElement("title", children: [.text(
                    "\(bin.count) answers, confidence \(NumberText.short(bin.lower))–\(NumberText.short(bin.upper)) "
                        + "(mean \(NumberText.short(bin.meanConfidence))), \(NumberText.short(bin.accuracy)) right")]))
                g.add(marker)
                let label = String(bin.count)
                let w = TextMetrics.width(label, fontSize: s.noteSize), h = s.noteSize
                let offset = s.markerRadius + 3
                // Above the point, else below; left out when both would overlap another label or leave the plot.
                for baseline in [p.1 - offset, p.1 + offset + h] {
                    let box = Frame(x: p.0 - w / 2, y: baseline - h, width: w, height: h)
                    let inside = box.y >= plot.y && box.maxY <= plot.maxY && box.x >= plot.x && box.maxX <= plot.maxX
                    guard inside, !placed.contains(where: { overlaps($0, box) }) else { continue }
                    placed.append(box)
                    g.add(r.text(label, x: p.0, y: baseline, size: s.noteSize, anchor: "middle",
                                 extra: [("fill", colour)], cls: "bin-count"))
                    break
                }
            }
        }

        // Axes and their labels.
        for t in x.ticks {
            let px = x.pixel(t.value)
            g.add(r.line(px, plot.maxY, px, plot.maxY + s.tickLength, stroke: Palette.ink, cls: "tick"))
            if let label = t.label {
                g.add(r.tickText(label, x: px, y: plot.maxY + s.tickLength + s.xTickLabelGap + s.tickSize * 1.35,
                                 anchor: "middle", cls: "x-tick-label"))
            }
        }
        for t in y.ticks {
            let py = y.pixel(t.value)
            g.add(r.line(plot.x - s.tickLength, py, plot.x, py, stroke: Palette.ink, cls: "tick"))
            if let label = t.label {
                g.add(r.tickText(label, x: plot.x - s.tickLength - 4, y: py + s.tickSize * 0.35, anchor: "end", cls: "y-tick-label"))
            }
        }
        g.add(r.line(plot.x, plot.maxY, plot.maxX, plot.maxY, stroke: Palette.ink, cls: "axis"))
        g.add(r.line(plot.x, plot.y, plot.x, plot.maxY, stroke: Palette.ink, cls: "axis"))
        let titleText = TextMetrics.truncate(title, toWidth: width - 2 * s.padding, fontSize: s.titleSize, bold: true)
        g.add(r.text(titleText, x: width / 2, y: titleBaseline, size: s.titleSize, anchor: "middle",
                     extra: [("font-weight", "bold")], cls: "title"))
        g.add(r.text("confidence (mean of each equal-mass bin)", x: plot.x + plot.width / 2, y: xTitleBaseline,
                     size: s.axisTitleSize, anchor: "middle", cls: "x-title"))
        let yTitleX = s.padding + TextMetrics.lineHeight(fontSize: s.axisTitleSize) - 4
        let cy = plot.y + plot.height / 2
        g.add(r.text("accuracy (fraction right)", x: yTitleX, y: cy, size: s.axisTitleSize, anchor: "middle",
                     extra: [("transform", "rotate(-90 \(r.n(yTitleX)) \(r.n(cy)))")], cls: "y-title"))
        if d.series.allSatisfy({ $0.bins.isEmpty }) {
            g.add(r.text("no answer has a confidence", x: plot.x + plot.width / 2, y: cy, size: s.axisTitleSize,
                         anchor: "middle", extra: [("fill", Palette.muted)], cls: "empty"))
        }

        // Legend: one row per source, then what the marks mean.
        for (i, series) in d.series.enumerated() {
            let top = legendTop + Double(i) * legendRow, mid = top + legendRow / 2
            let colour = Palette.colour(colour(series.source))
            let x0 = s.padding
            g.add(r.line(x0, mid, x0 + LegendLayout.swatchWidth, mid, stroke: colour, width: 1.5, cls: "legend-line"))
            g.add(r.marker(series.source == "verbal" ? .square : .circle, at: x0 + LegendLayout.swatchWidth / 2, mid,
                           colour: colour, cls: "legend-marker"))
            let text = "\(TaskCalibration.sourceLabel(series.source)): ECE \(NumberText.short(series.ece)), "
                + "\(series.answers) answers in \(series.bins.count) bins"
            g.add(r.text(TextMetrics.truncate(text, toWidth: width - 3 * s.padding - LegendLayout.swatchWidth, fontSize: s.legendSize),
                         x: x0 + LegendLayout.swatchWidth + LegendLayout.swatchGap, y: mid + s.legendSize * 0.35,
                         size: s.legendSize, anchor: "start", cls: "legend-label"))
        }
        g.add(r.text("dashed: perfect calibration; numbers: answers per bin", x: s.padding, y: footnoteBaseline,
                     size: s.noteSize, anchor: "start", extra: [("fill", Palette.muted)], cls: "footnote"))
        return g
    }

    static func overlaps(_ a: Frame, _ b: Frame) -> Bool {
        a.x < b.maxX + 2 && b.x < a.maxX + 2 && a.y < b.maxY && b.y < a.maxY
    }
}
