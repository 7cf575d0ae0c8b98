import Foundation

/// Draws a `Chart` as SVG elements inside a frame, following `ChartLayout`.
/// Layers, back to front: grid, transition bands, fitted curves, interval
/// bars, markers, axes and text.
public struct ChartRenderer: Sendable {
    public var style = ChartStyle()
    public init() {}

    /// The chart as one `<g>` group.
    public func render(_ chart: Chart, in frame: Frame) -> SVGElement {
        let layout = ChartLayout(chart: chart, frame: frame, style: style)
        var g = SVGElement("g", [("class", "chart")])
        g.add(contentsOf: grid(layout))
        g.add(contentsOf: transitions(chart, layout))
        g.add(contentsOf: references(chart, layout))
        for series in chart.series { g.add(contentsOf: fitted(series, layout)) }
        for series in chart.series { g.add(contentsOf: seedDots(series, layout)) }
        for series in chart.series { g.add(contentsOf: intervals(series, layout)) }
        for series in chart.series { g.add(contentsOf: markers(series, layout)) }
        g.add(contentsOf: axes(chart, layout))
        g.add(contentsOf: texts(chart, layout))
        return g
    }

    /// A whole SVG document holding one chart.
    public func document(_ chart: Chart, width: Double = 800, height: Double = 500) -> String {
        SVGDocument.render(width: width, height: height, title: chart.title,
                           body: [render(chart, in: Frame(x: 0, y: 0, width: width, height: height))])
    }

    // MARK: layers

    func grid(_ l: ChartLayout) -> [SVGElement] {
        var out: [SVGElement] = [rect(l.plot, fill: "#FFFFFF", stroke: Palette.frame)]
        for t in l.xTicks where t.major && l.x.contains(t.value) {
            let px = l.x.pixel(t.value)
            out.append(line(px, l.plot.y, px, l.plot.maxY, stroke: Palette.grid))
        }
        for t in l.yTicks where l.y.contains(t.value) {
            let py = l.y.pixel(t.value)
            out.append(line(l.plot.x, py, l.plot.maxX, py, stroke: Palette.grid))
        }
        return out
    }

    func transitions(_ chart: Chart, _ l: ChartLayout) -> [SVGElement] {
        var out: [SVGElement] = []
        for s in chart.series {
            guard let t = s.transition, t.x > 0 else { continue }
            let colour = Palette.colour(s.colour)
            if let lo = t.low, let hi = t.high, lo > 0, hi > 0 {
                let a = clampX(l.x.pixel(lo), l), b = clampX(l.x.pixel(hi), l)
                if b > a {
                    out.append(SVGElement("rect", [
                        ("class", "transition-band"), ("x", n(a)), ("y", n(l.plot.y)), ("width", n(b - a)),
                        ("height", n(l.plot.height)), ("fill", colour), ("fill-opacity", "0.12"),
                    ]))
                }
            }
            let px = clampX(l.x.pixel(t.x), l)
            out.append(SVGElement("line", [
                ("class", "transition"), ("x1", n(px)), ("y1", n(l.plot.y)), ("x2", n(px)), ("y2", n(l.plot.maxY)),
                ("stroke", colour), ("stroke-width", "1.5"), ("stroke-dasharray", "6 4"),
            ]))
        }
        return out
    }

    /// Reference lines inside the x range, each labelled at the top of the plot area.
    func references(_ chart: Chart, _ l: ChartLayout) -> [SVGElement] {
        chart.references.filter { l.x.contains($0.x) }.flatMap { mark -> [SVGElement] in
            let px = l.x.pixel(mark.x)
            return [SVGElement("line", [
                        ("class", "reference"), ("x1", n(px)), ("y1", n(l.plot.y)), ("x2", n(px)), ("y2", n(l.plot.maxY)),
                        ("stroke", Palette.muted), ("stroke-width", "1.2"), ("stroke-dasharray", "2 3"),
                    ]),
                    text(mark.label, x: px + 3, y: l.plot.y + style.noteSize + 2, size: style.noteSize, anchor: "start",
                         extra: [("fill", Palette.muted)], cls: "reference-label")]
        }
    }

