import EmergeSupport
import Foundation

/// One fitted parameter (or derived quantity) with its bootstrap uncertainty.
public struct ParameterEstimate: Sendable, Codable, Equatable {
    public var name: String
    public var value: Double
    /// Standard deviation of the bootstrap replicates (nil without bootstrap).
    public var stderr: Double?
    /// 2.5 % and 97.5 % percentiles of the bootstrap replicates.
    public var ciLow: Double?
    public var ciHigh: Double?

    public init(name: String, value: Double, stderr: Double? = nil, ciLow: Double? = nil, ciHigh: Double? = nil) {
        self.name = name; self.value = value; self.stderr = stderr; self.ciLow = ciLow; self.ciHigh = ciHigh
    }
}

/// Extrapolation error on the K largest x after fitting the rest (`--holdout K`).
public struct HoldoutError: Sendable, Codable, Equatable {
    public var k: Int
    /// sqrt(mean((ŷ − y)²)) over the held-out points.
    public var rmse: Double
    /// sqrt(mean((ln ŷ − ln y)²)); nil when a value or prediction is ≤ 0.
    public var rmsle: Double?
}

/// How to fit: which law (nil = auto by BIC), bootstrap, holdout.
public struct FitOptions: Sendable {
    /// nil chooses by BIC among the laws the data can support.
    public var law: LawName?
    /// BNSL breaks (≥ 1).
    public var breaks: Int
    /// Bootstrap replicates (0 = none). Residual bootstrap: the design (x) is kept.
    public var bootstrap: Int
    public var seed: UInt64
    /// Hold out the K largest x and report the extrapolation error.
    public var holdout: Int
    /// Residual scale; nil = `.linear`. `.log1p` (the BNSL paper's choice) falls
    /// back to `.linear` with a note when a value is ≤ −1.
    public var scale: ResidualScale?

    public init(law: LawName? = nil, breaks: Int = 1, bootstrap: Int = 0, seed: UInt64 = 0,
                holdout: Int = 0, scale: ResidualScale? = nil) {
        self.law = law; self.breaks = max(1, breaks); self.bootstrap = max(0, bootstrap); self.seed = seed
        self.holdout = max(0, holdout); self.scale = scale
    }
}

/// A refusal: the data cannot support the requested fit. The description is one sentence.
public enum FitError: Error, CustomStringConvertible, Equatable, Sendable {
    case tooFewPoints(law: LawName, needed: Int, got: Int)
    case outOfDomain(law: LawName, reason: String)
    case noConvergence(law: LawName)
    case holdoutTooLarge(k: Int, points: Int)

    public var description: String {
        switch self {
        case let .tooFewPoints(law, needed, got):
            return "The \(law.rawValue) law needs at least \(needed) distinct x values with finite values; the curve has \(got)."
        case let .outOfDomain(law, reason):
            return "The \(law.rawValue) law cannot describe this curve: \(reason)."
        case let .noConvergence(law):
            return "The \(law.rawValue) fit found no finite optimum from any start."
        case let .holdoutTooLarge(k, points):
            return "Holding out \(k) of \(points) points leaves too few to fit."
        }
    }
}

/// A fitted law with its statistics (docs/design.md#fits).
public struct CurveFit: Sendable {
    /// The fitted law, evaluable at any x.
    public var curve: LawCurve
    public var law: LawName { curve.law }
    /// Parameters in the published form, with bootstrap s.e. and 95 % interval.
    public var parameters: [ParameterEstimate]
    /// The regime-change point in x (sigmoid midpoint 10^m, BNSL d1) with its interval.
    public var transition: ParameterEstimate?
    public var n: Int
    /// Residual sum of squares on y, residual s.d. sqrt(RSS/(n − p)).
    public var rss: Double
    public var residualSD: Double
    /// 1 − RSS/TSS (a flat curve fitted exactly has R² = 1 by convention).
    public var r2: Double
    /// Gaussian AIC / BIC from RSS on y, counting p + 1 parameters (the noise variance too).
    public var aic: Double
    public var bic: Double
    public var holdout: HoldoutError?
    /// Bootstrap replicates that converged (≤ the requested number).
    public var bootstrapReplicates: Int
    /// BIC of each law tried when the law was chosen automatically.
    public var candidates: [(law: LawName, bic: Double)]
    public var notes: [String]

