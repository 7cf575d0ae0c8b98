import EmergeSupport
import Foundation

/// Every curve a prediction may draw on: the target's continuous companions
/// (via-continuous), the same task in other families and the other tasks
/// (observational).
public struct PredictionContext: Sendable {
    public var curves: [Curve]

    public init(curves: [Curve]) { self.curves = curves }

    /// The method's forecast of `target` at `split`.
    public func predict(_ target: Curve, method: PredictionMethod, split: PredictionSplit,
                        options: PredictionOptions = PredictionOptions()) throws -> CurvePrediction {
        switch method {
        case .direct:
            return try predictDirect(target, split: split, options: options)
        case .viaContinuous:
            return try predictViaContinuous(target, companions: curves, split: split, options: options)
        case .observational:
            let peers = curves.filter {
                $0.task == target.task && $0.metric == target.metric && $0.strategy == target.strategy
                    && !($0.family == target.family && $0.series == target.series)
            }
            let covariates = curves.filter {
                $0.task != target.task && $0.metric == target.metric && $0.strategy == target.strategy
            }
            return try predictObservational(target, peers: peers, covariates: covariates, split: split, options: options)
        }
    }
}

/// One forecast of a backtest: a curve, a method, how many of its largest
/// models were held out, and the forecast or the reason there is none.
public struct BacktestCase: Sendable {
    public var curve: Curve
    public var method: PredictionMethod
    public var holdout: Int
    public var result: Result<CurvePrediction, PredictionError>

    public var prediction: CurvePrediction? { try? result.get() }
}

/// Repeats the prediction of every curve with its largest 1, 2, …,
/// `maxHoldout` models held out, for every method: each split fits only on
/// the models below it (`PredictionSplit.holdout`). Splits that would leave
/// fewer than `options.minimumTrainingModels` models to fit on are not run.
/// Curves are processed in parallel; the order is curves × holdouts × methods.
public func backtest(_ curves: [Curve], context: PredictionContext, methods: [PredictionMethod] = PredictionMethod.allCases,
                     maxHoldout: Int = 3, options: PredictionOptions = PredictionOptions(),
                     workers: Int = availableCores) -> [BacktestCase] {
    let indexed = Array(curves.enumerated())
    return parallelMap(indexed, workers: workers) { i, curve -> [BacktestCase] in
        var out: [BacktestCase] = []
        let distinct = curve.distinctXCount
        for k in stride(from: 1, through: max(0, maxHoldout), by: 1) where distinct - k >= options.minimumTrainingModels {
            for method in methods {
                var o = options
                o.seed = options.seed &+ UInt64(i) &* 0x9E37_79B9 &+ UInt64(k)
                let result: Result<CurvePrediction, PredictionError>
                do { result = .success(try context.predict(curve, method: method, split: .holdout(k), options: o)) }
                catch let e as PredictionError { result = .failure(e) }
                catch { result = .failure(PredictionError("\(curve.predictionLabel): \(error)")) }
                out.append(BacktestCase(curve: curve, method: method, holdout: k, result: result))
            }
        }
        return out
    }.flatMap { $0 }
}

/// A method's errors over a set of backtest forecasts.
public struct BacktestScore: Sendable, Equatable {
    /// The task the score is for (nil: every task).
    public var task: String?
    public var method: PredictionMethod
    /// Forecasts made, and refused.
    public var forecasts: Int
    public var refused: Int
    /// Predicted models with an observation.
    public var points: Int
    /// Mean |predicted − observed| over those models.
    public var meanAbsoluteError: Double?
    /// Share of observations inside their 95% interval.
    public var coverage: Double?
    /// Mean |log10(predicted transition / observed transition)| over the
    /// forecasts where both exist, and how many there were.
    public var transitionLog10Error: Double?
    public var transitions: Int
    /// Forecasts whose curve crosses the level but whose forecast says it will not before `until` (or crossed already).
    public var transitionsMissed: Int
}

/// Scores per task and method, then per method over every task, and the
/// winner of each: the method with the lowest mean absolute error among
/// those that made a forecast (ties: the order of `PredictionMethod`).
public struct BacktestSummary: Sendable {
    public var perTask: [BacktestScore]
    public var overall: [BacktestScore]
    /// task → winning method.
    public var winners: [String: PredictionMethod]
    public var overallWinner: PredictionMethod?

    public init(_ cases: [BacktestCase]) {
        var tasks: [String] = []
        for c in cases where !tasks.contains(c.curve.task) { tasks.append(c.curve.task) }
        let methods = PredictionMethod.allCases.filter { m in cases.contains { $0.method == m } }
        perTask = tasks.flatMap { t in methods.map { m in Self.score(cases.filter { $0.curve.task == t && $0.method == m }, task: t, method: m) } }
        overall = methods.map { m in Self.score(cases.filter { $0.method == m }, task: nil, method: m) }
        var winners: [String: PredictionMethod] = [:]
        for t in tasks { winners[t] = Self.winner(perTask.filter { $0.task == t }) }
        self.winners = winners
        overallWinner = Self.winner(overall)
    }

    static func winner(_ scores: [BacktestScore]) -> PredictionMethod? {
        scores.filter { $0.meanAbsoluteError != nil }.min { $0.meanAbsoluteError! < $1.meanAbsoluteError! }?.method
    }

    static func score(_ cases: [BacktestCase], task: String?, method: PredictionMethod) -> BacktestScore {
        let made = cases.compactMap(\.prediction)
        let observed = made.flatMap(\.points).filter { $0.observed != nil }
        let errors = observed.compactMap(\.absoluteError)
        let covered = observed.compactMap(\.covered).filter { $0 }.count
        let transitionErrors = made.compactMap { $0.transition.log10Error }.map(abs)
        let missed = made.filter { $0.transition.observedX != nil && $0.transition.status != .crosses }.count
        return BacktestScore(task: task, method: method, forecasts: made.count, refused: cases.count - made.count,
                             points: observed.count,
                             meanAbsoluteError: errors.isEmpty ? nil : errors.reduce(0, +) / Double(errors.count),
                             coverage: observed.isEmpty ? nil : Double(covered) / Double(observed.count),
                             transitionLog10Error: transitionErrors.isEmpty ? nil : transitionErrors.reduce(0, +) / Double(transitionErrors.count),
                             transitions: transitionErrors.count, transitionsMissed: missed)
    }
}
