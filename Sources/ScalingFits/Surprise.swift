import Foundation

/// The surprise of a curve (docs/design.md#emergence-and-phase-transitions): could the smaller models have predicted
/// the larger ones?
///
/// For each split k with at least 3 models before it, `linear-log` is fitted
/// (ordinary least squares in u = log10 x) to the models before k and
/// extrapolated to every j ≥ k. A pair's surprise is (observed − predicted)/σ_j
/// with σ_j the largest of the model's standard error, the prediction's
/// standard error s·sqrt(1 + 1/k + (u_j − ū)²/S_uu), and 1 % of the range.
/// Only pairs whose gain is at least 10 % of the range count. Values must be
/// oriented higher-is-better.
public struct Surprise: Sendable, Codable, Equatable {
    /// Largest qualifying pair surprise; 0 when no pair qualifies.
    public var value: Double
    /// Index of the first model after the break (k), nil when no pair qualifies.
    public var breakIndex: Int?
    /// The model j where the largest surprise was observed.
    public var atIndex: Int?
    /// The range used for the 1 % floor and the 10 % gain (metric or observed).
    public var range: Double

    /// - Parameters:
    ///   - u: log10 x, sorted ascending.
    ///   - y: oriented values (higher is better).
    ///   - stderr: per-model standard errors (nil or non-finite: unknown).
    ///   - metricRange: the metric's fixed range width; nil for unbounded (observed range used).
    public init(u: [Double], y: [Double], stderr: [Double?], metricRange: Double?) {
        let n = y.count
        let observed = (y.max() ?? 0) - (y.min() ?? 0)
        let range = (metricRange.map { $0 > 0 ? $0 : observed }) ?? observed
        self.range = range
        value = 0; breakIndex = nil; atIndex = nil
        guard n > Surprise.minimumModelsBeforeBreak, range > 0 else { return }
        // Called once per curve and once per verdict replicate: no allocation
        // inside (the sums run in the same order as a reduce over a copy would).
        for k in Surprise.minimumModelsBeforeBreak..<n {
            // OLS on the first k points.
            var usum = 0.0, ysum = 0.0
            for i in 0..<k { usum += u[i] }
            for i in 0..<k { ysum += y[i] }
            let ubar = usum / Double(k), ybar = ysum / Double(k)
            var suu = 0.0, suy = 0.0
            for i in 0..<k { suu += (u[i] - ubar) * (u[i] - ubar); suy += (u[i] - ubar) * (y[i] - ybar) }
            let slope = suu > 0 ? suy / suu : 0
            let intercept = ybar - slope * ubar
            var rss = 0.0
            for i in 0..<k { let e = y[i] - intercept - slope * u[i]; rss += e * e }
            let s = k > 2 ? (rss / Double(k - 2)).squareRoot() : 0
            for j in k..<n {
                let predicted = intercept + slope * u[j]
                let gain = y[j] - predicted
                guard gain >= Surprise.minimumGainFraction * range else { continue }
                let leverage = suu > 0 ? (u[j] - ubar) * (u[j] - ubar) / suu : 0
                var sigma = max(Surprise.sigmaFloorFraction * range, s * (1 + 1 / Double(k) + leverage).squareRoot())
                if j < stderr.count, let se = stderr[j], se.isFinite { sigma = max(sigma, se) }
                let z = gain / sigma
                if z.isFinite && z > value { value = z; breakIndex = k; atIndex = j }
            }
        }
    }

    /// Models a trend needs before a split can be tested (3).
    public static let minimumModelsBeforeBreak = 3
    /// Smallest gain over the trend that counts, as a fraction of the range (10%).
    public static let minimumGainFraction = 0.1
    /// Smallest σ, as a fraction of the range (1%).
    public static let sigmaFloorFraction = 0.01
}
