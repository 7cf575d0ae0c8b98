import EmergenceMetrics
import Foundation

/// Which way a family is followed (docs/real-data.md, "Two axes").
///
/// A model that is one checkpoint of a size (`StoredModel.sizeGroup`,
/// `step`) can be read two ways: across scale, one point per size, or
/// across training, one curve per size over its checkpoints. Models that
/// are not checkpoints are the same either way across scale and absent
/// along training.
public enum Along: Sendable, Equatable {
    /// One point per size: each size group's checkpoint at `step`, or its
    /// last checkpoint when `step` is nil.
    case scale(step: Int?)
    /// One curve per size over its checkpoints, analysed from `fromStep`, or
    /// from where learning begins (`LearningOnset`) when nil.
    case training(fromStep: Int?)

    public static let defaultScale = Along.scale(step: nil)

    public var isTraining: Bool {
        if case .training = self { return true }
        return false
    }

    /// The rows this view keeps, with a note for what it leaves out.
    ///
    /// Across scale, a size group contributes the rows of its chosen
    /// checkpoint only (a group without that step is named in a note); rows
    /// of models without a step pass unchanged. Along training, only rows of
    /// checkpoints pass.
    public func select(_ rows: [MetricRow]) -> (rows: [MetricRow], notes: [String]) {
        switch self {
        case .scale(let step):
            var chosen: [String: Int] = [:]
            var groups: [String: Set<Int>] = [:]
            for r in rows { if let g = r.sizeGroup, let s = r.step { groups[g, default: []].insert(s) } }
            var notes: [String] = []
            for (group, steps) in groups.sorted(by: { $0.key < $1.key }) {
                if let step {
                    if steps.contains(step) { chosen[group] = step }
                    else { notes.append("\(group) has no checkpoint at step \(step): left out") }
                } else {
                    chosen[group] = steps.max()!
                }
            }
            let kept = rows.filter { r in
                guard let g = r.sizeGroup, let s = r.step else { return true }
                return chosen[g] == s
            }
            return (kept, notes)
        case .training:
            let kept = rows.filter { $0.sizeGroup != nil && $0.step != nil }
            let dropped = Set(rows.filter { $0.sizeGroup == nil || $0.step == nil }.map(\.model))
            let notes = dropped.isEmpty ? [] : [
                "\(dropped.count) model\(dropped.count == 1 ? "" : "s") without a training step left out along training",
            ]
            return (kept, notes)
        }
    }

    /// Curves of `rows` in this view: across scale, `buildCurves` of the
    /// chosen checkpoints; along training, one curve per size group with the
    /// checkpoints before learning begins (or before `fromStep`) moved to
    /// each curve's `excluded`. The notes say what was left out and why.
    public func curves(from rows: [MetricRow], xAxis: XAxis) -> (curves: [Curve], notes: [String]) {
        let (kept, notes) = select(rows)
        switch self {
        case .scale:
            return (buildCurves(from: kept, xAxis: xAxis), notes)
        case .training(let fromStep):
            let curves = buildCurves(from: kept, xAxis: xAxis, series: true)
            return (LearningOnset.trim(curves, fromStep: fromStep), notes)
        }
    }
}

/// Where learning begins along training, so that the start of learning is
/// not read as an emergent ability.
///
/// The first checkpoints of a training run sit on the untrained model's
/// plateau (Pythia's steps 1–512 score what step 0 scores); a trend fitted
/// to them predicts that nothing will ever change, so the first learning
/// would look like a break. The rule, per curve (values oriented so that
/// higher is better, checkpoints with a position on the axis, by step):
///
/// - the plateau level is the first checkpoint's value y₁; its band is
///   max(3 · its standard error, 5% of the metric's range — of the observed
///   range for unbounded metrics);
/// - the curve's onset is the first checkpoint from which every later value
///   lies above y₁ + band (a single noisy excursion does not end the plateau);
/// - a (task, family, strategy, size) group begins at the latest onset of
///   its threshold and per-token metrics, so every metric it compares has
///   left its starting level (for Pythia's lambada: accuracy leaves 0 at
///   step 1000 while log-perplexity already falls at step 128; both are
///   judged from step 1000);
/// - when no metric of the group leaves its plateau, nothing is excluded
///   (a task that stays at chance is judged on all its checkpoints).
///
/// Blind spot: an ability whose threshold metric stays on its floor long
/// after its continuous metrics start to move has that floor read as
/// plateau; `--from-step` chooses the start by hand.
public enum LearningOnset {
    /// Fraction of the range that always counts as noise on the plateau.
    public static let rangeFraction = 0.05
    /// Standard errors of the first checkpoint that count as noise.
    public static let standardErrors = 3.0

    /// The index of the first point from which every later oriented value
    /// lies above the first point's band, nil when the curve never leaves it
    /// (or has fewer than two points).
    public static func onsetIndex(_ curve: Curve) -> Int? {
        let y = curve.orientedYs
        guard y.count >= 2 else { return nil }
        let width = curve.range.map { $0.upperBound - $0.lowerBound }
            ?? ((y.max() ?? 0) - (y.min() ?? 0))
        let band = max(standardErrors * (curve.points[0].stderr ?? 0), rangeFraction * width)
        let level = y[0] + band
        var onset: Int?
        for i in stride(from: y.count - 1, through: 1, by: -1) {
            if y[i] > level { onset = i } else { break }
        }
        return onset
    }

    /// The step from which a group of curves (one task, family, strategy and
    /// size) is analysed: the latest onset over its voting metrics.
    public static func onsetStep(_ group: [Curve]) -> Int? {
        group.filter { $0.metricClass != .nonlinear }
            .compactMap { c in onsetIndex(c).flatMap { c.points[$0].step } }
            .max()
    }

    /// Moves each curve's checkpoints before its group's onset (or before
    /// `fromStep`) to `excluded`, with the reason.
    public static func trim(_ curves: [Curve], fromStep: Int?) -> [Curve] {
        if let fromStep {
            return curves.map { c in
                c.excluding { p in (p.step ?? Int.max) < fromStep ? "before --from-step \(fromStep)" : nil }
            }
        }
        struct Key: Hashable { var task, family: String; var strategy, series: String? }
        var groups: [Key: [Curve]] = [:]
        for c in curves { groups[Key(task: c.task, family: c.family, strategy: c.strategy, series: c.series), default: []].append(c) }
        var onsets: [Key: Int] = [:]
        for (key, group) in groups { if let s = onsetStep(group) { onsets[key] = s } }
        return curves.map { c in
            guard let onset = onsets[Key(task: c.task, family: c.family, strategy: c.strategy, series: c.series)] else { return c }
            return c.excluding { p in
                (p.step ?? Int.max) < onset ? "initial plateau: learning begins at step \(onset)" : nil
            }
        }
    }
}
