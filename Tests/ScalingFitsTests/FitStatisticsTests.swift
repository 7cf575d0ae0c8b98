import Foundation
import Testing
import EmergeTestSupport
@testable import ScalingFits

@Test func autoPicksSigmoidForAStepAndLinearForALine() throws {
    let x = flopsGrid(15)
    let step = noisy(x, seed: 3, sigma: 0.01) { 0.1 + 0.8 / (1 + exp(-4 * (log10($0) - 21))) }
    #expect(try fitPoints(x: x, y: step).law == .sigmoidLog)
    // A log-likelihood-like line (values below 0, so the task law is not a candidate).
    let line = noisy(x, seed: 3, sigma: 0.01) { -2 + 0.05 * log10($0) }
    let fit = try fitPoints(x: x, y: line)
    #expect(fit.law == .linearLog)
    #expect(fit.candidates.count >= 4)
    #expect(fit.candidates.allSatisfy { $0.bic >= fit.bic - 1e-9 })
}

@Test func statisticsMatchTheirDefinitions() throws {
    let x: [Double] = [1e1, 1e2, 1e3, 1e4, 1e5]
    let y: [Double] = [1.1, 1.9, 3.2, 3.9, 5.0]
    let fit = try fitPoints(x: x, y: y, options: FitOptions(law: .linearLog))
    // OLS by hand: u = 1…5, slope = Σ(u−3)(y−ȳ)/10.
    let ybar = y.reduce(0, +) / 5
    let slope = zip(1...5, y).map { (Double($0) - 3) * ($1 - ybar) }.reduce(0, +) / 10
    #expect(abs(fit.parameter("b")!.value - slope) < 1e-10)
    let rss = zip(1...5, y).map { u, yi in pow(yi - (ybar + slope * (Double(u) - 3)), 2) }.reduce(0, +)
    #expect(abs(fit.rss - rss) < 1e-10)
    let tss = y.map { pow($0 - ybar, 2) }.reduce(0, +)
    #expect(abs(fit.r2 - (1 - rss / tss)) < 1e-10)
    #expect(abs(fit.aic - (5 * log(rss / 5) + 2 * 3)) < 1e-8)
    #expect(abs(fit.bic - (5 * log(rss / 5) + 3 * log(5))) < 1e-8)
    #expect(abs(fit.residualSD - (rss / 3).squareRoot()) < 1e-10)
}

@Test func holdoutReportsExtrapolationErrorOnTheLargestX() throws {
    let x = flopsGrid(12)
    let y = x.map { 0.3 + 0.04 * log10($0) }
    var y2 = y
    y2[11] += 0.1   // the largest model beats the trend
    let fit = try fitPoints(x: x, y: y2, options: FitOptions(law: .linearLog, holdout: 2))
    let h = try #require(fit.holdout)
    #expect(h.k == 2)
    // Fitted on the first 10 (exact line): errors 0 and 0.1 on the held-out two.
    #expect(abs(h.rmse - (0.01 / 2).squareRoot()) < 1e-9)
    let expectedRMSLE = ((pow(log(y[10]) - log(y2[10]), 2) + pow(log(y[11]) - log(y2[11]), 2)) / 2).squareRoot()
    #expect(abs(h.rmsle! - expectedRMSLE) < 1e-9)
    #expect(throws: FitError.holdoutTooLarge(k: 12, points: 12)) {
        try fitPoints(x: x, y: y, options: FitOptions(law: .linearLog, holdout: 12))
    }
}

@Test func bootstrapIsSeededAndCoversTheTruth() throws {
    let x = flopsGrid(15)
    let y = noisy(x, seed: 11, sigma: 0.01) { 0.05 + 0.8 / (1 + exp(-3 * (log10($0) - 20))) }
    let a = try fitPoints(x: x, y: y, options: FitOptions(law: .sigmoidLog, bootstrap: 100, seed: 5))
    let b = try fitPoints(x: x, y: y, options: FitOptions(law: .sigmoidLog, bootstrap: 100, seed: 5))
    let c = try fitPoints(x: x, y: y, options: FitOptions(law: .sigmoidLog, bootstrap: 100, seed: 6))
    #expect(a.parameters == b.parameters)
    #expect(a.parameters != c.parameters)
    let m = a.parameter("m")!
    #expect(m.ciLow! < m.value && m.value < m.ciHigh!)
    #expect(m.stderr! > 0 && m.stderr! < 0.2)
    let t = try #require(a.transition)
    #expect(t.ciLow! < t.value && t.value < t.ciHigh!)
    #expect(a.bootstrapReplicates == 100)
}

@Test func percentileMatchesNumpyLinearInterpolation() {
    #expect(percentile([1, 2, 3, 4], 0.5) == 2.5)
    #expect(abs(percentile([0, 10], 0.025) - 0.25) < 1e-12)
}

@Test func bootstrapIntervalsCoverTheTruthMostOfTheTime() throws {
    var covered = 0
    for seed in 1...20 as ClosedRange<UInt64> {
        let x = flopsGrid(15)
        let y = noisy(x, seed: seed, sigma: 0.01) { 0.05 + 0.8 / (1 + exp(-3 * (log10($0) - 20))) }
        let fit = try fitPoints(x: x, y: y, options: FitOptions(law: .sigmoidLog, bootstrap: 100, seed: seed))
        let m = fit.parameter("m")!
        if m.ciLow! <= 20 && 20 <= m.ciHigh! { covered += 1 }
    }
    // Nominal 95 %: with 20 curves, fewer than 15 covered would be a broken interval.
    #expect(covered >= 15)
}
