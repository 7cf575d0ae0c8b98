import EmergeSupport
import Foundation

/// The mirage verdict (docs/design.md#the-mirage-verdict, after Schaeffer, Miranda & Koyejo 2023;
/// the rule is `decideVerdict`, docs/verdict.md).
public enum MirageVerdict: String, Sendable, Codable, CaseIterable {
    /// A threshold metric is flagged and a per-token metric that could test the same jump is not.
    case metricInduced = "metric-induced"
    /// A per-token metric is flagged too: the jump survives a continuous metric.
    case persists
    /// No threshold metric is flagged, and every large rise of one was tested.
    case noEmergence = "no-emergence"
    /// The data cannot decide: too few models, a rise the rule cannot test,
    /// or a flagged jump without a continuous metric to test it
    /// (`MirageGroup.reason` says which and what would resolve it).
    case insufficientData = "insufficient-data"
}

/// One (task, family, strategy) with its per-metric evidence and verdict.
public struct MirageGroup: Sendable {
    public var task: String
    public var family: String
    public var strategy: String?
    /// Along training: the size group whose checkpoints the curves follow.
    public var series: String?
    public var verdict: MirageVerdict
    /// The facts behind the verdict.
    public var finding: VerdictFinding
    /// For `insufficient-data`: one sentence naming the models, the change
    /// and what would resolve it; nil otherwise.
    public var reason: String?
    /// Distinct models over the group's curves.
    public var modelCount: Int
    /// Every metric's analysis, nonlinear ones included (they are shown, not
    /// counted); with resamples, each carries its surprise interval.
    public var metrics: [CurveEmergence]
    /// The verdict's uncertainty over data resamples; nil when none were asked for.
    public var shares: VerdictShares?

    public static let minimumModels = 4

    /// True when the verdict's own share of the resamples is below
    /// `VerdictShares.certainty` (80%); false without resamples.
    public var uncertain: Bool {
        guard let shares else { return false }
        return shares.share(of: verdict) < VerdictShares.certainty
    }
}

/// The verdict of one group of curves of the same task, family and strategy.
/// Nonlinear metrics do not vote.
public func mirageVerdict(_ metrics: [CurveEmergence]) -> MirageVerdict {
    mirageFinding(metrics).verdict
}

/// The facts behind the verdict of one group of curves (see `decideVerdict`).
public func mirageFinding(_ metrics: [CurveEmergence]) -> VerdictFinding {
    let models = Set(metrics.flatMap { $0.curve.points.map(\.model) }).count
    return decideVerdict(metrics.map(MetricEvidence.init), modelCount: models)
}

/// Groups analyses by (task, family, strategy, size group along training),
/// in first-seen order, with their verdicts. With `resamples` > 0, each
/// group's verdict is recomputed on that many resamples of its points
/// (`CurvePoint.replicates`) to give its shares and every metric's surprise
/// interval (`VerdictShares`); groups run in parallel on `workers` threads.
public func mirageGroups(_ analyses: [CurveEmergence], resamples: Int = 0,
                         workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [MirageGroup] {
    struct Key: Hashable { var task, family: String; var strategy, series: String? }
    var order: [Key] = []
    var groups: [Key: [CurveEmergence]] = [:]
    for a in analyses {
        let key = Key(task: a.curve.task, family: a.curve.family, strategy: a.curve.strategy, series: a.curve.series)
        if groups[key] == nil { order.append(key) }
        groups[key, default: []].append(a)
    }
    let work = order.map { ($0, groups[$0]!) }
    return parallelMap(work, workers: resamples > 0 ? workers : 1) { key, metrics in
        let finding = mirageFinding(metrics)
        var group = MirageGroup(task: key.task, family: key.family, strategy: key.strategy, series: key.series,
                                verdict: finding.verdict, finding: finding, reason: finding.reason,
                                modelCount: Set(metrics.flatMap { $0.curve.points.map(\.model) }).count,
                                metrics: metrics, shares: nil)
        if resamples > 0 {
            let resampled = VerdictResampler(metrics).run(resamples: resamples)
            group.shares = resampled.shares
            for i in group.metrics.indices { group.metrics[i].surpriseInterval = resampled.surpriseIntervals[i] }
        }
        return group
    }
}
