import Foundation

/// Where everything of a chart goes inside its frame: the scales, the plot
/// area and the rows for title, transition labels, axis labels and legend.
/// Every text box is measured with `TextMetrics`, so nothing overlaps.
public struct ChartLayout: Sendable {
    public let frame: Frame
    /// The plot area (inside the axes).
    public let plot: Frame
    public let x: LogScale
    public let y: YScale
    public let xTicks: [Tick]
    public let yTicks: [Tick]
    let titleBaseline: Double
    let transitionLabels: [(series: ChartSeries, text: String, centre: Double, baseline: Double)]
    let legend: LegendLayout
    let legendTop: Double
    let footnoteBaseline: Double?
    let xTitleBaseline: Double
    let yTitleCentreX: Double

    public init(chart: Chart, frame: Frame, style: ChartStyle = ChartStyle()) {
        self.frame = frame
        let s = style

        // Data extents. Interval bands of transitions do not widen the axis
        // (a loose bootstrap interval would squash the data); they are clipped.
        let points = chart.series.flatMap(\.points)
        let xs = points.map(\.x) + chart.series.compactMap { $0.transition?.x }
        var ys = points.flatMap { [$0.y, $0.low, $0.high].compactMap { $0 } + $0.seedValues }.filter(\.isFinite)
        if let r = chart.yRange { ys += [r.lowerBound, r.upperBound] }

        // Horizontal: the y labels' width needs the y ticks, whose count needs
        // the height; estimate the height first (the domain does not change).
        let estimatedHeight = max(60, frame.height - 150)
        let useLogY: Bool = {
            guard chart.allowLogY, chart.yRange == nil, let lo = ys.min(), let hi = ys.max(), lo > 0 else { return false }
            return hi / lo >= 1e3
        }()
        var y: YScale
        if useLogY {
            y = .log(LogScale(covering: ys))
        } else {
            let lo = ys.min() ?? 0, hi = ys.max() ?? 1
            let nice = chart.yRange == nil || lo < chart.yRange!.lowerBound || hi > chart.yRange!.upperBound
            y = .linear(LinearScale(lower: lo, upper: hi, targetTicks: max(3, Int(estimatedHeight / 55)), nice: nice))
        }
        let yLabelWidth = ChartLayout.yTicks(y, height: estimatedHeight, style: s)
            .compactMap { $0.label?.width(fontSize: s.tickSize) }.max() ?? 0

        let yTitleLine = TextMetrics.lineHeight(fontSize: s.axisTitleSize)
        let plotLeft = frame.x + s.padding + yTitleLine + 6 + yLabelWidth + 4 + s.tickLength
        var xScale = LogScale(covering: xs)
        let lastLabelWidth = TickLabel(base: "10", exponent: String(xScale.upperDecade)).width(fontSize: s.tickSize)
        let plotRight = frame.maxX - max(s.padding + 8, lastLabelWidth / 2 + s.padding)
        xScale.pixelStart = plotLeft + s.inset
        xScale.pixelEnd = plotRight - s.inset
        let stride = xScale.labelStride(fontSize: s.tickSize)
        self.xTicks = xScale.ticks(labelEvery: stride)

        // Transition labels: packed into rows above the plot area.
        var packer = RowPacker(gap: 8)
        var pending: [(ChartSeries, String, Double, Int)] = []
        for series in chart.series {
            guard let t = series.transition, t.x > 0 else { continue }
            let text = "transition ≈ " + NumberText.short(t.x)
            let w = TextMetrics.width(text, fontSize: s.noteSize)
            let centre = min(max(xScale.pixel(t.x), plotLeft + w / 2), plotRight - w / 2)
            pending.append((series, text, centre, packer.place(centre - w / 2, centre + w / 2)))
        }
        let noteLine = TextMetrics.lineHeight(fontSize: s.noteSize)

        // Vertical, top down.
        let titleLine = TextMetrics.lineHeight(fontSize: s.titleSize)
        self.titleBaseline = frame.y + s.padding + s.titleSize
        let stripTop = frame.y + s.padding + titleLine + 4
        self.transitionLabels = pending.map { p in
            (p.0, p.1, p.2, stripTop + Double(p.3 + 1) * noteLine - 3)
        }
        let plotTop = stripTop + Double(packer.rowCount) * noteLine + 6

        // Vertical, bottom up.
        let legendWidth = frame.width - 2 * s.padding
        self.legend = LegendLayout(series: chart.series, width: legendWidth, fontSize: s.legendSize)
        var bottom = frame.maxY - s.padding
        if chart.footnote != nil {
            self.footnoteBaseline = bottom - 3
            bottom -= noteLine + 2
        } else { self.footnoteBaseline = nil }
        self.legendTop = bottom - legend.height
        bottom = legendTop - (legend.rows > 0 ? 6 : 0)
        self.xTitleBaseline = bottom - 4
        bottom -= TextMetrics.lineHeight(fontSize: s.axisTitleSize) + 4
        let plotBottom = bottom - s.xTickLabelHeight - s.tickLength - 2

        switch y {
        case .linear(var l): l.pixelStart = plotBottom - s.inset; l.pixelEnd = plotTop + s.inset; y = .linear(l)
        case .log(var l): l.pixelStart = plotBottom - s.inset; l.pixelEnd = plotTop + s.inset; y = .log(l)
        }
        self.x = xScale
        self.y = y
        self.yTicks = ChartLayout.yTicks(y, height: plotBottom - plotTop, style: s)
        self.plot = Frame(x: plotLeft, y: plotTop, width: plotRight - plotLeft, height: max(10, plotBottom - plotTop))
        self.yTitleCentreX = frame.x + s.padding + yTitleLine - 4
    }

    static func yTicks(_ y: YScale, height: Double, style: ChartStyle) -> [Tick] {
        switch y {
        case .linear(let l): return l.ticks
        case .log(var l):
            l.pixelStart = height; l.pixelEnd = 0
            return l.ticks(labelEvery: l.labelStride(fontSize: style.tickSize, vertical: true))
        }
    }
}
