import EmergeSupport
import Foundation
import Testing
@testable import ScalingFits

/// Schaeffer et al.'s closed forms: per-token probability p(N) = exp(−(N/1e7)^−0.5)
/// over N = 1e7…1e11, answers of L = 10 tokens.
func schaefferCurves(models: Int = 10, task: String = "sim", family: String = "toy") -> [Curve] {
    let n = (0..<models).map { pow(10, 7 + 4 * Double($0) / Double(models - 1)) }
    let flops = n.map { 6 * $0 * 20 * $0 }
    let p = n.map { exp(-pow($0 / 1e7, -0.5)) }
    func curve(_ metric: String, _ cls: MetricClass, _ higher: Bool, _ range: ClosedRange<Double>?, _ y: [Double]) -> Curve {
        Curve(task: task, metric: metric, family: family, strategy: "standard", metricClass: cls, higherIsBetter: higher,
              range: range, points: zip(flops, y).enumerated().map { CurvePoint(model: "m\($0.offset)", x: $0.element.0, y: $0.element.1) })
    }
    return [
        curve("exact-match", .threshold, true, 0...1, p.map { pow($0, 10) }),
        curve("token-accuracy", .perToken, true, 0...1, p),
        curve("token-edit-distance", .perToken, false, nil, p.map { 10 * (1 - $0) }),
        curve("log-likelihood", .perToken, true, nil, p.map { log($0) }),
        curve("target-probability", .nonlinear, true, 0...1, p.map { pow($0, 10) }),
    ]
}

@Test func closedFormSchaefferFamilyIsMetricInduced() {
    let analyses = analyzeCurves(schaefferCurves(), bootstrap: 20)
    let byMetric = Dictionary(uniqueKeysWithValues: analyses.map { ($0.curve.metric, $0) })
    #expect(byMetric["exact-match"]!.phaseTransition)
    #expect(!byMetric["token-accuracy"]!.phaseTransition)
    #expect(!byMetric["token-edit-distance"]!.phaseTransition)
    #expect(!byMetric["log-likelihood"]!.phaseTransition)
    let groups = mirageGroups(analyses)
    #expect(groups.count == 1)
    #expect(groups[0].verdict == .metricInduced)
    #expect(groups[0].metrics.count == 5)
    #expect(groups[0].modelCount == 10)
}

@Test func verdictRules() {
    var analyses = analyzeCurves(schaefferCurves(), bootstrap: 0)
    // A per-token metric flagged too: the jump persists.
    var persists = analyses
    persists[1].phaseTransition = true
    #expect(mirageVerdict(persists) == .persists)
    // A flagged nonlinear metric does not vote.
    var nonlinearOnly = analyses
    nonlinearOnly[0].phaseTransition = false
    #expect(nonlinearOnly[4].phaseTransition)
    #expect(mirageVerdict(nonlinearOnly) == .noEmergence)
    analyses = analyzeCurves(schaefferCurves(models: 3), bootstrap: 0)
    #expect(mirageVerdict(analyses) == .insufficientData)
}

@Test func groupsSplitByTaskFamilyAndStrategy() {
    let curves = schaefferCurves(task: "a") + schaefferCurves(task: "b", family: "other")
    let groups = mirageGroups(analyzeCurves(curves, bootstrap: 0))
    #expect(groups.map(\.task) == ["a", "b"])
    #expect(groups.map(\.family) == ["toy", "other"])
}
