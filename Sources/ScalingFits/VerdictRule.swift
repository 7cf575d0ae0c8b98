import EmergeSupport
import Foundation

/// What one metric's curve brings to a verdict: its points (oriented higher
/// is better) and whether it is flagged. Built from a `CurveEmergence` for
/// the point verdict, and from replicate values for each resample.
struct MetricEvidence {
    var metric: String
    var metricClass: MetricClass
    var higherIsBetter: Bool
    /// Models and their x, sorted by x.
    var models: [String]
    var x: [Double]
    /// Oriented values (higher is better).
    var y: [Double]
    /// The points' standard errors (nil: unknown).
    var stderr: [Double?]
    /// The range the surprise rule measures gains against (the metric's, else the observed one).
    var range: Double
    var flagged: Bool
    var surprise: Double
    /// First model after the break (see `Surprise.breakIndex`).
    var breakIndex: Int?

    init(_ a: CurveEmergence) {
        self.init(curve: a.curve, y: a.curve.orientedYs, surprise: a.surprise, flagged: a.phaseTransition)
    }

    init(curve: Curve, y: [Double], surprise: Surprise, flagged: Bool) {
        metric = curve.metric; metricClass = curve.metricClass; higherIsBetter = curve.higherIsBetter
        models = curve.points.map(\.model); x = curve.xs; self.y = y; stderr = curve.points.map(\.stderr)
        range = surprise.range; self.flagged = flagged; self.surprise = surprise.value
        breakIndex = surprise.breakIndex
    }
}

/// A change of a threshold metric between neighbouring models that the
/// surprise rule cannot test: too few models come before it for a trend.
public struct UntestedRise: Sendable, Equatable {
    public var metric: String
    /// The neighbours: the change happens from `fromModel` to `toModel`.
    public var fromModel: String
    public var toModel: String
    /// Their values in the metric's own orientation.
    public var fromValue: Double
    public var toValue: Double
    /// Models before `toModel` on the curve, and how many the rule needs.
    public var modelsBefore: Int
    public var modelsNeeded: Int
}

/// Why a group's verdict is what it is (docs/verdict.md): the facts the
/// verdict and its sentence are written from.
public enum VerdictFinding: Sendable, Equatable {
    /// A threshold metric is flagged; a per-token metric that could test the same jump is not.
    case metricInduced
    /// A threshold metric is flagged and so is a per-token metric.
    case persists
    /// No threshold metric is flagged and every large rise of one was tested.
    case noEmergence
    /// Fewer models than `MirageGroup.minimumModels`.
    case tooFewModels(count: Int)
    /// No threshold metric is flagged, but a large rise of one could not be tested (the largest such rise).
    case untestedRise(UntestedRise)
    /// A threshold metric is flagged and the group has no per-token metric at all.
    case noContinuousMetric(metric: String, surprise: Double)
    /// A threshold metric is flagged; no per-token metric has enough models before its break.
    case continuousMetricUntested(metric: String, breakModel: String, surprise: Double)

    public var verdict: MirageVerdict {
        switch self {
        case .metricInduced: return .metricInduced
        case .persists: return .persists
        case .noEmergence: return .noEmergence
        case .tooFewModels, .untestedRise, .noContinuousMetric, .continuousMetricUntested: return .insufficientData
        }
    }

    /// One sentence saying why the data do not suffice and what would
    /// resolve it; nil for the three verdicts that the data decide.
    public var reason: String? {
        switch self {
        case .metricInduced, .persists, .noEmergence:
            return nil
        case .tooFewModels(0):
            return "No model has both a value and a known x (parameters, tokens or FLOPs): record the models' sizes."
        case .tooFewModels(let count):
            return "Only \(count) model\(count == 1 ? " has" : "s have") results and a verdict needs at least "
                + "\(MirageGroup.minimumModels): add models."
        case .untestedRise(let r):
            let missing = r.modelsNeeded - r.modelsBefore
            let change = r.toValue >= r.fromValue ? "rises" : "falls"
            return "\(r.metric) \(change) by \(Self.short(abs(r.toValue - r.fromValue))) (\(Self.short(r.fromValue)) → "
                + "\(Self.short(r.toValue))) between \(r.fromModel) and \(r.toModel), but only \(r.modelsBefore) "
                + "model\(r.modelsBefore == 1 ? " comes" : "s come") before \(r.toModel) and a trend needs "
                + "\(r.modelsNeeded) to test a jump there: add \(missing) model\(missing == 1 ? "" : "s") between "
                + "\(r.fromModel) and \(r.toModel), or \(missing) smaller model\(missing == 1 ? "" : "s")."
        case let .noContinuousMetric(metric, surprise):
            return "\(metric) jumps like a phase transition (surprise \(Self.short(surprise))), but there is no "
                + "continuous metric that could show whether the jump is the metric's: add a per-token metric "
                + "(log-likelihood, token accuracy, Brier score, or an imported continuous score)."
        case let .continuousMetricUntested(metric, breakModel, surprise):
            return "\(metric) jumps at \(breakModel) (surprise \(Self.short(surprise))), but no per-token metric has "
                + "\(Surprise.minimumModelsBeforeBreak) models before \(breakModel) to test the same jump: add "
                + "per-token scores of the smaller models."
        }
    }

