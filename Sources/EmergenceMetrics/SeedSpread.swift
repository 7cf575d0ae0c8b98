import Foundation

/// The small-sample seed term of a pooled size's interval (docs/verdict.md,
/// "Few seeds"): a percentile bootstrap over K = 2–5 seeds is too narrow,
/// because K values cannot show how far the next seed may fall — three seeds
/// of a rung that all escaped a loss plateau give a narrow interval though a
/// fourth may stay stuck. This widens each pooled interval by a Student-t
/// half-width on the seeds' means whose variance borrows strength from the
/// other sizes of the same curve (an empirical-Bayes "moderated" variance,
/// as in Smyth's limma):
///
///     s̃² = ((K − 1)·s² + d₀·s₀²) / (K − 1 + d₀),   h = t(1 − α/2; K − 1 + d₀) · s̃ / √K
///
/// where s² is the size's own sample variance over its K seeds, s₀² the
/// variance pooled over the curve's other sizes with seeds (weighted by
/// their degrees of freedom), and d₀ = min(K − 1, their degrees of freedom):
/// the curve counts as much as the size's own seeds. For a metric with a
/// range [a, b], s̃² is capped at (m − a)(b − m), the most a value in the
/// range with mean m can vary, so a size at the floor or the ceiling does
/// not borrow the spread of the sizes in between.
///
/// The seeds share one test set, so their spread leaves out the test set's
/// own noise, which the two-level bootstrap interval [L, U] carries together
/// with its own (too small) seed part, z²·(K − 1)/K·s²/K. Each side's
/// half-width becomes
///
///     √(max(0, (m − L)² − z²·(K − 1)·s²/K²) + h²)
///
/// (likewise U − m), never less than the bootstrap's, clipped to the
/// metric's range. When every seed of the curve agrees exactly, h = 0 and
/// the bootstrap interval is unchanged.
public enum SeedSpread {
    /// One pooled size of a curve: its mean over seeds, its two-level
    /// bootstrap interval and its seeds' values.
    public struct Point: Sendable {
        public var mean: Double
        public var low: Double
        public var high: Double
        public var seeds: [Double]
        /// The largest variance the seeds' values can have; nil: (m − a)(b − m)
        /// for a metric with range [a, b], else none.
        public var varianceCap: Double?

        public init(mean: Double, low: Double, high: Double, seeds: [Double], varianceCap: Double? = nil) {
            self.mean = mean; self.low = low; self.high = high; self.seeds = seeds; self.varianceCap = varianceCap
        }
    }

    /// The widened intervals of a curve's pooled points, in order. Points
    /// with fewer than two finite seed values keep their interval.
    public static func widened(_ points: [Point], confidence: Double = Bootstrap.defaultConfidence,
                               range: ClosedRange<Double>? = nil) -> [(low: Double, high: Double)] {
        let spreads = points.map { ownVariance($0.seeds) }
        let z = StudentT.quantile((1 + confidence) / 2, degreesOfFreedom: 1e9)
        let totalDf = spreads.reduce(0) { $0 + ($1?.df ?? 0) }
        let totalSquares = spreads.reduce(0) { $0 + ($1.map { $0.variance * $0.df } ?? 0) }
        return zip(points, spreads).map { point, own in
            guard let own else { return (point.low, point.high) }
            // The other sizes' pooled variance, and how much it may weigh.
            let otherDf = totalDf - own.df
            let prior = otherDf > 0 ? (totalSquares - own.variance * own.df) / otherDf : 0
            let priorDf = min(own.df, otherDf)
            let df = own.df + priorDf
            var moderated = max(0, (own.df * own.variance + priorDf * prior) / df)
            // A value in [a, b] with mean m varies by at most (m − a)(b − m): near a bound, the
            // curve's spread elsewhere cannot apply.
            if let cap = point.varianceCap ?? range.map({ (point.mean - $0.lowerBound) * ($0.upperBound - point.mean) }) {
                moderated = min(moderated, max(0, cap))
            }
            let k = own.df + 1
            let h = moderated > 0
                ? StudentT.quantile((1 + confidence) / 2, degreesOfFreedom: df) * (moderated / k).squareRoot() : 0
            // The bootstrap's own seed part: resampling K seeds has variance (K − 1)/K · s²/K.
            let seedPart = z * z * own.variance * own.df / (k * k)
            func widen(_ half: Double) -> Double { (max(0, half * half - seedPart) + h * h).squareRoot() }
            var low = point.mean - max(point.mean - point.low, widen(point.mean - point.low))
            var high = point.mean + max(point.high - point.mean, widen(point.high - point.mean))
            if let range {
                low = Swift.min(Swift.max(low, range.lowerBound), point.low)
                high = Swift.max(Swift.min(high, range.upperBound), point.high)
            }
            return (low, high)
        }
    }

    /// The sample variance of the finite values and its degrees of freedom, nil under two values.
    static func ownVariance(_ values: [Double]) -> (variance: Double, df: Double)? {
        let finite = values.filter(\.isFinite)
        guard finite.count >= 2 else { return nil }
        let mean = finite.reduce(0, +) / Double(finite.count)
        let squares = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(finite.count - 1), Double(finite.count - 1))
    }
}
