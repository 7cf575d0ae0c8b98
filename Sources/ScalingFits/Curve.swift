import EmergeSupport
import Foundation

/// Which model attribute is the curve's x axis (docs/design.md#fits: training FLOPs by default).
public enum XAxis: String, CaseIterable, Sendable, Codable {
    case flops, params, tokens
}

/// One observation on a curve: a model, its scale and its metric value.
public struct CurvePoint: Sendable, Equatable, Codable {
    public var model: String
    /// Scale (FLOPs, parameters or tokens): must be > 0 to be fitted.
    public var x: Double
    /// The metric value, in the metric's own orientation.
    public var y: Double
    /// Standard error of `y` (bootstrap over examples, or binomial), when known.
    public var stderr: Double?
    /// Number of examples behind `y`, when known.
    public var n: Int?
    /// The checkpoint's training step, when the model is one.
    public var step: Int?
    /// Bootstrap replicates of `y` (same orientation) for the verdict's
    /// uncertainty (`MetricRow.replicates`); nil: `y` is taken as exact.
    public var replicates: [Double]?

    public init(model: String, x: Double, y: Double, stderr: Double? = nil, n: Int? = nil, step: Int? = nil,
                replicates: [Double]? = nil) {
        self.model = model; self.x = x; self.y = y; self.stderr = stderr; self.n = n; self.step = step
        self.replicates = replicates
    }
}

/// A point left out of a curve's analysis, with the reason (shown greyed in reports).
public struct ExcludedPoint: Sendable, Equatable, Codable {
    public var point: CurvePoint
    public var reason: String

    public init(point: CurvePoint, reason: String) { self.point = point; self.reason = reason }
}

/// A curve (docs/design.md#emergence-and-phase-transitions): one (task, metric, family, strategy), models sorted by x.
///
/// `init` sorts the points by x and drops those that cannot be fitted
/// (non-finite values, x ≤ 0), recording a note for each, so every consumer
/// sees the same clean points.
public struct Curve: Sendable, Codable {
    public var task: String
    public var metric: String
    public var family: String
    public var strategy: String?
    /// Along training: the size group whose checkpoints the curve follows
    /// (`EleutherAI/pythia-1.4b`); nil for curves across scale.
    public var series: String?
    public var metricClass: MetricClass
    public var higherIsBetter: Bool
    /// The metric's fixed range (e.g. 0…1 for accuracy), nil when unbounded.
    public var range: ClosedRange<Double>?
    public var xAxis: XAxis
    /// Fittable points, sorted by x (ties keep input order).
    public private(set) var points: [CurvePoint]
    /// Why points were dropped (missing values, x ≤ 0, …).
    public private(set) var notes: [String]
    /// Points with a position on the axis that the analysis leaves out
    /// (checkpoints on the initial plateau along training), with the reason.
    public private(set) var excluded: [ExcludedPoint] = []

    public init(task: String = "", metric: String = "", family: String = "", strategy: String? = nil,
                series: String? = nil, metricClass: MetricClass = .perToken, higherIsBetter: Bool = true,
                range: ClosedRange<Double>? = nil, xAxis: XAxis = .flops, points: [CurvePoint],
                notes: [String] = []) {
        self.task = task; self.metric = metric; self.family = family; self.strategy = strategy
        self.series = series
        self.metricClass = metricClass; self.higherIsBetter = higherIsBetter; self.range = range
        self.xAxis = xAxis
        var kept: [CurvePoint] = []
        var notes = notes
        for p in points {
            if !p.y.isFinite {
                notes.append("dropped \(p.model): value is missing or not finite")
            } else if !p.x.isFinite || p.x <= 0 {
                notes.append("dropped \(p.model): \(xAxis.rawValue) is missing or not positive")
            } else {
                var q = p
                if let s = q.stderr, !s.isFinite || s < 0 { q.stderr = nil }
                kept.append(q)
            }
        }
        self.points = kept.enumerated().sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }.map(\.element)
        self.notes = notes
    }

    /// Convenience for plain arrays (tests, benchmarks).
    public init(x: [Double], y: [Double], stderr: [Double]? = nil, metricClass: MetricClass = .perToken,
                higherIsBetter: Bool = true, range: ClosedRange<Double>? = nil) {
        let pts = zip(x, y).enumerated().map { i, xy in
            CurvePoint(model: "m\(i)", x: xy.0, y: xy.1, stderr: stderr?[i])
        }
        self.init(metricClass: metricClass, higherIsBetter: higherIsBetter, range: range, points: pts)
    }

    /// The curve with the points that `exclude` names moved to `excluded`, each with its reason.
    public func excluding(_ exclude: (CurvePoint) -> String?) -> Curve {
        var copy = self
        copy.points = []
        for p in points {
            if let reason = exclude(p) { copy.excluded.append(ExcludedPoint(point: p, reason: reason)) }
            else { copy.points.append(p) }
        }
        return copy
    }

    public var xs: [Double] { points.map(\.x) }
    public var ys: [Double] { points.map(\.y) }
    /// log10 of x: every law is fitted in these units.
    public var us: [Double] { points.map { Foundation.log10($0.x) } }
    /// Values oriented so that higher is better (lower-is-better metrics negated, docs/design.md#emergence-and-phase-transitions).
    public var orientedYs: [Double] { higherIsBetter ? ys : ys.map { -$0 } }
    /// Number of distinct x values.
    public var distinctXCount: Int { Set(points.map(\.x)).count }
}
