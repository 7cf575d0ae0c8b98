import ScalingFits

/// The one plain sentence that says why a verdict is what it is, written
/// from the per-metric flags and surprises (SPEC §7).
enum VerdictText {
    static func report(_ group: MirageGroup) -> VerdictReport {
        let flaggedThreshold = group.metrics.filter { $0.curve.metricClass == .threshold && $0.phaseTransition }
        let earliest = flaggedThreshold.compactMap(\.transition).min { $0.value < $1.value }
        return VerdictReport(family: group.family, strategy: group.strategy, series: group.series,
                             verdict: Verdict(group.verdict),
                             reason: reason(group), transitionX: earliest?.value, transitionLow: earliest?.ciLow,
                             transitionHigh: earliest?.ciHigh)
    }

    static func reason(_ group: MirageGroup) -> String {
        let threshold = group.metrics.filter { $0.curve.metricClass == .threshold }
        let perToken = group.metrics.filter { $0.curve.metricClass == .perToken }
        let flaggedT = threshold.filter(\.phaseTransition)
        let flaggedP = perToken.filter(\.phaseTransition)
        func list(_ items: [CurveEmergence]) -> String {
            items.map { "\($0.curve.metric) (surprise \(NumberText.short($0.surprise.value, digits: 2)))" }
                .joined(separator: ", ")
        }
        func largest(_ items: [CurveEmergence]) -> String? {
            guard let top = items.max(by: { $0.surprise.value < $1.surprise.value }) else { return nil }
            return "\(top.curve.metric) at surprise \(NumberText.short(top.surprise.value, digits: 2))"
        }
        switch group.verdict {
        case .insufficientData:
            return "Only \(group.modelCount) model\(group.modelCount == 1 ? "" : "s") \(group.modelCount == 1 ? "has" : "have") results; a verdict needs at least \(MirageGroup.minimumModels)."
        case .metricInduced:
            let calm = largest(perToken).map { " (the largest is \($0), below 3)" } ?? ""
            return "\(list(flaggedT)) jump\(flaggedT.count == 1 ? "s" : "") like a phase transition, but no per-token metric does\(calm): the jump comes from the metric."
        case .persists:
            return "\(list(flaggedT)) jump\(flaggedT.count == 1 ? "s" : "") and so \(flaggedP.count == 1 ? "does" : "do") the per-token \(list(flaggedP)): the jump survives a continuous metric."
        case .noEmergence:
            if threshold.isEmpty { return "The task has no threshold metric, so there is no jump to test." }
            let top = largest(threshold).map { " (the largest is \($0))" } ?? ""
            return "No threshold metric shows a phase transition\(top): performance grows predictably with scale."
        }
    }
}

extension Verdict {
    init(_ v: MirageVerdict) {
        switch v {
        case .metricInduced: self = .metricInduced
        case .persists: self = .persists
        case .noEmergence: self = .noEmergence
        case .insufficientData: self = .insufficientData
        }
    }
}
