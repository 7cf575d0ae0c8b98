import EmergeSupport
import Foundation

/// The bootstrap of a mean over seeds and examples (docs/verdict.md, "Seeds
/// are one point"): each replicate resamples the seeds with replacement, then
/// the examples, and averages.
///
/// Seeds of one size are scored on the same test set, so the example draw is
/// made once per replicate and every resampled seed is averaged over that
/// same resample of examples (a crossed, "two-way" bootstrap). Drawing the
/// examples anew for each seed would treat one test set as K independent
/// ones and shrink the examples' share of the error by √K; with the shared
/// draw, seeds that agree exactly give the one-level interval of one seed.
/// Examples are drawn from the union of the seeds' example ids: a seed
/// averages the drawn ids it was scored on (NaN values — examples a metric
/// does not apply to — are skipped, so a replicate is a ratio mean).
///
/// A replicate's value is the mean, over the drawn seeds (with their
/// multiplicity), of each drawn seed's mean; a seed with no applicable drawn
/// example leaves that replicate's mean for the column (NaN when none is left).
///
/// Imported aggregates have no examples: a seed's replicate value is its
/// value plus its standard error times a standard normal deviate. The deviate
/// is shared by every seed and column of one replicate (the same test set
/// again; `signs` flip it for lower-is-better columns so that every column
/// moves towards better or worse together, as they do when examples are
/// resampled). A missing standard error counts as an exact value.
///
/// Streams: seed draws, example draws and normal deviates come from three
/// SplitMix64 streams derived from `seed`; the example stream is
/// `SplitMix64(seed)` drawing like `Bootstrap.means`, so one seed alone
/// reproduces the one-level bootstrap's replicate means.
public enum TwoLevelBootstrap {
    /// One seed's per-example values.
    public struct ExampleSeed: Sendable {
        /// The example ids, one per row of `values` (any order, no repeats).
        public var ids: [Int]
        /// Per example, one value per column (NaN: the column does not apply).
        public var values: [[Double]]

        public init(ids: [Int], values: [[Double]]) {
            precondition(ids.count == values.count, "one row of values per example id")
            self.ids = ids; self.values = values
        }
    }

    /// One seed's aggregate values, one per column, each with its standard error (nil: exact).
    public struct AggregateSeed: Sendable {
        public var values: [Double]
        public var stderrs: [Double?]

        public init(values: [Double], stderrs: [Double?]) {
            precondition(values.count == stderrs.count, "one standard error per value")
            self.values = values; self.stderrs = stderrs
        }
    }

    /// Replicate means `[column][replicate]` of seeds scored on examples.
    /// `columns` is the number of values per example (every row must have it).
    public static func replicates(_ seeds: [ExampleSeed], columns: Int, resamples: Int, seed: UInt64) -> [[Double]] {
        let b = max(resamples, 0)
        guard !seeds.isEmpty, columns > 0 else { return Array(repeating: [], count: max(columns, 0)) }
        // Columns in blocks of 8 share the same draws (the streams restart from `seed`).
        if columns > 8 {
            var out: [[Double]] = []
            var start = 0
            while start < columns {
                let end = min(start + 8, columns)
                let block = seeds.map { s in ExampleSeed(ids: s.ids, values: s.values.map { Array($0[start..<end]) }) }
                out += replicates(block, columns: end - start, resamples: b, seed: seed)
                start = end
            }
            return out
        }
        // The union of ids, and per seed a dense table over it (values 0 and count 0 where absent or NaN).
        let union = Array(Set(seeds.flatMap(\.ids))).sorted()
        var position: [Int: Int] = [:]
        for (i, id) in union.enumerated() { position[id] = i }
        let n = union.count, k = seeds.count
        var sums = [SIMD8<Double>](repeating: .zero, count: k * n)
        var counts = [SIMD8<Double>](repeating: .zero, count: k * n)
        for (s, sd) in seeds.enumerated() {
            for (row, id) in sd.ids.enumerated() {
                let at = s * n + position[id]!
                for c in 0..<columns {
                    let v = sd.values[row][c]
                    if v.isFinite { sums[at][c] = v; counts[at][c] = 1 }
                }
            }
        }
        var out = [[Double]](repeating: [Double](repeating: .nan, count: b), count: columns)
        var exampleStream = SplitMix64(seed: seed)
        var seedStream = SplitMix64(seed: seed ^ 0x5EED_5EED_5EED_5EED)
        let bound = UInt64(n), seedBound = UInt64(k)
        var weights = [Double](repeating: 0, count: k)
        var seedSums = [SIMD8<Double>](repeating: .zero, count: k)
        var seedCounts = [SIMD8<Double>](repeating: .zero, count: k)
        sums.withUnsafeBufferPointer { sumData in
            counts.withUnsafeBufferPointer { countData in
                for r in 0..<b {
                    for s in 0..<k { weights[s] = 0 }
                    for _ in 0..<k { weights[Int(truncatingIfNeeded: seedStream.next().multipliedFullWidth(by: seedBound).high)] += 1 }
                    for s in 0..<k { seedSums[s] = .zero; seedCounts[s] = .zero }
                    for _ in 0..<n {
                        // Lemire's multiply-shift, as in `Bootstrap.means`.
                        let i = Int(truncatingIfNeeded: exampleStream.next().multipliedFullWidth(by: bound).high)
                        for s in 0..<k where weights[s] > 0 {
                            seedSums[s] += sumData[s * n + i]
                            seedCounts[s] += countData[s * n + i]
                        }
                    }
                    for c in 0..<columns {
                        var total = 0.0, weight = 0.0
                        for s in 0..<k where weights[s] > 0 && seedCounts[s][c] > 0 {
                            total += weights[s] * (seedSums[s][c] / seedCounts[s][c])
                            weight += weights[s]
                        }
                        if weight > 0 { out[c][r] = weight == 1 ? total : total / weight }
                    }
                }
            }
        }
        return out
    }

