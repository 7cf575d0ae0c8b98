import EmergeSupport
import Foundation

/// A forecast before it is summarised: the point forecast and its
/// bootstrap replicates, at the predicted models and as functions of x.
struct Forecast {
    /// The point forecast and the replicates' forecasts at a model above the cutoff.
    var atModel: (CurvePoint) -> (point: Double, replicates: [Double])
    /// The same as functions of x (for the transition and the plotted band).
    var point: (Double) -> Double
    var replicates: [(Double) -> Double]
    /// Standard deviation of the fit's residuals in the metric's units: the
    /// least noise a measured value carries around the forecast.
    var residualSD: Double
}

/// The models a method learns from and those it predicts.
struct TrainingSplit {
    var cutoff: Double
    var training: [CurvePoint]
    var heldOut: [CurvePoint]
}

extension Curve {
    /// "task / metric / family [/ strategy] [/ size]" for error sentences.
    var predictionLabel: String {
        [task, metric, family.isEmpty ? "(no family)" : family, strategy, series].compactMap { $0 }.joined(separator: " / ")
    }

    /// The level whose crossing is the transition: `level`, else the
    /// midpoint of the metric's range, else (unbounded metrics) the midpoint
    /// of the observed values, so every method is asked the same question.
    func transitionLevel(_ level: Double?) -> Double {
        if let level { return level }
        if let r = range { return (r.lowerBound + r.upperBound) / 2 }
        let y = ys
        return ((y.min() ?? 0) + (y.max() ?? 0)) / 2
    }

    /// Clamps a forecast into the metric's range (when it has one).
    func clampToRange(_ v: Double) -> Double {
        guard let r = range, v.isFinite else { return v }
        return min(max(v, r.lowerBound), r.upperBound)
    }
}

/// Splits `curve` at `split`, refusing in one sentence when nothing would be
/// predicted or too few models would be fitted on.
func makeSplit(_ curve: Curve, _ split: PredictionSplit, method: PredictionMethod,
               options: PredictionOptions) throws -> TrainingSplit {
    let label = curve.predictionLabel
    guard let cutoff = split.cutoffX(for: curve) else {
        if case .holdout(let k) = split {
            throw PredictionError("\(label): holding out \(k) of its \(curve.points.count) models leaves none to fit on.")
        }
        throw PredictionError("\(label): no models to split.")
    }
    let training = curve.points.filter { $0.x <= cutoff }
    let heldOut = curve.points.filter { $0.x > cutoff }
    guard !heldOut.isEmpty else {
        let largest = curve.xs.last.map { String(format: "%.4g", $0) } ?? "none"
        throw PredictionError("\(label): the cutoff \(String(format: "%.4g", cutoff)) is at or above every model (largest \(curve.xAxis.rawValue) = \(largest)): nothing to predict.")
    }
    let distinct = Set(training.map(\.x)).count
    guard distinct >= options.minimumTrainingModels else {
        throw PredictionError("\(label): only \(distinct) model\(distinct == 1 ? "" : "s") at or below the cutoff \(String(format: "%.4g", cutoff)); \(method.rawValue) needs at least \(options.minimumTrainingModels) (add smaller models, or hold out fewer).")
    }
    return TrainingSplit(cutoff: cutoff, training: training, heldOut: heldOut)
}

/// Standard normal draws (Box–Muller) from the fits' seeded generator.
struct NormalDraws {
    var rng: SplitMix64
    var spare: Double?

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func next() -> Double {
        if let s = spare { spare = nil; return s }
        let u1 = max(Double(rng.next() >> 11) / Double(1 << 53), 1e-300)
        let u2 = Double(rng.next() >> 11) / Double(1 << 53)
        let r = (-2 * Foundation.log(u1)).squareRoot()
        spare = r * Foundation.sin(2 * Double.pi * u2)
        return r * Foundation.cos(2 * Double.pi * u2)
    }
}

/// The 2.5% and 97.5% percentiles of values (nil for fewer than two finite ones).
func interval95(_ values: [Double]) -> (low: Double, high: Double)? {
    let s = values.filter(\.isFinite).sorted()
    guard s.count >= 2 else { return nil }
    return (percentile(s, 0.025), percentile(s, 0.975))
}

/// Turns a forecast into the method's result: intervals at the held-out
/// models, the transition forecast and the plotted band.
///
/// The interval at a model is for the value that would be measured there:
/// each replicate's forecast plus normal noise of standard deviation
/// max(the model's recorded standard error, the fit's residual s.d.), the
/// 2.5/97.5 percentiles, clamped to the metric's range. Without replicates
/// it is the point forecast ± 1.96 times that noise.
func assemble(_ curve: Curve, method: PredictionMethod, split: TrainingSplit, forecast: Forecast,
              options: PredictionOptions, detail: String, notes: [String] = []) -> CurvePrediction {
    var noise = NormalDraws(seed: options.seed ^ 0x51A7_E5EE_D00D_F00D)
    let points = split.heldOut.map { p -> PointPrediction in
        let (point, replicates) = forecast.atModel(p)
        let sigma = max(p.stderr ?? 0, forecast.residualSD)
        let predicted = curve.clampToRange(point)
        var low = curve.clampToRange(point - 1.96 * sigma), high = curve.clampToRange(point + 1.96 * sigma)
        if let iv = interval95(replicates.map { curve.clampToRange($0 + sigma * noise.next()) }) {
            low = min(iv.low, predicted); high = max(iv.high, predicted)
        }
        return PointPrediction(model: p.model, x: p.x, predicted: predicted, low: low, high: high, observed: p.y)
    }
    let level = curve.transitionLevel(options.level)
    let xMin = curve.xs.first ?? split.cutoff, xMax = curve.xs.last ?? split.cutoff
    let until = options.until ?? 100 * xMax
    let transition = forecastTransition(curve, forecast: forecast, level: level, from: xMin, until: until)
    let band = forecastBand(curve, forecast: forecast, from: xMin, to: xMax)
    return CurvePrediction(curve: curve, method: method, cutoff: split.cutoff, trainingCount: split.training.count,
                           points: points, transition: transition, detail: detail, band: band, notes: notes)
}

