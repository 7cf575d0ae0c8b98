import EmergeTestSupport
import EmergenceMetrics
import Foundation
import ResultsStore
import Testing
@testable import ScalingFits

/// The whole pipeline on Schaeffer et al.'s simulated family: simulator
/// outputs → store → metric rows → curves → flags and verdict.
@Test func simulatedSchaefferFamilyFlagsExactMatchOnly() throws {
    let dir = try makeTemporaryDirectory("fits-mirage")
    defer { try? FileManager.default.removeItem(at: dir) }
    let database = try ResultsDatabase(path: dir.appendingPathComponent("e.sqlite").path)
    _ = try database.importOutputs(SchaefferSimulator(models: 10, targetTokens: 10, examples: 200, seed: 1).records(),
                                   source: "simulator")
    let curves = buildCurves(from: try MetricsEngine.compute(in: database), xAxis: .flops)
    #expect(curves.allSatisfy { $0.points.count == 10 && $0.notes.isEmpty })
    let analyses = analyzeCurves(curves, bootstrap: 50, seed: 1)
    let byMetric = Dictionary(uniqueKeysWithValues: analyses.map { ($0.curve.metric, $0) })
    let exact = try #require(byMetric["exact-match"])
    #expect(exact.phaseTransition)
    #expect(exact.surprise.value >= 3)
    let transition = try #require(exact.transition)
    #expect(transition.value > exact.curve.points[exact.surprise.breakIndex! - 1].x)
    for metric in ["token-edit-distance", "log-likelihood", "token-accuracy"] {
        #expect(byMetric[metric]?.phaseTransition == false, "\(metric) should not be flagged")
    }
    // Generation Brier is (1 − P(target))² = (1 − p^L)²: it compounds over the L
    // tokens exactly like exact match, so it jumps too — which is why it is
    // classed nonlinear on generation tasks and does not vote.
    let brier = try #require(byMetric["brier"])
    #expect(brier.curve.metricClass == .nonlinear)
    #expect(brier.phaseTransition)
    #expect(mirageVerdict(analyses) == .metricInduced)
}

@Test func curvesGroupRowsAndDropModelsWithoutX() {
    func row(_ model: String, _ flops: Double?, _ value: Double, metric: String = "acc") -> MetricRow {
        MetricRow(model: model, family: "f", task: "t", metric: metric, strategy: nil, value: value, ciLow: nil, ciHigh: nil,
                  stderr: 0.01, n: 100, metricClass: .threshold, higherIsBetter: true, range: 0...1,
                  params: 1e9, tokens: 2e10, trainingFlops: flops, imported: true)
    }
    let rows = [row("b", 2e20, 0.5), row("a", 1e20, 0.1), row("c", nil, 0.9), row("a", 1e20, 2.0, metric: "loss")]
    let curves = buildCurves(from: rows, xAxis: .flops)
    #expect(curves.count == 2)
    #expect(curves[0].points.map(\.model) == ["a", "b"])
    #expect(curves[0].notes == ["dropped c: its flops is not recorded"])
    #expect(curves[0].metricClass == .threshold && curves[0].range == 0...1)
    let byParams = buildCurves(from: rows, xAxis: .params)
    #expect(byParams[0].points.count == 3)
    #expect(byParams[0].points.allSatisfy { $0.x == 1e9 })
}
