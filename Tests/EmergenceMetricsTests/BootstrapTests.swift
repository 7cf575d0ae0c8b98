import EmergeSupport
import Foundation
import Testing
@testable import EmergenceMetrics

@Suite("Bootstrap intervals")
struct BootstrapTests {
    @Test func sameSeedSameIntervalOtherSeedOtherInterval() {
        let values = (0..<50).map { Double($0 % 7) }
        let a = Bootstrap.mean(values, seed: 1), b = Bootstrap.mean(values, seed: 1), c = Bootstrap.mean(values, seed: 2)
        #expect(a == b)
        #expect(a.low != c.low || a.high != c.high)
        #expect(a.mean == values.reduce(0, +) / 50)
    }

    @Test func constantValuesGiveAZeroWidthInterval() {
        let e = Bootstrap.mean([Double](repeating: 0.25, count: 40))
        #expect(e.low == 0.25 && e.high == 0.25 && e.stderr == 0)
    }

    @Test func standardErrorMatchesTheAnalyticOneForBernoulliData() {
        // 1000 coin flips with p = 0.3: s.e. = sqrt(p(1−p)/n) ≈ 0.0145; the
        // 95% interval is about ±1.96 s.e. around the mean.
        var rng = SplitMix64(seed: 11)
        let values = (0..<1000).map { _ in rng.unitDouble() < 0.3 ? 1.0 : 0.0 }
        let e = Bootstrap.mean(values, resamples: 2000, seed: 3)
        let p = e.mean, analytic = (p * (1 - p) / 1000).squareRoot()
        #expect(abs(e.stderr - analytic) / analytic < 0.1)
        #expect(abs((e.high - e.low) - 2 * 1.96 * analytic) / (2 * 1.96 * analytic) < 0.15)
    }

    @Test func columnsShareDrawsSoIdenticalColumnsGetIdenticalIntervals() {
        let values = (0..<30).map { sin(Double($0)) }
        let both = Bootstrap.means(columns: [values, values], seed: 5)
        #expect(both[0] == both[1])
        #expect(both[0] == Bootstrap.mean(values, seed: 5))
    }

    @Test func vectorAndScalarPathsAgree() {
        // Up to 8 columns take the SIMD path, more the scalar one; both draw
        // the same examples from the same seed.
        var rng = SplitMix64(seed: 8)
        let columns = (0..<9).map { _ in (0..<40).map { _ in rng.unitDouble() } }
        let nine = Bootstrap.means(columns: columns, seed: 4)
        let eight = Bootstrap.means(columns: Array(columns.prefix(8)), seed: 4)
        for j in 0..<8 {
            #expect(abs(nine[j].low - eight[j].low) < 1e-12 && abs(nine[j].high - eight[j].high) < 1e-12)
            #expect(abs(nine[j].stderr - eight[j].stderr) < 1e-12)
        }
    }

    @Test func quantileInterpolatesLikeNumpy() {
        let sorted = [1.0, 2, 3, 4]
        #expect(Bootstrap.quantile(sorted: sorted, 0.5) == 2.5)
        #expect(Bootstrap.quantile(sorted: sorted, 0) == 1)
        #expect(Bootstrap.quantile(sorted: sorted, 1) == 4)
        #expect(abs(Bootstrap.quantile(sorted: sorted, 0.025) - 1.075) < 1e-12)
    }
}