    public func predict(x: Double) -> Double { curve.predict(x: x) }
    public func parameter(_ name: String) -> ParameterEstimate? { parameters.first { $0.name == name } }
}

/// The laws `auto` may choose for this data.
func autoCandidates(y: [Double]) -> [LawName] {
    var laws: [LawName] = [.linearLog, .power, .sigmoidLog, .bnsl]
    if y.allSatisfy({ $0 >= 0 && $0 <= 1 }) { laws.append(.taskLaw) }
    return laws
}

/// Fits a curve (docs/design.md#fits): one law, or `auto` (lowest BIC among the laws with
/// more distinct points than parameters), then bootstrap and holdout.
/// Throws `FitError` with a one-sentence reason when the data cannot support it.
public func fitCurve(_ curve: Curve, options: FitOptions = FitOptions()) throws -> CurveFit {
    var fit = try fitPoints(x: curve.xs, y: curve.ys, options: options)
    fit.notes = curve.notes + fit.notes
    return fit
}

/// Same as `fitCurve` on plain arrays (x > 0 and finite y are required; use
/// `Curve` to have bad points dropped with a note instead).
public func fitPoints(x: [Double], y: [Double], options: FitOptions = FitOptions()) throws -> CurveFit {
    precondition(x.count == y.count, "x and y must have the same length")
    for (xi, yi) in zip(x, y) where !(xi > 0 && xi.isFinite && yi.isFinite) {
        throw FitError.outOfDomain(law: options.law ?? .linearLog, reason: "x must be positive and values finite (got x = \(xi), y = \(yi))")
    }
    let order = x.indices.sorted { x[$0] < x[$1] }
    let xs = order.map { x[$0] }, ys = order.map { y[$0] }
    var fit: CurveFit
    if let law = options.law {
        fit = try fitOneLaw(law, x: xs, y: ys, options: options)
    } else {
        var best: CurveFit?
        var candidates: [(law: LawName, bic: Double)] = []
        var firstError: FitError?
        for law in autoCandidates(y: ys) {
            let distinct = Set(xs).count
            guard distinct > law.parameterCount(breaks: options.breaks) || (law == .linearLog && distinct >= 2) else { continue }
            var o = options; o.law = law; o.bootstrap = 0; o.holdout = 0
            do {
                let f = try fitOneLaw(law, x: xs, y: ys, options: o)
                candidates.append((law, f.bic))
                if best == nil || f.bic < best!.bic - 1e-9 { best = f }
            } catch let e as FitError { firstError = firstError ?? e }
        }
        guard let chosen = best else {
            throw firstError ?? FitError.tooFewPoints(law: .linearLog, needed: 2, got: Set(xs).count)
        }
        if options.bootstrap > 0 {
            // Bootstrap the winner, restarting LM from its optimum instead of redoing the grid.
            var o = options; o.law = chosen.law
            fit = try fitOneLaw(chosen.law, x: xs, y: ys, options: o, start: chosen.curve.theta)
        } else {
            fit = chosen
        }
        fit.candidates = candidates
    }
    if options.holdout > 0 {
        fit.holdout = try holdoutError(x: xs, y: ys, law: fit.law, options: options)
    }
    return fit
}

