/// Font sizes and spacing of a chart, in pixels.
public struct ChartStyle: Sendable, Equatable {
    public var titleSize = 15.0
    public var axisTitleSize = 13.0
    public var tickSize = 12.0
    public var legendSize = 12.0
    public var noteSize = 11.0
    public var padding = 8.0
    public var tickLength = 5.0
    public var minorTickLength = 3.0
    public var markerRadius = 3.5
    /// Gap between the plot frame and the ends of both scales, so points on
    /// the domain's edge (x = 10^18, y = 0) do not sit on the axis lines.
    public var inset = 6.0

    public init() {}

    /// Vertical room of an x tick label (a power of ten has a raised exponent).
    var xTickLabelHeight: Double { TextMetrics.lineHeight(fontSize: tickSize) + tickSize * 0.35 + xTickLabelGap }
    /// Extra space above x tick labels, so the first one clears the lowest y label.
    var xTickLabelGap: Double { 3 }
}
