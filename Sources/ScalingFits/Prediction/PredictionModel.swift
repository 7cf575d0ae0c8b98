import Foundation

/// How a metric is forecast for models larger than those it is fitted on
/// (docs/predict.md). Every method sees only the models at or below the
/// cutoff; the larger models are what it predicts.
public enum PredictionMethod: String, CaseIterable, Sendable, Codable {
    /// The law `fit --law auto` chooses (lowest BIC) fitted to the metric
    /// itself, extrapolated in log10 x.
    case direct
    /// A continuous metric of the same task fitted against scale, mapped to
    /// the target through a link fitted on the same models.
    case viaContinuous = "via-continuous"
    /// Principal components of the other tasks' scores (Ruan, Maddison &
    /// Hashimoto 2024) and a sigmoid link from them to the target.
    case observational
}

/// Which models a prediction may learn from: those with x ≤ `cutoff`.
public enum PredictionSplit: Sendable, Equatable {
    /// Fit on models with x ≤ this value (FLOPs, parameters or tokens, as the curve's axis).
    case cutoff(Double)
    /// Fit on all but the K models with the largest x (ties at the boundary stay out).
    case holdout(Int)

    /// The x at or below which models are fitted on, for `curve`; nil when
    /// the split leaves no model below it.
    public func cutoffX(for curve: Curve) -> Double? {
        switch self {
        case .cutoff(let x): return x
        case .holdout(let k):
            let xs = curve.xs
            guard k >= 0, k < xs.count else { return nil }
            return k == 0 ? xs.last : xs[xs.count - k - 1]
        }
    }
}

/// Settings shared by the three methods.
public struct PredictionOptions: Sendable {
    /// Bootstrap replicates behind every interval (≥ 20 for a 95% interval to mean anything).
    public var bootstrap: Int
    public var seed: UInt64
    /// Fewest models at or below the cutoff a method will fit on.
    public var minimumTrainingModels: Int
    /// The level whose crossing is the transition point, in the metric's own
    /// units; nil: the midpoint of the metric's range.
    public var level: Double?
    /// How far the transition is searched (x); nil: 100 × the curve's largest x.
    public var until: Double?
    /// via-continuous: the continuous metric to go through (nil: the first
    /// of `ContinuousCompanion.preference` the store holds).
    public var via: String?
    /// via-continuous: the link (nil: chosen by the companion, `LinkKind.automatic`).
    public var link: LinkKind?
    /// observational: the most principal components used.
    public var components: Int

    public init(bootstrap: Int = 200, seed: UInt64 = 0, minimumTrainingModels: Int = 3, level: Double? = nil,
                until: Double? = nil, via: String? = nil, link: LinkKind? = nil, components: Int = 3) {
        self.bootstrap = max(0, bootstrap); self.seed = seed
        self.minimumTrainingModels = max(2, minimumTrainingModels)
        self.level = level; self.until = until; self.via = via; self.link = link
        self.components = max(1, components)
    }
}

/// One predicted model: the forecast with its 95% interval beside what was observed.
public struct PointPrediction: Sendable, Equatable, Codable {
    public var model: String
    public var x: Double
    public var predicted: Double
    /// 2.5% and 97.5% percentiles of the bootstrap forecasts, measurement noise included.
    public var low: Double
    public var high: Double
    /// The value the store holds for the model (nil when it has none).
    public var observed: Double?

    public init(model: String, x: Double, predicted: Double, low: Double, high: Double, observed: Double?) {
        self.model = model; self.x = x; self.predicted = predicted; self.low = low; self.high = high
        self.observed = observed
    }

    /// |predicted − observed|, nil without an observation.
    public var absoluteError: Double? { observed.map { abs(predicted - $0) } }
    /// Whether the observation lies in [low, high], nil without one.
    public var covered: Bool? { observed.map { $0 >= low && $0 <= high } }
}

/// Where a forecast curve crosses the transition level.
public enum TransitionStatus: String, Sendable, Codable {
    /// It crosses at `x`, between the smallest model and `until`.
    case crosses
    /// It is already past the level at the smallest model.
    case alreadyPast = "already-past"
    /// It does not cross before `until`.
    case notBefore = "not-before"
}

/// The transition forecast: the x at which the predicted metric crosses
/// `level`, with a 95% interval over the bootstrap forecasts, beside the
/// crossing of the observed points.
public struct TransitionForecast: Sendable, Equatable, Codable {
    public var level: Double
    public var status: TransitionStatus
    /// The crossing of the point forecast (nil unless `status == .crosses`).
    public var x: Double?
    /// 2.5% / 97.5% percentiles of the replicates' crossings in log10 x;
    /// `low` nil when over 2.5% of them are already past the level, `high`
    /// nil when over 2.5% do not cross before `until`.
    public var low: Double?
    public var high: Double?
    public var until: Double
    /// Where the observed points cross the level (log-linear interpolation
    /// between the first pair that straddles it); nil when they do not.
    public var observedX: Double?

    /// log10(x / observedX), nil unless both exist.
    public var log10Error: Double? {
        guard let x, let o = observedX, x > 0, o > 0 else { return nil }
        return Foundation.log10(x / o)
    }
}

/// A method's forecast of one curve.
public struct CurvePrediction: Sendable {
    public var curve: Curve
    public var method: PredictionMethod
    /// Models with x ≤ cutoff were fitted on.
    public var cutoff: Double
    /// Number of models fitted on.
    public var trainingCount: Int
    /// One per model above the cutoff, by x.
    public var points: [PointPrediction]
    public var transition: TransitionForecast
    /// What the forecast goes through: the law (`sigmoid-log`), the
    /// continuous metric and link (`log-likelihood → power`), or the
    /// components (`3 components of 40 tasks`).
    public var detail: String
    /// The forecast on a grid of x from the smallest model to the largest
    /// (or `until`), for plots: (x, predicted, low, high).
    public var band: [(x: Double, predicted: Double, low: Double, high: Double)]
    public var notes: [String]
    /// observational: the components and link it fitted (nil for the other methods).
    public var capability: CapabilityModel? = nil
}

/// A prediction the data cannot support, in one sentence naming the curve.
public struct PredictionError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