/// Fit on all but the K largest x with `law`, predict those K.
func holdoutError(x: [Double], y: [Double], law: LawName, options: FitOptions) throws -> HoldoutError {
    let k = options.holdout, n = x.count
    guard k < n else { throw FitError.holdoutTooLarge(k: k, points: n) }
    var o = options; o.bootstrap = 0; o.holdout = 0; o.law = law
    let train = try fitOneLaw(law, x: Array(x[..<(n - k)]), y: Array(y[..<(n - k)]), options: o)
    var se = 0.0, sle = 0.0, logOK = true
    for i in (n - k)..<n {
        let p = train.predict(x: x[i])
        se += (p - y[i]) * (p - y[i])
        if p > 0 && y[i] > 0 { let d = Foundation.log(p) - Foundation.log(y[i]); sle += d * d } else { logOK = false }
    }
    let rmse = (se / Double(k)).squareRoot()
    return HoldoutError(k: k, rmse: rmse.isFinite ? rmse : .greatestFiniteMagnitude,
                        rmsle: logOK ? (sle / Double(k)).squareRoot() : nil)
}

/// Fit a single law, compute its statistics and bootstrap it.
/// `start` (internal parameters of a previous fit of the same data) replaces the grid.
func fitOneLaw(_ law: LawName, x: [Double], y: [Double], options: FitOptions, start: [Double]? = nil) throws -> CurveFit {
    let breaks = options.breaks
    let p = law.parameterCount(breaks: breaks)
    let distinct = Set(x).count
    let needed = law == .linearLog ? 2 : p
    guard distinct >= needed else { throw FitError.tooFewPoints(law: law, needed: needed, got: distinct) }
    if law == .taskLaw, let bad = y.first(where: { $0 < 0 || $0 > 1 }) {
        throw FitError.outOfDomain(law: law, reason: "its values must lie in [0, 1] (found \(bad))")
    }
    var scale = options.scale ?? .linear
    var notes: [String] = []
    if scale == .log1p && y.contains(where: { $0 <= -1 }) {
        scale = .linear
        notes.append("values ≤ −1: fitted on the linear scale instead of ln(1 + y)")
    }
    let u = x.map { Foundation.log10($0) }
    let u0 = u.reduce(0, +) / Double(u.count)
    let v = u.map { $0 - u0 }
    let fitter = LawFitter(law: law, breaks: breaks, v: v, y: y, scale: scale)
    guard let sol = fitter.fit(starts: start.map { [$0] }) else { throw FitError.noConvergence(law: law) }
    let curve = LawCurve(law: law, breaks: breaks, theta: sol.theta, u0: u0)

    // Statistics on the y scale, whatever the residual scale.
    let n = y.count
    let yhat = v.map { LawMath.value(law, sol.theta, $0) }
    var rss = 0.0
    for i in 0..<n { rss += (yhat[i] - y[i]) * (yhat[i] - y[i]) }
    let mean = y.reduce(0, +) / Double(n)
    let tss = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let yScale = max(y.map(abs).max() ?? 0, 1e-150)
    let exact = rss <= 1e-20 * yScale * yScale * Double(n)
    let r2 = tss > 0 ? max(-1e300, 1 - rss / tss) : (exact ? 1 : 0)
    let sigma2 = max(rss / Double(n), 1e-24 * yScale * yScale, 1e-300)
    let k = Double(p + 1)
    let aic = Double(n) * Foundation.log(sigma2) + 2 * k
    let bic = Double(n) * Foundation.log(sigma2) + k * Foundation.log(Double(n))
    let residualSD = (rss / Double(max(n - p, 1))).squareRoot()

    var parameters = curve.parameters.map { ParameterEstimate(name: $0.name, value: $0.value) }
    var transition = curve.transitionX.map { ParameterEstimate(name: law == .sigmoidLog ? "transition_x" : "d1", value: $0) }
    var replicates = 0
    if options.bootstrap > 0 {
        let boot = bootstrapLaw(fitter: fitter, theta: sol.theta, yhat: yhat, u0: u0,
                                replicates: options.bootstrap, seed: options.seed)
        replicates = boot.count
        if boot.count >= 2 {
            for j in parameters.indices {
                let values = boot.map { $0.parameters[j].value }
                parameters[j] = summarize(name: parameters[j].name, value: parameters[j].value, replicates: values)
            }
            if let t = transition {
                // Summarise in log10 x (the scale it is fitted on), report in x.
                let logs = boot.compactMap { $0.transitionX }.map { Foundation.log10($0) }
                let s = summarize(name: t.name, value: Foundation.log10(t.value), replicates: logs)
                let ln10 = LawMath.ln10
                transition = ParameterEstimate(name: t.name, value: t.value,
                                               stderr: s.stderr.map { $0 * ln10 * t.value },
                                               ciLow: s.ciLow.map { pow(10, $0) }, ciHigh: s.ciHigh.map { pow(10, $0) })
            }
        }
        if boot.count < options.bootstrap {
            notes.append("\(options.bootstrap - boot.count) of \(options.bootstrap) bootstrap refits did not converge and were left out")
        }
    }
    return CurveFit(curve: curve, parameters: parameters, transition: transition, n: n, rss: rss,
                    residualSD: residualSD.isFinite ? residualSD : 0, r2: r2, aic: aic, bic: bic,
                    holdout: nil, bootstrapReplicates: replicates, candidates: [], notes: notes)
}

