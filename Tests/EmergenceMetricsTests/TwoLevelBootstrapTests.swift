import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import EmergenceMetrics

/// The bootstrap over seeds, then examples (docs/verdict.md).
@Suite("Two-level bootstrap")
struct TwoLevelBootstrapTests {
    static func seed(_ values: [Double]) -> TwoLevelBootstrap.ExampleSeed {
        TwoLevelBootstrap.ExampleSeed(ids: Array(values.indices), values: values.map { [$0] })
    }

    static func interval(_ seeds: [TwoLevelBootstrap.ExampleSeed], resamples: Int = 1000, seed: UInt64 = 7) -> BootstrapEstimate {
        let reps = TwoLevelBootstrap.replicates(seeds, columns: 1, resamples: resamples, seed: seed)[0]
        let mean = seeds.map { $0.values.map { $0[0] }.reduce(0, +) / Double($0.values.count) }.reduce(0, +) / Double(seeds.count)
        return TwoLevelBootstrap.estimate(mean: mean, replicates: reps, n: seeds[0].ids.count)
    }

    @Test("seeds that agree exactly give the one-level interval of one seed")
    func agreeingSeedsGiveTheOneLevelInterval() {
        var rng = SplitMix64(seed: 3)
        let values = (0..<80).map { _ in Double.random(in: 0...1, using: &rng) < 0.35 ? 1.0 : 0.0 }
        let oneLevel = Bootstrap.mean(values, resamples: 1000, seed: 7)
        for k in [1, 2, 5] {
            let twoLevel = Self.interval(Array(repeating: Self.seed(values), count: k))
            // Same example draws as `Bootstrap.mean` with the same seed: equal up to rounding.
            #expect(abs(twoLevel.low - oneLevel.low) < 1e-12, "k = \(k)")
            #expect(abs(twoLevel.high - oneLevel.high) < 1e-12, "k = \(k)")
            #expect(abs(twoLevel.stderr - oneLevel.stderr) < 1e-12, "k = \(k)")
            #expect(abs(twoLevel.mean - oneLevel.mean) < 1e-12)
        }
    }

    @Test("seeds that disagree widen the interval")
    func disagreeingSeedsWidenIt() {
        var rng = SplitMix64(seed: 5)
        let base = (0..<100).map { _ in Double.random(in: 0...1, using: &rng) }
        let agreeing = Self.interval(Array(repeating: Self.seed(base), count: 4))
        let shifted = Self.interval([-0.15, -0.05, 0.05, 0.15].map { d in Self.seed(base.map { $0 + d }) })
        #expect(abs(shifted.mean - agreeing.mean) < 1e-12)
        #expect(shifted.high - shifted.low > 1.5 * (agreeing.high - agreeing.low))
        #expect(shifted.stderr > agreeing.stderr)
    }