    /// The fitted curve, cut where it leaves the plot area (no clip paths:
    /// ids would collide when many plots are inlined in one HTML page).
    func fitted(_ s: ChartSeries, _ l: ChartLayout) -> [SVGElement] {
        var segments: [[(Double, Double)]] = [[]]
        for sample in s.fit where sample.x > 0 && sample.y.isFinite {
            if l.y.contains(sample.y) && l.x.contains(sample.x) {
                segments[segments.count - 1].append((l.x.pixel(sample.x), l.y.pixel(sample.y)))
            } else if !segments[segments.count - 1].isEmpty {
                segments.append([])
            }
        }
        return segments.filter { $0.count >= 2 }.map { seg in
            SVGElement("polyline", [
                ("class", "fit"), ("points", seg.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")),
                ("fill", "none"), ("stroke", Palette.colour(s.colour)), ("stroke-width", "1.8"),
                ("stroke-linejoin", "round"),
            ])
        }
    }

    func intervals(_ s: ChartSeries, _ l: ChartLayout) -> [SVGElement] {
        var out: [SVGElement] = []
        let cap = 3.0
        for p in s.points where !p.excluded {
            guard let lo = p.low, let hi = p.high, lo.isFinite, hi.isFinite, hi > lo else { continue }
            let px = l.x.pixel(p.x)
            let a = l.y.pixel(l.y.clamp(lo)), b = l.y.pixel(l.y.clamp(hi))
            let d = "M\(n(px)),\(n(a))V\(n(b))M\(n(px - cap)),\(n(a))H\(n(px + cap))M\(n(px - cap)),\(n(b))H\(n(px + cap))"
            out.append(SVGElement("path", [("class", "interval"), ("d", d), ("stroke", Palette.colour(s.colour)),
                                           ("stroke-width", "1.2"), ("fill", "none")]))
        }
        return out
    }

    /// Each seed's value as a faint dot a few pixels right of its mean, so the
    /// mean's marker and interval stay readable and the seeds' spread shows.
    func seedDots(_ s: ChartSeries, _ l: ChartLayout) -> [SVGElement] {
        var out: [SVGElement] = []
        for p in s.points where !p.excluded && p.seedValues.count > 1 {
            let px = l.x.pixel(p.x) + style.markerRadius * 1.8
            for v in p.seedValues where v.isFinite && l.y.contains(v) {
                out.append(SVGElement("circle", [
                    ("class", "seed"), ("cx", n(px)), ("cy", n(l.y.pixel(v))), ("r", n(style.markerRadius * 0.6)),
                    ("fill", Palette.colour(s.colour)), ("fill-opacity", "0.35"),
                ]))
            }
        }
        return out
    }

    func markers(_ s: ChartSeries, _ l: ChartLayout) -> [SVGElement] {
        s.points.map { p in
            p.excluded
                ? marker(s.marker, at: l.x.pixel(p.x), l.y.pixel(p.y), colour: Palette.excluded, cls: "point excluded")
                : marker(s.marker, at: l.x.pixel(p.x), l.y.pixel(p.y), colour: Palette.colour(s.colour), cls: "point")
        }
    }

    func axes(_ chart: Chart, _ l: ChartLayout) -> [SVGElement] {
        var out: [SVGElement] = []
        let s = style
        // x axis: ticks and labels.
        for t in l.xTicks where l.x.contains(t.value) {
            let px = l.x.pixel(t.value)
            let len = t.major ? s.tickLength : s.minorTickLength
            out.append(line(px, l.plot.maxY, px, l.plot.maxY + len, stroke: Palette.ink, cls: t.major ? "tick" : "minor-tick"))
            if let label = t.label {
                out.append(tickText(label, x: px, y: l.plot.maxY + s.tickLength + s.xTickLabelGap + s.tickSize * 1.35,
                                    anchor: "middle", cls: "x-tick-label"))
            }
        }
        // y axis.
        for t in l.yTicks where l.y.contains(t.value) {
            let py = l.y.pixel(t.value)
            let len = t.major ? s.tickLength : s.minorTickLength
            out.append(line(l.plot.x - len, py, l.plot.x, py, stroke: Palette.ink, cls: t.major ? "tick" : "minor-tick"))
            if let label = t.label {
                out.append(tickText(label, x: l.plot.x - s.tickLength - 4, y: py + s.tickSize * 0.35,
                                    anchor: "end", cls: "y-tick-label"))
            }
        }
        out.append(line(l.plot.x, l.plot.maxY, l.plot.maxX, l.plot.maxY, stroke: Palette.ink, cls: "axis"))
        out.append(line(l.plot.x, l.plot.y, l.plot.x, l.plot.maxY, stroke: Palette.ink, cls: "axis"))
        return out
    }

    func texts(_ chart: Chart, _ l: ChartLayout) -> [SVGElement] {
        let s = style
        var out: [SVGElement] = []
        let titleText = TextMetrics.truncate(chart.title, toWidth: l.frame.width - 2 * s.padding, fontSize: s.titleSize, bold: true)
        out.append(text(titleText, x: l.frame.x + l.frame.width / 2, y: l.titleBaseline, size: s.titleSize,
                        anchor: "middle", extra: [("font-weight", "bold")], cls: "title"))
        let xTitle = TextMetrics.truncate(chart.xTitle, toWidth: l.plot.width, fontSize: s.axisTitleSize)
        out.append(text(xTitle, x: l.plot.x + l.plot.width / 2, y: l.xTitleBaseline, size: s.axisTitleSize,
                        anchor: "middle", cls: "x-title"))
        var yTitle = chart.yTitle
        if let short = chart.yTitleShort, TextMetrics.width(yTitle, fontSize: s.axisTitleSize) > l.plot.height { yTitle = short }
        yTitle = TextMetrics.truncate(yTitle, toWidth: l.plot.height, fontSize: s.axisTitleSize)
        let cy = l.plot.y + l.plot.height / 2
        out.append(text(yTitle, x: l.yTitleCentreX, y: cy, size: s.axisTitleSize, anchor: "middle",
                        extra: [("transform", "rotate(-90 \(n(l.yTitleCentreX)) \(n(cy)))")], cls: "y-title"))
        for label in l.transitionLabels {
            out.append(text(label.text, x: label.centre, y: label.baseline, size: s.noteSize, anchor: "middle",
                            extra: [("fill", Palette.colour(label.series.colour))], cls: "transition-label"))
        }
        if !chart.hasPoints {
            out.append(text(chart.emptyMessage, x: l.plot.x + l.plot.width / 2, y: l.plot.y + l.plot.height / 2,
                            size: s.axisTitleSize, anchor: "middle", extra: [("fill", Palette.muted)], cls: "empty"))
        }
        // Legend.
        let legendLeft = l.frame.x + s.padding
        for item in l.legend.items {
            let top = l.legendTop + Double(item.row) * l.legend.rowHeight
            let cy = top + l.legend.rowHeight / 2
            let x0 = legendLeft + item.x
            let colour = Palette.colour(item.series.colour)
            if !item.series.fit.isEmpty {
                out.append(line(x0, cy, x0 + LegendLayout.swatchWidth, cy, stroke: colour, width: 1.8, cls: "legend-line"))
            }
            out.append(marker(item.series.marker, at: x0 + LegendLayout.swatchWidth / 2, cy, colour: colour, cls: "legend-marker"))
            out.append(text(item.text, x: x0 + LegendLayout.swatchWidth + LegendLayout.swatchGap,
                            y: cy + s.legendSize * 0.35, size: s.legendSize, anchor: "start", cls: "legend-label"))
        }
        if let note = chart.footnote, let baseline = l.footnoteBaseline {
            let t = TextMetrics.truncate(note, toWidth: l.frame.width - 2 * s.padding, fontSize: s.noteSize)
            out.append(text(t, x: legendLeft, y: baseline, size: s.noteSize, anchor: "start",
                            extra: [("fill", Palette.muted)], cls: "footnote"))
        }
        return out
    }

    // MARK: primitives

    func n(_ v: Double) -> String { SVGNumber.format(v) }

    func clampX(_ px: Double, _ l: ChartLayout) -> Double { min(max(px, l.plot.x), l.plot.maxX) }

    func rect(_ f: Frame, fill: String, stroke: String) -> SVGElement {
        SVGElement("rect", [("x", n(f.x)), ("y", n(f.y)), ("width", n(f.width)), ("height", n(f.height)),
                            ("fill", fill), ("stroke", stroke)])
    }

    func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
              width: Double = 1, cls: String? = nil) -> SVGElement {
        var attrs: [(String, String)] = []
        if let cls { attrs.append(("class", cls)) }
        attrs += [("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)), ("stroke", stroke)]
        if width != 1 { attrs.append(("stroke-width", n(width))) }
        return SVGElement("line", attrs)
    }

    func text(_ content: String, x: Double, y: Double, size: Double, anchor: String,
              extra: [(String, String)] = [], cls: String) -> SVGElement {
        var attrs: [(String, String)] = [("class", cls), ("x", n(x)), ("y", n(y)), ("font-size", n(size))]
        if anchor != "start" { attrs.append(("text-anchor", anchor)) }
        if !extra.contains(where: { $0.0 == "fill" }) { attrs.append(("fill", Palette.ink)) }
        return SVGElement("text", attrs + extra, children: [.text(content)])
    }

    /// "10" with a raised, smaller exponent, or plain text.
    func tickText(_ label: TickLabel, x: Double, y: Double, anchor: String, cls: String) -> SVGElement {
        let size = style.tickSize
        guard let exponent = label.exponent else {
            return text(label.base, x: x, y: y, size: size, anchor: anchor, cls: cls)
        }
        // Anchor the pair by hand: tspans with dy make text-anchor unreliable across renderers.
        let total = label.width(fontSize: size)
        let left = anchor == "middle" ? x - total / 2 : (anchor == "end" ? x - total : x)
        let baseWidth = TextMetrics.width(label.base, fontSize: size)
        return SVGElement("text", [("class", cls), ("x", n(left)), ("y", n(y)), ("font-size", n(size)), ("fill", Palette.ink)],
                          children: [.text(label.base),
                                     .element(SVGElement("tspan", [("x", n(left + baseWidth)), ("y", n(y - size * 0.4)),
                                                                   ("font-size", n(size * 0.75))],
                                                         children: [.text(exponent.replacingOccurrences(of: "-", with: "−"))]))])
    }

    func marker(_ shape: MarkerShape, at x: Double, _ y: Double, colour: String, cls: String) -> SVGElement {
        let r = style.markerRadius
        let common: [(String, String)] = [("fill", colour), ("stroke", "#FFFFFF"), ("stroke-width", "0.8")]
        switch shape {
        case .circle:
            return SVGElement("circle", [("class", cls), ("cx", n(x)), ("cy", n(y)), ("r", n(r))] + common)
        case .square:
            return SVGElement("rect", [("class", cls), ("x", n(x - r)), ("y", n(y - r)), ("width", n(2 * r)),
                                       ("height", n(2 * r))] + common)
        case .triangle:
            let h = r * 1.25
            return SVGElement("polygon", [("class", cls), ("points", "\(n(x)),\(n(y - h)) \(n(x + h)),\(n(y + h * 0.8)) \(n(x - h)),\(n(y + h * 0.8))")] + common)
        case .diamond:
            let h = r * 1.3
            return SVGElement("polygon", [("class", cls), ("points", "\(n(x)),\(n(y - h)) \(n(x + h)),\(n(y)) \(n(x)),\(n(y + h)) \(n(x - h)),\(n(y))")] + common)
        }
    }
}

/// The root `<svg>` element around drawn content.
public enum SVGDocument {
    /// A standalone SVG file: XML declaration, white background, the font
    /// family every text inherits, and a `<title>` for accessibility.
    public static func render(width: Double, height: Double, title: String, body: [SVGElement]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(width: width, height: height, title: title, body: body).xml()
    }

    /// The `<svg>` element alone, for inlining into HTML.
    public static func element(width: Double, height: Double, title: String, body: [SVGElement]) -> SVGElement {
        var svg = SVGElement("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGNumber.format(width)),
            ("height", SVGNumber.format(height)), ("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))"),
            ("font-family", TextMetrics.fontFamily), ("role", "img"),
        ])
        svg.add(SVGElement("title", children: [.text(title)]))
        svg.add(SVGElement("rect", [("width", "100%"), ("height", "100%"), ("fill", "#FFFFFF")]))
        svg.add(contentsOf: body)
        return svg
    }
}
