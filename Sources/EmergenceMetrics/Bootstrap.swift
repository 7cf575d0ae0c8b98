import EmergeSupport

/// A mean over examples with its bootstrap uncertainty.
public struct BootstrapEstimate: Sendable, Hashable, Codable {
    /// The sample mean.
    public var mean: Double
    /// Percentile interval of the resampled means (95% by default).
    public var low: Double
    public var high: Double
    /// Standard deviation of the resampled means (the bootstrap standard error).
    public var stderr: Double
    /// Number of values averaged.
    public var n: Int
}

/// The nonparametric bootstrap of a mean over examples (Efron's percentile
/// interval).
///
/// Each of `resamples` replicates draws n examples with replacement and takes
/// their mean; the interval is the (1 − confidence)/2 and (1 + confidence)/2
/// quantiles of the replicate means (linear interpolation between order
/// statistics), and the standard error their standard deviation. Draws come
/// from a SplitMix64 stream seeded with `seed`, so results are reproducible.
/// Several value columns over the same examples share one stream of draws
/// (one resample of examples serves every metric), which is both faster and
/// keeps the metrics' intervals jointly consistent.
public enum Bootstrap {
    /// Default number of replicates: 1000 (Monte-Carlo error of a 95% bound ≈ 0.3 s.e.).
    public static let defaultResamples = 1000
    /// Default base seed; `MetricsEngine` mixes in each run's identity.
    public static let defaultSeed: UInt64 = 20_230_428
    /// Default confidence level of the interval.
    public static let defaultConfidence = 0.95

    /// The bootstrap estimate of the mean of `values`.
    public static func mean(_ values: [Double], resamples: Int = defaultResamples,
                            confidence: Double = defaultConfidence, seed: UInt64 = defaultSeed) -> BootstrapEstimate {
        means(columns: [values], resamples: resamples, confidence: confidence, seed: seed)[0]
    }

    /// Bootstrap estimates for several columns of values over the same
    /// examples (every column must have the same count, at least 1).
    public static func means(columns: [[Double]], resamples: Int = defaultResamples,
                             confidence: Double = defaultConfidence, seed: UInt64 = defaultSeed) -> [BootstrapEstimate] {
        let m = columns.count
        guard m > 0 else { return [] }
        let n = columns[0].count
        precondition(n > 0 && columns.allSatisfy { $0.count == n }, "bootstrap columns must be non-empty and equally long")
        let sampleMeans = columns.map { $0.reduce(0, +) / Double(n) }
        let b = max(resamples, 1)
        var rng = SplitMix64(seed: seed)
        let replicateMeans = m <= 8
            ? resampleMeansSIMD(columns, n: n, resamples: b, rng: &rng)
            : resampleMeansScalar(columns, n: n, resamples: b, rng: &rng)

        let alpha = (1 - confidence) / 2
        return (0..<m).map { j in
            // A constant column has no sampling error; skip the rounding noise of resampled sums.
            if let first = columns[j].first, columns[j].allSatisfy({ $0 == first }) {
                return BootstrapEstimate(mean: first, low: first, high: first, stderr: 0, n: n)
            }
            var reps = replicateMeans[j]
            reps.sort()
            let avg = reps.reduce(0, +) / Double(b)
            let variance = b > 1 ? reps.reduce(0) { $0 + ($1 - avg) * ($1 - avg) } / Double(b - 1) : 0
            return BootstrapEstimate(mean: sampleMeans[j], low: quantile(sorted: reps, alpha),
                                     high: quantile(sorted: reps, 1 - alpha), stderr: variance.squareRoot(), n: n)
        }
    }

    /// Replicate means of up to 8 columns: each example's values sit in one
    /// SIMD8 lane group (64 bytes, one cache line), so a draw is one vector add.
    static func resampleMeansSIMD(_ columns: [[Double]], n: Int, resamples b: Int,
                                  rng: inout SplitMix64) -> [[Double]] {
        var rows = [SIMD8<Double>](repeating: .zero, count: n)
        for (j, column) in columns.enumerated() { for i in 0..<n { rows[i][j] = column[i] } }
        var replicateMeans = [[Double]](repeating: [Double](repeating: 0, count: b), count: columns.count)
        let bound = UInt64(n), count = Double(n)
        rows.withUnsafeBufferPointer { data in
            for r in 0..<b {
                var sum = SIMD8<Double>.zero
                for _ in 0..<n {
                    // Lemire's multiply-shift: uniform in 0..<n up to a bias below n/2⁶⁴.
                    sum += data[Int(truncatingIfNeeded: rng.next().multipliedFullWidth(by: bound).high)]
                }
                for j in columns.indices { replicateMeans[j][r] = sum[j] / count }
            }
        }
        return replicateMeans
    }

    /// Replicate means of any number of columns (row-major, scalar adds).
    static func resampleMeansScalar(_ columns: [[Double]], n: Int, resamples b: Int,
                                    rng: inout SplitMix64) -> [[Double]] {
        let m = columns.count
        var rows = [Double](repeating: 0, count: n * m)
        for j in 0..<m { for i in 0..<n { rows[i * m + j] = columns[j][i] } }
        var replicateMeans = [[Double]](repeating: [Double](repeating: 0, count: b), count: m)
        var sums = [Double](repeating: 0, count: m)
        let bound = UInt64(n)
        rows.withUnsafeBufferPointer { data in
            for r in 0..<b {
                for j in 0..<m { sums[j] = 0 }
                for _ in 0..<n {
                    let base = Int(truncatingIfNeeded: rng.next().multipliedFullWidth(by: bound).high) * m
                    for j in 0..<m { sums[j] += data[base + j] }
                }
                for j in 0..<m { replicateMeans[j][r] = sums[j] / Double(n) }
            }
        }
        return replicateMeans
    }

    /// The q-quantile of sorted values, interpolating linearly between order
    /// statistics (type 7 of Hyndman & Fan, numpy's default).
    public static func quantile(sorted values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty)
        let h = Double(values.count - 1) * min(max(q, 0), 1)
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, values.count - 1)
        return values[lo] + (h - Double(lo)) * (values[hi] - values[lo])
    }
}
