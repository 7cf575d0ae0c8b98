import Foundation
import Testing
@testable import ScalingFits

@Test func emergenceScoreMatchesHandComputedValues() {
    // Squared steps 0.01, 0.01, 0.16 → median 0.01; range 0.6 → 0.6 / 0.1.
    #expect(abs(EmergenceScore(values: [0, 0.1, 0.2, 0.6]).value - 6) < 1e-12)
    // Falling curve: argmax before argmin → negative. Squared steps 0.01, 0.01, 0.36; range 0.8.
    #expect(abs(EmergenceScore(values: [1, 0.9, 0.8, 0.2]).value + 8) < 1e-12)
    // Even number of steps: squared steps 1, 4 → median 2.5; range 3.
    #expect(abs(EmergenceScore(values: [0, 1, 3]).value - 3 / 2.5.squareRoot()) < 1e-12)
}

@Test func zeroMedianWithARangeIsInfiniteAndFlatIsZero() {
    let jump = EmergenceScore(values: [0, 0, 0, 1])
    #expect(jump.isInfinite && jump.value > 0)
    #expect(jump.finiteValue == nil)
    let drop = EmergenceScore(values: [1, 1, 1, 0])
    #expect(drop.value == -.infinity)
    #expect(EmergenceScore(values: [0.5, 0.5, 0.5]).value == 0)
    #expect(EmergenceScore(values: [0, 0, 0, 0]).value == 0)
    #expect(EmergenceScore(values: [0.3]).value == 0)
    #expect(EmergenceScore(values: []).value == 0)
    #expect(EmergenceScore(values: [.nan, 0.2, 0.2]).value == 0)
}

@Test func surpriseMatchesHandComputedSplit() {
    // k = 3: the first three are flat (s = 0), so σ is the 1 % floor: gains 0.5 and 1.0 → 50 and 100.
    let u: [Double] = [1, 2, 3, 4, 5], y: [Double] = [0, 0, 0, 0.5, 1]
    let s = Surprise(u: u, y: y, stderr: [], metricRange: 1)
    #expect(abs(s.value - 100) < 1e-9)
    #expect(s.breakIndex == 3)
    #expect(s.atIndex == 4)
    // A model standard error of 0.2 at j = 4 caps that pair at 5; the pair (3, 3) then wins with 50.
    let withSE = Surprise(u: u, y: y, stderr: [nil, nil, nil, nil, 0.2], metricRange: 1)
    #expect(abs(withSE.value - 50) < 1e-9)
    #expect(withSE.atIndex == 3)
}

@Test func surpriseUsesThePredictionStandardError() {
    // Only the k = 4 split is allowed a gain if the first split's pairs are below 10 %:
    // y = 0, 0.02, 0.01, 0.03, 0.6 — check z against the formula by hand for k = 4, j = 4.
    let u: [Double] = [1, 2, 3, 4, 5], y: [Double] = [0, 0.02, 0.01, 0.03, 0.6]
    let s = Surprise(u: u, y: y, stderr: [], metricRange: 1)
    func z(k: Int) -> Double {
        let uk = Array(u[..<k]), yk = Array(y[..<k])
        let ub = uk.reduce(0, +) / Double(k), yb = yk.reduce(0, +) / Double(k)
        let suu = uk.map { ($0 - ub) * ($0 - ub) }.reduce(0, +)
        let slope = zip(uk, yk).map { ($0 - ub) * ($1 - yb) }.reduce(0, +) / suu
        let rss = zip(uk, yk).map { pow($1 - (yb + slope * ($0 - ub)), 2) }.reduce(0, +)
        let sd = (rss / Double(k - 2)).squareRoot() * (1 + 1 / Double(k) + pow(5 - ub, 2) / suu).squareRoot()
        return (0.6 - (yb + slope * (5 - ub))) / max(sd, 0.01)
    }
    #expect(abs(s.value - max(z(k: 3), z(k: 4))) < 1e-9)
}

@Test func smallGainsAreNotSurprising() {
    let s = Surprise(u: [1, 2, 3, 4, 5], y: [0, 0, 0, 0, 0.05], stderr: [], metricRange: 1)
    #expect(s.value == 0)
    #expect(s.breakIndex == nil)
    // Unbounded metric: the observed range is used.
    let unbounded = Surprise(u: [1, 2, 3, 4, 5], y: [0, 0, 0, 0, 0.05], stderr: [], metricRange: nil)
    #expect(unbounded.range == 0.05)
    #expect(unbounded.value > 3)
}

@Test func aFloorThenARiseIsAPhaseTransitionAndASmoothRiseIsNot() throws {
    let x = (0..<10).map { pow(10, 18 + 0.5 * Double($0)) }
    // Exact match ≈ p^L with p rising smoothly: floor, then climb.
    let p = x.map { exp(-pow($0 / 1e18, -0.25)) }
    let exact = Curve(x: x, y: p.map { pow($0, 10) }, metricClass: .threshold, range: 0...1)
    let a = analyzeEmergence(exact, bootstrap: 50, seed: 1)
    #expect(a.surprise.value >= 3)
    #expect(a.phaseTransition)
    let t = try #require(a.transition)
    #expect(t.value > x[a.surprise.breakIndex! - 1])
    #expect(t.ciLow! <= t.value && t.value <= t.ciHigh!)
    // Log-likelihood log p: a concave rise, not surprising.
    let ll = analyzeEmergence(Curve(x: x, y: p.map { log($0) }, metricClass: .perToken), bootstrap: 0)
    #expect(!ll.phaseTransition)
    #expect(ll.surprise.value < 3)
    // A straight line in log x is perfectly predictable.
    let line = analyzeEmergence(Curve(x: x, y: x.map { 0.05 * log10($0) - 0.8 }, range: 0...1), bootstrap: 0)
    #expect(line.surprise.value == 0)
    #expect(!line.phaseTransition)
    #expect(line.transition == nil)
}

@Test func lowerIsBetterMetricsAreOrientedBeforeTheTests() {
    let x = (0..<8).map { pow(10, 18 + Double($0)) }
    // An error rate that collapses late: oriented, it is a floor then a rise.
    let err: [Double] = [1, 1, 1, 1, 0.98, 0.6, 0.2, 0.05]
    let a = analyzeEmergence(Curve(x: x, y: err, metricClass: .threshold, higherIsBetter: false, range: 0...1), bootstrap: 0)
    #expect(a.phaseTransition)
    #expect(a.score.value < 0)  // the score is on the raw values: a falling curve
}
