/// The mirage verdict (SPEC §7, after Schaeffer, Miranda & Koyejo 2023).
public enum MirageVerdict: String, Sendable, Codable, CaseIterable {
    /// A threshold metric is flagged and no per-token metric is: the jump is the metric's.
    case metricInduced = "metric-induced"
    /// A per-token metric is flagged too: the jump survives a continuous metric.
    case persists
    /// No threshold metric is flagged.
    case noEmergence = "no-emergence"
    /// Fewer than `MirageGroup.minimumModels` models.
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
    /// Distinct models over the group's curves.
    public var modelCount: Int
    /// Every metric's analysis, nonlinear ones included (they are shown, not counted).
    public var metrics: [CurveEmergence]

    public static let minimumModels = 4
}

/// The verdict of one group of curves of the same task, family and strategy.
/// Nonlinear metrics do not vote.
public func mirageVerdict(_ metrics: [CurveEmergence]) -> MirageVerdict {
    let models = Set(metrics.flatMap { $0.curve.points.map(\.model) }).count
    if models < MirageGroup.minimumModels { return .insufficientData }
    let threshold = metrics.contains { $0.curve.metricClass == .threshold && $0.phaseTransition }
    let perToken = metrics.contains { $0.curve.metricClass == .perToken && $0.phaseTransition }
    if !threshold { return .noEmergence }
    return perToken ? .persists : .metricInduced
}

/// Groups analyses by (task, family, strategy, size group along training),
/// in first-seen order, with their verdicts.
public func mirageGroups(_ analyses: [CurveEmergence]) -> [MirageGroup] {
    struct Key: Hashable { var task, family: String; var strategy, series: String? }
    var order: [Key] = []
    var groups: [Key: [CurveEmergence]] = [:]
    for a in analyses {
        let key = Key(task: a.curve.task, family: a.curve.family, strategy: a.curve.strategy, series: a.curve.series)
        if groups[key] == nil { order.append(key) }
        groups[key, default: []].append(a)
    }
    return order.map { key in
        let metrics = groups[key]!
        return MirageGroup(task: key.task, family: key.family, strategy: key.strategy, series: key.series,
                           verdict: mirageVerdict(metrics),
                           modelCount: Set(metrics.flatMap { $0.curve.points.map(\.model) }).count,
                           metrics: metrics)
    }
}