    /// y = μ + a_seed + b_example + c_seed,example with Gaussian effects; the
    /// examples are one test set shared by every seed. Over many simulated
    /// experiments the 95% interval should cover μ about 95% of the time
    /// (a little less with 10 seeds: the bootstrap of 10 values is a little
    /// too narrow), while an interval that ignores the seeds covers it far less.
    @Test("the interval covers the true mean at close to the nominal rate")
    func coverage() {
        var rng = SplitMix64(seed: 2026)
        func normal() -> Double {
            let u1 = max(Double.random(in: 0..<1, using: &rng), 1e-300), u2 = Double.random(in: 0..<1, using: &rng)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        let mu = 0.5, seeds = 10, examples = 40, experiments = 300
        var covered = 0, coveredIgnoringSeeds = 0
        for experiment in 0..<experiments {
            let b = (0..<examples).map { _ in 0.1 * normal() }
            let table = (0..<seeds).map { _ -> [Double] in
                let a = 0.06 * normal()
                return b.map { mu + a + $0 + 0.1 * normal() }
            }
            let e = Self.interval(table.map(Self.seed), resamples: 300, seed: UInt64(experiment))
            if e.low <= mu && mu <= e.high { covered += 1 }
            let flat = Bootstrap.mean(table.flatMap { $0 }, resamples: 300, seed: UInt64(experiment))
            if flat.low <= mu && mu <= flat.high { coveredIgnoringSeeds += 1 }
        }
        let rate = Double(covered) / Double(experiments)
        let naive = Double(coveredIgnoringSeeds) / Double(experiments)
        #expect(rate >= 0.87 && rate <= 0.99, "two-level coverage \(rate)")
        #expect(naive < 0.75, "an interval over examples alone should undercover (\(naive))")
    }

    @Test("draws are shared across columns and fixed by the seed")
    func coherentAndDeterministic() {
        let seeds = [[0.1, 0.9, 0.4], [0.3, 0.5, 0.7]].map { v in
            TwoLevelBootstrap.ExampleSeed(ids: [4, 8, 15], values: v.map { [$0, $0, 1 - $0] })
        }
        let a = TwoLevelBootstrap.replicates(seeds, columns: 3, resamples: 200, seed: 9)
        let b = TwoLevelBootstrap.replicates(seeds, columns: 3, resamples: 200, seed: 9)
        let c = TwoLevelBootstrap.replicates(seeds, columns: 3, resamples: 200, seed: 10)
        #expect(a == b)
        #expect(a != c)
        // Identical columns resample identically; a mirrored column mirrors them.
        #expect(a[0] == a[1])
        for r in 0..<200 { #expect(abs(a[2][r] - (1 - a[0][r])) < 1e-12) }
    }

    @Test("a metric an example does not support is skipped, and a seed without the example is left out of it")
    func missingValuesAreSkipped() {
        let full = TwoLevelBootstrap.ExampleSeed(ids: [0, 1, 2, 3], values: [[1], [1], [.nan], [1]])
        let reps = TwoLevelBootstrap.replicates([full], columns: 1, resamples: 50, seed: 1)[0]
        #expect(reps.allSatisfy { $0 == 1 || $0.isNaN })
        let other = TwoLevelBootstrap.ExampleSeed(ids: [10, 11], values: [[0], [0]])
        let mixed = TwoLevelBootstrap.replicates([full, other], columns: 1, resamples: 400, seed: 1)[0]
        #expect(mixed.contains(1) && mixed.contains(0) && mixed.contains(0.5))
    }

    @Test("imported aggregates are drawn from their standard errors, one deviate per replicate")
    func aggregates() {
        let one = TwoLevelBootstrap.AggregateSeed(values: [0.6, 2.0], stderrs: [0.02, 0.1])
        let reps = TwoLevelBootstrap.replicates([one], signs: [1, -1], resamples: 2000, seed: 4)
        let e = TwoLevelBootstrap.estimate(mean: 0.6, replicates: reps[0], n: 0)
        #expect(abs(e.stderr - 0.02) < 0.002)
        #expect(abs(e.low - (0.6 - 1.96 * 0.02)) < 0.004 && abs(e.high - (0.6 + 1.96 * 0.02)) < 0.004)
        // A lower-is-better column moves the other way with the same deviate.
        for r in 0..<2000 { #expect(abs((reps[0][r] - 0.6) / 0.02 + (reps[1][r] - 2.0) / 0.1) < 1e-9) }
        // Agreeing seeds: the one-seed interval; disagreeing: wider.
        let same = TwoLevelBootstrap.replicates([one, one, one], signs: [1, -1], resamples: 2000, seed: 4)
        #expect(zip(same[0], reps[0]).allSatisfy { abs($0 - $1) < 1e-12 })
        let spread = [0.5, 0.6, 0.7].map { TwoLevelBootstrap.AggregateSeed(values: [$0, 2.0], stderrs: [0.02, 0.1]) }
        let wide = TwoLevelBootstrap.estimate(mean: 0.6, replicates: TwoLevelBootstrap.replicates(
            spread, signs: [1, -1], resamples: 2000, seed: 4)[0], n: 0)
        #expect(wide.high - wide.low > 2 * (e.high - e.low))
        // No standard error: exact.
        let exact = TwoLevelBootstrap.replicates([TwoLevelBootstrap.AggregateSeed(values: [0.3], stderrs: [nil])],
                                                 signs: [1], resamples: 20, seed: 1)[0]
        #expect(exact.allSatisfy { $0 == 0.3 })
    }
}
