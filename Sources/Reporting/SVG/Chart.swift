/// What one plot shows, independent of pixels: series of points with
/// intervals, their fitted curves and transition marks. `ChartRenderer`
/// turns it into SVG inside a frame.
public struct Chart: Sendable, Equatable {
    public var title: String
    public var xTitle: String
    public var yTitle: String
    /// A shorter y title used when `yTitle` does not fit the axis height.
    public var yTitleShort: String?
    public var series: [ChartSeries]
    /// A range the y axis must include (a bounded metric's range), or nil.
    public var yRange: ClosedRange<Double>?
    /// Whether a log y axis may be used (positive data over ≥ 3 decades).
    public var allowLogY: Bool
    /// Shown in grey under the legend, e.g. "2 models without a value are not drawn".
    public var footnote: String?
    /// Shown in the plot area when no point can be drawn.
    public var emptyMessage: String
    /// Reference scales drawn as grey dotted vertical lines where they lie
    /// within the x range the points span (they never widen it).
    public var references: [ReferenceMark] = []

    public init(title: String, xTitle: String, yTitle: String, yTitleShort: String? = nil, series: [ChartSeries],
                yRange: ClosedRange<Double>? = nil, allowLogY: Bool = true,
                footnote: String? = nil, emptyMessage: String = "no data to plot") {
        self.title = title; self.xTitle = xTitle; self.yTitle = yTitle; self.yTitleShort = yTitleShort; self.series = series
        self.yRange = yRange; self.allowLogY = allowLogY; self.footnote = footnote; self.emptyMessage = emptyMessage
    }

    /// Whether any point can be drawn.
    public var hasPoints: Bool { series.contains { !$0.points.isEmpty } }
}

/// One family's (and strategy's) points on a chart.
public struct ChartSeries: Sendable, Equatable {
    public var label: String
    /// Index into `Palette.colours`.
    public var colour: Int
    public var marker: MarkerShape
    /// Sorted by x; x > 0.
    public var points: [ChartPoint]
    /// The fitted curve, sampled (ascending x); empty when not fitted.
    public var fit: [CurveSample]
    /// The law's name, shown in the legend.
    public var fitLabel: String?
    public var transition: TransitionMark?

    public init(label: String, colour: Int, marker: MarkerShape = .circle, points: [ChartPoint],
                fit: [CurveSample] = [], fitLabel: String? = nil, transition: TransitionMark? = nil) {
        self.label = label; self.colour = colour; self.marker = marker; self.points = points
        self.fit = fit; self.fitLabel = fitLabel; self.transition = transition
    }
}

/// A point with an optional interval bar.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var low: Double?
    public var high: Double?
    /// Left out of the analysis: drawn grey, without its interval.
    public var excluded: Bool
    /// When the point is a mean over seeds: each seed's own value, drawn as
    /// faint small dots beside the mean so the spread between seeds shows.
    public var seedValues: [Double]
    public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil, excluded: Bool = false,
                seedValues: [Double] = []) {
        self.x = x; self.y = y; self.low = low; self.high = high; self.excluded = excluded
        self.seedValues = seedValues
    }
}

/// A flagged phase transition: the midpoint and its interval.
public struct TransitionMark: Sendable, Equatable {
    public var x: Double
    public var low: Double?
    public var high: Double?
    public init(x: Double, low: Double? = nil, high: Double? = nil) { self.x = x; self.low = low; self.high = high }
}

/// A rectangle in pixels.
public struct Frame: Sendable, Equatable {
    public var x: Double, y: Double, width: Double, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}

/// A reference x on a chart (the ability catalogue's scale), with its short label.
public struct ReferenceMark: Sendable, Equatable {
    public var x: Double
    public var label: String
    public init(x: Double, label: String) { self.x = x; self.label = label }
}