/// 61 points evenly spaced in log10 x from `from` to `to`: the point
/// forecast and the 95% band of the replicates (the curve's uncertainty,
/// without measurement noise).
func forecastBand(_ curve: Curve, forecast: Forecast, from: Double, to: Double)
    -> [(x: Double, predicted: Double, low: Double, high: Double)] {
    let a = Foundation.log10(from), b = Foundation.log10(max(to, from))
    let steps = 60
    return (0...steps).map { i in
        let x = pow(10, a + (b - a) * Double(i) / Double(steps))
        let p = curve.clampToRange(forecast.point(x))
        let iv = interval95(forecast.replicates.map { curve.clampToRange($0(x)) })
        return (x, p, min(iv?.low ?? p, p), max(iv?.high ?? p, p))
    }
}

/// Where `f` first reaches `level` (oriented: higher is better) between
/// `from` and `until`: a scan in steps of 0.05 decades, then bisection in
/// log10 x. Returns nil for "already past at `from`" and +∞ for "not before `until`".
func firstCrossing(_ f: (Double) -> Double, level: Double, higherIsBetter: Bool, from: Double, until: Double) -> Double? {
    func past(_ u: Double) -> Bool {
        let v = f(pow(10, u))
        guard v.isFinite else { return false }
        return higherIsBetter ? v >= level : v <= level
    }
    let a = Foundation.log10(from), b = Foundation.log10(max(until, from))
    if past(a) { return nil }
    let step = 0.05
    var previous = a
    var u = a
    while u < b {
        u = min(u + step, b)
        if past(u) {
            var lo = previous, hi = u
            for _ in 0..<30 {
                let mid = (lo + hi) / 2
                if past(mid) { hi = mid } else { lo = mid }
            }
            return pow(10, hi)
        }
        previous = u
    }
    return .infinity
}

/// The crossing of the observed points: the first neighbours that straddle
/// `level` (oriented), interpolated linearly in log10 x; nil when the first
/// point is already past it or no point reaches it.
func observedCrossing(_ curve: Curve, level: Double) -> Double? {
    let o = curve.higherIsBetter ? level : -level
    let y = curve.orientedYs, u = curve.us
    guard let first = y.first, first < o else { return nil }
    for i in 1..<y.count where y[i] >= o {
        let t = (o - y[i - 1]) / (y[i] - y[i - 1])
        return pow(10, u[i - 1] + t * (u[i] - u[i - 1]))
    }
    return nil
}

func forecastTransition(_ curve: Curve, forecast: Forecast, level: Double, from: Double, until: Double) -> TransitionForecast {
    let observed = observedCrossing(curve, level: level)
    let crossing = firstCrossing(forecast.point, level: level, higherIsBetter: curve.higherIsBetter, from: from, until: until)
    var status: TransitionStatus = .crosses
    var x: Double?
    if let c = crossing { if c.isFinite { x = c } else { status = .notBefore } } else { status = .alreadyPast }
    var low: Double?, high: Double?
    if !forecast.replicates.isEmpty {
        // Already past → −∞ and never → +∞ in log10 x, so they take their place in the percentiles.
        let logs = forecast.replicates.map { r -> Double in
            guard let c = firstCrossing(r, level: level, higherIsBetter: curve.higherIsBetter, from: from, until: until)
            else { return -.infinity }
            return c.isFinite ? Foundation.log10(c) : .infinity
        }.sorted()
        let lo = outwardPercentile(logs, 0.025), hi = outwardPercentile(logs, 0.975)
        low = lo.isFinite ? pow(10, lo) : nil
        high = hi.isFinite ? pow(10, hi) : nil
    }
    return TransitionForecast(level: level, status: status, x: x, low: low, high: high, until: until, observedX: observed)
}

/// `percentile`, except that between an infinite and another value it takes
/// the outer one (the lower for q < 0.5), so "never crosses" widens an
/// interval instead of making it NaN.
func outwardPercentile(_ sorted: [Double], _ q: Double) -> Double {
    let pos = q * Double(sorted.count - 1)
    let lo = Int(pos.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
    if sorted[lo].isFinite && sorted[hi].isFinite { return percentile(sorted, q) }
    return q < 0.5 ? sorted[lo] : sorted[hi]
}