/// Residual bootstrap: y* = ŷ + resampled (inflated) residuals (on the fitting scale),
/// refitted from the full-data optimum. Keeping the design fixed avoids the
/// degenerate resamples (too few distinct x) that a pairs bootstrap produces
/// on short curves.
func bootstrapLaw(fitter: LawFitter, theta: [Double], yhat: [Double], u0: Double,
                  replicates: Int, seed: UInt64) -> [LawCurve] {
    let n = yhat.count
    let log = fitter.scale == .log1p
    let fittedScale = log ? yhat.map { Foundation.log1p($0) } : yhat
    let observed = log ? fitter.y.map { Foundation.log1p($0) } : fitter.y
    // Residuals are inflated by sqrt(n/(n − p)) so their spread matches the
    // noise rather than the (smaller) fitted residuals (Davison & Hinkley 1997, §6.2).
    let p = fitter.law.parameterCount(breaks: fitter.breaks)
    let inflation = n > p ? (Double(n) / Double(n - p)).squareRoot() : 1
    let residuals = (0..<n).map { (observed[$0] - fittedScale[$0]) * inflation }
    var rng = SplitMix64(seed: seed)
    var out: [LawCurve] = []
    out.reserveCapacity(replicates)
    for _ in 0..<replicates {
        var ys = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let s = fittedScale[i] + residuals[rng.remainder(n)]
            ys[i] = log ? Foundation.expm1(s) : s
        }
        let f = LawFitter(law: fitter.law, breaks: fitter.breaks, v: fitter.v, y: ys, scale: fitter.scale)
        guard let sol = f.fit(starts: [theta], maxIterations: 40) else { continue }
        let c = LawCurve(law: fitter.law, breaks: fitter.breaks, theta: sol.theta, u0: u0)
        if c.parameters.allSatisfy({ $0.value.isFinite }) { out.append(c) }
    }
    return out
}

/// s.d. and 2.5/97.5 percentiles of bootstrap replicates (linear interpolation).
public func summarize(name: String, value: Double, replicates: [Double]) -> ParameterEstimate {
    let r = replicates.filter(\.isFinite).sorted()
    guard r.count >= 2 else { return ParameterEstimate(name: name, value: value) }
    let mean = r.reduce(0, +) / Double(r.count)
    let sd = (r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(r.count - 1)).squareRoot()
    return ParameterEstimate(name: name, value: value, stderr: sd,
                             ciLow: percentile(r, 0.025), ciHigh: percentile(r, 0.975))
}

/// The q-quantile of sorted values (linear interpolation, numpy's default).
func percentile(_ sorted: [Double], _ q: Double) -> Double {
    let pos = q * Double(sorted.count - 1)
    let lo = Int(pos.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - Double(lo))
}