    static func short(_ x: Double) -> String {
        guard x.isFinite else { return x > 0 ? "inf" : (x < 0 ? "-inf" : "nan") }
        return String(format: "%.3g", x)
    }
}

/// The verdict rule (docs/verdict.md), in order:
///
/// 1. fewer than `MirageGroup.minimumModels` models: insufficient data;
/// 2. a threshold metric flagged: `persists` when a per-token metric is
///    flagged too; `metric-induced` when some per-token metric could test
///    the same jump (at least 3 of its models before the flagged break, one
///    at or after it) and none is flagged; otherwise insufficient data (no
///    continuous metric at all, or none that covers the break);
/// 3. no threshold metric flagged: every rise of a threshold metric between
///    neighbouring models (oriented) that reaches the rule's gain floor (10%
///    of the range) and stands out of the two values' noise (at least 3
///    times the standard error of the difference, when known — the bar a
///    flag sets for surprise — or, inside that noise, is never given back:
///    no later model returns to within the gain floor of the level before
///    it) must have at least 3 models before it — else
///    insufficient data, naming the largest such rise (relative to its
///    range); `no-emergence` when every one was tested. Requiring every
///    large rise, not only the largest, keeps the verdict from turning on
///    which of two similar rises noise makes the larger.
///
/// Nonlinear metrics never vote.
func decideVerdict(_ metrics: [MetricEvidence], modelCount: Int) -> VerdictFinding {
    if modelCount < MirageGroup.minimumModels { return .tooFewModels(count: modelCount) }
    let threshold = metrics.filter { $0.metricClass == .threshold }
    let perToken = metrics.filter { $0.metricClass == .perToken }
    let flaggedThreshold = threshold.filter(\.flagged)
    if let strongest = flaggedThreshold.max(by: { $0.surprise < $1.surprise }) {
        if perToken.contains(where: \.flagged) { return .persists }
        if perToken.isEmpty { return .noContinuousMetric(metric: strongest.metric, surprise: strongest.surprise) }
        let covered = flaggedThreshold.contains { t in
            guard let k = t.breakIndex else { return false }
            let breakX = t.x[k]
            return perToken.contains { p in
                p.x.filter { $0 < breakX }.count >= Surprise.minimumModelsBeforeBreak && p.x.contains { $0 >= breakX }
            }
        }
        if covered { return .metricInduced }
        let breakModel = strongest.breakIndex.map { strongest.models[$0] } ?? strongest.models.last ?? ""
        return .continuousMetricUntested(metric: strongest.metric, breakModel: breakModel, surprise: strongest.surprise)
    }
    // Only the first splits are blind: a rise into model i is tested by the
    // split at i, which needs `minimumModelsBeforeBreak` models before it.
    var worst: (share: Double, rise: UntestedRise)?
    for t in threshold where t.y.count >= 2 && t.range > 0 {
        for i in 1..<min(Surprise.minimumModelsBeforeBreak, t.y.count) {
            let rise = t.y[i] - t.y[i - 1]
            guard rise >= Surprise.minimumGainFraction * t.range else { continue }
            // A change within the noise of its two values is no change to
            // test — when the curve gives it back: a later model returns to
            // within the gain floor of the level before it. A rise that
            // lasts is a change whatever its noise (two seeds that disagree
            // make the noise as large as the jump itself).
            let noise = ((t.stderr[i - 1] ?? 0) * (t.stderr[i - 1] ?? 0) + (t.stderr[i] ?? 0) * (t.stderr[i] ?? 0)).squareRoot()
            let givenBack = t.y[(i + 1)...].contains { $0 < t.y[i - 1] + Surprise.minimumGainFraction * t.range }
            if rise < CurveEmergence.surpriseThreshold * noise && givenBack { continue }
            let share = rise / t.range
            if worst == nil || share > worst!.share {
                let sign: Double = t.higherIsBetter ? 1 : -1
                worst = (share, UntestedRise(metric: t.metric, fromModel: t.models[i - 1], toModel: t.models[i],
                                             fromValue: sign * t.y[i - 1], toValue: sign * t.y[i],
                                             modelsBefore: i, modelsNeeded: Surprise.minimumModelsBeforeBreak))
            }
        }
    }
    if let worst { return .untestedRise(worst.rise) }
    return .noEmergence
}
