import Reporting
import ScalingFits

/// The plain sentence that says why a verdict is what it is, written from
/// the per-metric flags and surprises (docs/verdict.md), followed — when the
/// data were resampled — by the verdict's share of the resamples.
enum VerdictText {
    static func report(_ group: MirageGroup) -> VerdictReport {
        let flaggedThreshold = group.metrics.filter { $0.curve.metricClass == .threshold && $0.phaseTransition }
        let earliest = flaggedThreshold.compactMap(\.transition).min { $0.value < $1.value }
        var shares: [Verdict: Double] = [:]
        for (v, s) in group.shares?.shares ?? [:] { shares[Verdict(v)] = s }
        var text = reason(group)
        if let share = shareSentence(group) { text += " " + share }
        return VerdictReport(family: group.family, strategy: group.strategy, series: group.series,
                             verdict: Verdict(group.verdict),
                             reason: text, transitionX: earliest?.value, transitionLow: earliest?.ciLow,
                             transitionHigh: earliest?.ciHigh, resamples: group.shares?.resamples ?? 0,
                             shares: shares, uncertain: group.uncertain)
    }

    /// "Metric-induced in 88% of 200 resamples." or, under 80%, "Uncertain:
    /// metric-induced in only 62% of 200 resamples (persists 38%)."; nil without resamples.
    static func shareSentence(_ group: MirageGroup) -> String? {
        guard let shares = group.shares, shares.resamples > 0 else { return nil }
        let own = percent(shares.share(of: group.verdict))
        let of = "of \(shares.resamples) resample\(shares.resamples == 1 ? "" : "s")"
        guard group.uncertain else { return "\(capitalized(group.verdict.rawValue)) in \(own) \(of)." }
        let others = shares.ranked.filter { $0.verdict != group.verdict }
            .map { "\($0.verdict.rawValue) \(percent($0.share))" }.joined(separator: ", ")
        return "Uncertain: \(group.verdict.rawValue) in only \(own) \(of)" + (others.isEmpty ? "." : " (\(others)).")
    }

    static func reason(_ group: MirageGroup) -> String {
        if let reason = group.reason { return reason }
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
            // The finding always carries a reason; this is a fallback for hand-made groups.
            return "Only \(group.modelCount) model\(group.modelCount == 1 ? "" : "s") \(group.modelCount == 1 ? "has" : "have") results; a verdict needs at least \(MirageGroup.minimumModels)."
        case .metricInduced:
            let calm = largest(perToken).map { " (the largest is \($0), below 3)" } ?? ""
            return "\(list(flaggedT)) jump\(flaggedT.count == 1 ? "s" : "") like a phase transition, but no per-token metric does\(calm): the jump comes from the metric."
        case .persists:
            return "\(list(flaggedT)) jump\(flaggedT.count == 1 ? "s" : "") and so \(flaggedP.count == 1 ? "does" : "do") the per-token \(list(flaggedP)): the jump survives a continuous metric."
        case .noEmergence:
            if threshold.isEmpty { return "The task has no threshold metric, so there is no jump to test." }
            let top = largest(threshold).map { " (the largest is \($0))" } ?? ""
            return "No threshold metric shows a phase transition\(top), and every large rise between neighbouring models could be tested: performance grows predictably with scale."
        }
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
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
