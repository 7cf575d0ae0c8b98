import EmergeSupport
import Foundation

/// Which continuous metric `via-continuous` goes through.
public enum ContinuousCompanion {
    /// Preferred companions, best first: per-token log-likelihood, target
    /// probability, log-perplexity (imported `ppl`), Brier score, token
    /// accuracy, token edit distance; after them any other `log-…` metric,
    /// then any other non-threshold metric, by name.
    public static let preference = ["log-likelihood", "target-probability", "log-ppl", "brier", "token-accuracy",
                                    "token-edit-distance"]

    /// The companion of `target` among `curves`: a curve of the same task,
    /// family, strategy and size whose metric is not a threshold metric —
    /// `requested` when given, else the first by `preference`.
    public static func choose(for target: Curve, among curves: [Curve], requested: String? = nil) throws -> Curve {
        let candidates = curves.filter {
            $0.task == target.task && $0.family == target.family && $0.strategy == target.strategy
                && $0.series == target.series && $0.metric != target.metric && $0.metricClass != .threshold
        }
        if let requested {
            guard let c = candidates.first(where: { $0.metric == requested }) else {
                let names = candidates.map(\.metric).sorted()
                throw PredictionError("\(target.predictionLabel): via-continuous: no continuous metric \(requested) for this task and family (\(names.isEmpty ? "it has none" : "it has " + names.joined(separator: ", "))).")
            }
            return c
        }
        func rank(_ m: String) -> (Int, String) {
            if let i = preference.firstIndex(of: m) { return (i, m) }
            return (m.hasPrefix("log-") ? preference.count : preference.count + 1, m)
        }
        guard let best = candidates.min(by: { rank($0.metric) < rank($1.metric) }) else {
            throw PredictionError("\(target.predictionLabel): via-continuous needs a continuous metric of the same task (log-likelihood, target-probability, log-ppl, brier, token-accuracy, …) and this task has only threshold metrics for this family.")
        }
        return best
    }
}

/// The `via-continuous` method: forecast a continuous metric, then map it
/// to the target.
///
/// 1. The companion z (`ContinuousCompanion`) is fitted against scale on the
///    models at or below the cutoff with the law `fit --law auto` chooses:
///    ẑ(x) = f(log10 x; θ̂).
/// 2. A link y = g(z; φ) (`LinkKind`) is fitted on the pairs (z_i, y_i) of
///    the same models.
/// 3. The forecast at a larger model is ŷ = g(ẑ(x); φ̂).
///
/// Its interval combines a residual bootstrap of the law (replicate r: ẑ_r)
/// with a residual bootstrap of the link (φ_r) — ŷ_r = g(ẑ_r(x); φ_r) —
/// plus measurement noise (see `assemble`). Assumptions: the continuous
/// metric keeps its scaling law past the cutoff (Schaeffer et al. 2023: it
/// is the smooth one), and the link between the two metrics is the same
/// for large models as for small ones; with the power link, that the
/// answer's tokens are right independently with the mean per-token
/// probability.
public func predictViaContinuous(_ target: Curve, companions: [Curve], split: PredictionSplit,
                                 options: PredictionOptions = PredictionOptions()) throws -> CurvePrediction {
    let s = try makeSplit(target, split, method: .viaContinuous, options: options)
    let companion = try ContinuousCompanion.choose(for: target, among: companions, requested: options.via)
    let label = "\(target.predictionLabel): via-continuous through \(companion.metric)"
    let zTraining = companion.points.filter { $0.x <= s.cutoff }
    let zByModel = Dictionary(zTraining.map { ($0.model, $0.y) }, uniquingKeysWith: { a, _ in a })
    let pairs = s.training.compactMap { p in zByModel[p.model].map { (z: $0, y: p.y) } }
    guard Set(zTraining.map(\.x)).count >= options.minimumTrainingModels, pairs.count >= options.minimumTrainingModels else {
        throw PredictionError("\(label): only \(pairs.count) models at or below the cutoff have both metrics; it needs at least \(options.minimumTrainingModels).")
    }
    let law = try fitWithReplicates(x: zTraining.map(\.x), y: zTraining.map(\.y), options: options, label: label)
    let kind = options.link ?? LinkKind.automatic(companion: companion.metric, target: target)
    let (floor, ceiling) = linkEnds(target)
    let isProbability = companion.metric == "target-probability"
    let link: LinkFunction
    do {
        link = try fitLink(kind, z: pairs.map(\.z), y: pairs.map(\.y), companionIsProbability: isProbability,
                           floor: floor, ceiling: ceiling)
    } catch let e as PredictionError {
        throw PredictionError("\(label): \(e.description)")
    }
    let links = bootstrapLinks(link, z: pairs.map(\.z), y: pairs.map(\.y), count: law.replicates.count,
                               seed: options.seed ^ 0x11CC_0001)
    let replicates: [(Double) -> Double] = zip(law.replicates, links).map { curve, l in { l.apply(curve.predict(x: $0)) } }
    let forecast = Forecast(
        atModel: { p in (link.apply(law.fit.predict(x: p.x)), replicates.map { $0(p.x) }) },
        point: { link.apply(law.fit.predict(x: $0)) },
        replicates: replicates,
        residualSD: link.residualSD)
    let parameters = link.parameters.map { String(format: "%.4g", $0) }.joined(separator: ", ")
    return assemble(target, method: .viaContinuous, split: s, forecast: forecast, options: options,
                    detail: "\(companion.metric) (\(law.fit.law.rawValue)) → \(kind.rawValue) link [\(parameters)]")
}

/// The target's floor and ceiling for a logistic link: its range's worst and best ends.
func linkEnds(_ target: Curve) -> (floor: Double, ceiling: Double) {
    guard let r = target.range else {
        let y = target.ys
        return (y.min() ?? 0, y.max() ?? 1)
    }
    return target.higherIsBetter ? (r.lowerBound, r.upperBound) : (r.upperBound, r.lowerBound)
}

/// Residual-bootstrap refits of a link: y*_i = g(z_i; φ̂) + a resampled
/// residual (inflated by sqrt(n/(n − p))), refitted from φ̂.
func bootstrapLinks(_ link: LinkFunction, z: [Double], y: [Double], count: Int, seed: UInt64) -> [LinkFunction] {
    let n = z.count
    let fitted = z.map(link.apply)
    let p = link.parameters.count
    let inflation = n > p ? (Double(n) / Double(n - p)).squareRoot() : 1
    let residuals = (0..<n).map { (y[$0] - fitted[$0]) * inflation }
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in
        let ys = (0..<n).map { fitted[$0] + residuals[rng.remainder(n)] }
        return link.refitted(z: z, y: ys)
    }
}
