import Foundation

/// The `direct` method: the metric's own scaling law, extrapolated.
///
/// The law is the one `fit --law auto` chooses for the models at or below
/// the cutoff (lowest BIC among linear-log, power, sigmoid-log, BNSL and,
/// for values in [0, 1], the task law; docs/fits.md), evaluated at every
/// larger model: ŷ(x) = f(log10 x; θ̂). Its interval comes from a residual
/// bootstrap of that law (refits from θ̂), plus measurement noise (see
/// `assemble`). Assumption: the shape seen below the cutoff continues —
/// which is exactly what fails for a metric still on its floor: every law
/// fitted to a floor predicts the floor. It is the baseline the other
/// methods must beat.
public func predictDirect(_ curve: Curve, split: PredictionSplit,
                          options: PredictionOptions = PredictionOptions()) throws -> CurvePrediction {
    let s = try makeSplit(curve, split, method: .direct, options: options)
    let fitted = try fitWithReplicates(x: s.training.map(\.x), y: s.training.map(\.y), options: options,
                                       label: "\(curve.predictionLabel): direct")
    let forecast = Forecast(
        atModel: { p in (fitted.fit.predict(x: p.x), fitted.replicates.map { $0.predict(x: p.x) }) },
        point: { fitted.fit.predict(x: $0) },
        replicates: fitted.replicates.map { r in { r.predict(x: $0) } },
        residualSD: fitted.fit.residualSD)
    return assemble(curve, method: .direct, split: s, forecast: forecast, options: options,
                    detail: fitted.fit.law.rawValue)
}

/// A law chosen by BIC with residual-bootstrap replicates of it.
struct FitWithReplicates {
    var fit: CurveFit
    var replicates: [LawCurve]
}

/// `fitPoints` with `auto`, then `options.bootstrap` residual-bootstrap
/// refits of the chosen law from its optimum; a refusal becomes a
/// `PredictionError` starting with `label`.
func fitWithReplicates(x: [Double], y: [Double], options: PredictionOptions, label: String) throws -> FitWithReplicates {
    let fit: CurveFit
    do {
        fit = try fitPoints(x: x, y: y, options: FitOptions(law: nil))
    } catch let e as FitError {
        throw PredictionError("\(label): \(e.description)")
    }
    return FitWithReplicates(fit: fit, replicates: bootstrapLawCurves(fit, x: x, y: y,
                                                                     replicates: options.bootstrap, seed: options.seed))
}

/// Residual-bootstrap replicates of a fitted law on the data it was fitted
/// to (the same resampling as `fit --bootstrap`), as evaluable curves.
func bootstrapLawCurves(_ fit: CurveFit, x: [Double], y: [Double], replicates: Int, seed: UInt64) -> [LawCurve] {
    guard replicates > 0 else { return [] }
    let curve = fit.curve
    let v = x.map { Foundation.log10($0) - curve.u0 }
    let fitter = LawFitter(law: curve.law, breaks: max(curve.breaks, 1), v: v, y: y, scale: .linear)
    let yhat = v.map { LawMath.value(curve.law, curve.theta, $0) }
    return bootstrapLaw(fitter: fitter, theta: curve.theta, yhat: yhat, u0: curve.u0, replicates: replicates, seed: seed)
}