    /// Replicate means `[column][replicate]` of seeds known by aggregate values.
    /// `signs` (+1 or −1 per column) orient the shared normal deviate.
    public static func replicates(_ seeds: [AggregateSeed], signs: [Double], resamples: Int, seed: UInt64) -> [[Double]] {
        let b = max(resamples, 0), columns = signs.count, k = seeds.count
        guard k > 0 else { return Array(repeating: [], count: columns) }
        var out = [[Double]](repeating: [Double](repeating: .nan, count: b), count: columns)
        var seedStream = SplitMix64(seed: seed ^ 0x5EED_5EED_5EED_5EED)
        var normalStream = SplitMix64(seed: seed ^ 0x0DD5_0DD5_0DD5_0DD5)
        var weights = [Double](repeating: 0, count: k)
        for r in 0..<b {
            for s in 0..<k { weights[s] = 0 }
            for _ in 0..<k { weights[Int(truncatingIfNeeded: seedStream.next().multipliedFullWidth(by: UInt64(k)).high)] += 1 }
            let z = standardNormal(&normalStream)
            for c in 0..<columns {
                var total = 0.0, weight = 0.0
                for s in 0..<k where weights[s] > 0 && seeds[s].values[c].isFinite {
                    let se = seeds[s].stderrs[c].flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? 0
                    total += weights[s] * (seeds[s].values[c] + signs[c] * se * z)
                    weight += weights[s]
                }
                if weight > 0 { out[c][r] = weight == 1 ? total : total / weight }
            }
        }
        return out
    }

    /// The estimate of a point from its replicates: `mean` is the point value
    /// (the mean over seeds), the interval the `confidence` percentile
    /// interval of the finite replicates, the standard error their standard
    /// deviation. With no finite replicate (or none requested) the interval
    /// collapses on the point.
    public static func estimate(mean: Double, replicates: [Double], n: Int,
                                confidence: Double = Bootstrap.defaultConfidence) -> BootstrapEstimate {
        var reps = replicates.filter(\.isFinite)
        guard !reps.isEmpty else { return BootstrapEstimate(mean: mean, low: mean, high: mean, stderr: 0, n: n) }
        if let first = reps.first, reps.allSatisfy({ $0 == first }) {
            return BootstrapEstimate(mean: mean, low: first, high: first, stderr: 0, n: n)
        }
        reps.sort()
        let b = Double(reps.count)
        let avg = reps.reduce(0, +) / b
        let variance = reps.count > 1 ? reps.reduce(0) { $0 + ($1 - avg) * ($1 - avg) } / (b - 1) : 0
        let alpha = (1 - confidence) / 2
        return BootstrapEstimate(mean: mean, low: Bootstrap.quantile(sorted: reps, alpha),
                                 high: Bootstrap.quantile(sorted: reps, 1 - alpha), stderr: variance.squareRoot(), n: n)
    }

    /// A standard normal deviate (Box–Muller; one of the pair is used, so a
    /// replicate always consumes two draws).
    static func standardNormal(_ rng: inout SplitMix64) -> Double {
        let u1 = max(rng.unitDouble(), 0x1p-53), u2 = rng.unitDouble()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}
