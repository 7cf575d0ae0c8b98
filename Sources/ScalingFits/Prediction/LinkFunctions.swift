import Foundation

/// The map from a continuous metric z to the target metric y that
/// `via-continuous` fits on the models at or below the cutoff.
public enum LinkKind: String, CaseIterable, Sendable, Codable {
    /// y = exp(a·g(z)), a ≥ 0, with g(z) = z for a mean per-token
    /// log-likelihood ℓ and g(z) = ln z for a target probability P.
    /// Schaeffer et al.'s argument: an L-token answer is exactly right with
    /// probability ≈ p^L = exp(L·ℓ), so a ≈ L; from P itself, y ≈ P^a with a ≈ 1.
    case power
    /// y = lo + (hi − lo)·σ(a + b·z), σ the logistic function, lo and hi the
    /// target's floor and ceiling (the ends of its range, worst first).
    case logistic
    /// y = a + b·z: targets without a fixed range.
    case linear

    /// The link `via-continuous` uses when none is asked for: `power` from a
    /// log-likelihood or target probability to a target whose range is
    /// [0, 1] and that is higher-is-better (exact match, pass rates);
    /// `logistic` for any other target with a range (accuracy from
    /// log-perplexity or Brier, say); `linear` for targets without one.
    public static func automatic(companion: String, target: Curve) -> LinkKind {
        let probabilityTarget = target.higherIsBetter && target.range == 0...1
        if probabilityTarget && LinkFunction.powerCompanions.contains(companion) { return .power }
        return target.range == nil ? .linear : .logistic
    }
}

/// A fitted link, evaluable at any z.
public struct LinkFunction: Sendable, Equatable {
    /// Companions whose values the power link reads: per-token log-probabilities as they are, probabilities through ln.
    static let powerCompanions: Set<String> = ["log-likelihood", "target-probability"]

    public var kind: LinkKind
    /// power: [a]; logistic: [a, b]; linear: [a, b].
    public var parameters: [Double]
    /// power: the companion is a probability, read through ln.
    public var companionIsProbability: Bool
    /// logistic: the target's value as σ → 0 and σ → 1.
    public var floor: Double
    public var ceiling: Double
    /// Residual standard deviation on the pairs it was fitted to, sqrt(RSS/(n − p)).
    public var residualSD: Double

    /// The link's value at z.
    public func apply(_ z: Double) -> Double {
        switch kind {
        case .power:
            let g = companionIsProbability ? Foundation.log(max(z, 1e-300)) : min(z, 0)
            return Foundation.exp(parameters[0] * g)
        case .logistic:
            return floor + (ceiling - floor) / (1 + Foundation.exp(-(parameters[0] + parameters[1] * z)))
        case .linear:
            return parameters[0] + parameters[1] * z
        }
    }
}

/// Fits a link to pairs (z_i, y_i) by least squares on y.
///
/// - power: the one parameter a ∈ [0, 10⁶] by bounded Levenberg–Marquardt
///   from the median of ln y_i / g(z_i);
/// - logistic: (a, b) by Levenberg–Marquardt from a grid of slopes and
///   midpoints over the observed z (|b| at most 1000 per unit of z's spread);
///   floor and ceiling are given;
/// - linear: ordinary least squares.
///
/// Throws when there are fewer than two pairs with distinct z, or a power
/// link gets a companion outside its domain (a log-likelihood above 0, a
/// probability outside [0, 1]).
public func fitLink(_ kind: LinkKind, z: [Double], y: [Double], companionIsProbability: Bool = false,
                    floor: Double = 0, ceiling: Double = 1) throws -> LinkFunction {
    precondition(z.count == y.count, "z and y must have the same length")
    let n = z.count
    guard n >= 2, Set(z).count >= 2 else {
        throw PredictionError("A \(kind.rawValue) link needs at least 2 models with distinct values of the continuous metric; it has \(Set(z).count).")
    }
    var link = LinkFunction(kind: kind, parameters: [], companionIsProbability: companionIsProbability,
                            floor: floor, ceiling: ceiling, residualSD: 0)
    switch kind {
    case .power:
        if companionIsProbability, let bad = z.first(where: { $0 < 0 || $0 > 1 }) {
            throw PredictionError("A power link reads a probability in [0, 1]; the continuous metric has \(bad).")
        }
        if !companionIsProbability, let bad = z.first(where: { $0 > 1e-9 }) {
            throw PredictionError("A power link reads a log-probability (at most 0); the continuous metric has \(bad).")
        }
        let g = z.map { companionIsProbability ? Foundation.log(max($0, 1e-300)) : min($0, 0) }
        let ratios = zip(g, y).compactMap { gi, yi -> Double? in
            gi < 0 && yi > 0 && yi < 1 ? Foundation.log(yi) / gi : nil
        }.sorted()
        let start = ratios.isEmpty ? 1 : ratios[ratios.count / 2]
        let problem = LeastSquaresProblem(parameterCount: 1, residualCount: n, lower: [0], upper: [1e6]) { t, r, jac in
            for i in 0..<n {
                let e = Foundation.exp(t[0] * g[i])
                r[i] = e - y[i]
                jac?[i] = g[i] * e
            }
            return true
        }
        let a = levenbergMarquardt(problem, start: [start])?.theta[0] ?? start
        link.parameters = [a]
    case .logistic:
        link.parameters = fitLogistic(z: z, y: y, floor: floor, ceiling: ceiling)
    case .linear:
        let mz = z.reduce(0, +) / Double(n), my = y.reduce(0, +) / Double(n)
        var szz = 0.0, szy = 0.0
        for i in 0..<n { szz += (z[i] - mz) * (z[i] - mz); szy += (z[i] - mz) * (y[i] - my) }
        let b = szz > 0 ? szy / szz : 0
        link.parameters = [my - b * mz, b]
    }
    var rss = 0.0
    for i in 0..<n { let e = link.apply(z[i]) - y[i]; rss += e * e }
    link.residualSD = (rss / Double(max(n - link.parameters.count, 1))).squareRoot()
    return link
}

/// (a, b) of y ≈ floor + (ceiling − floor)·σ(a + b·z), least squares.
func fitLogistic(z: [Double], y: [Double], floor: Double, ceiling: Double, start: [Double]? = nil) -> [Double] {
    let n = z.count
    let zMin = z.min() ?? 0, zMax = z.max() ?? 0
    let spread = max(zMax - zMin, 1e-12)
    let height = ceiling - floor
    let bMax = 1000 / spread
    func residuals(_ t: [Double], _ r: inout [Double], _ jac: UnsafeMutablePointer<Double>?) -> Bool {
        for i in 0..<n {
            let s = 1 / (1 + Foundation.exp(-(t[0] + t[1] * z[i])))
            r[i] = floor + height * s - y[i]
            if let jac {
                let d = height * s * (1 - s)
                jac[i * 2] = d; jac[i * 2 + 1] = d * z[i]
            }
        }
        return true
    }
    let aMax = bMax * max(abs(zMin), abs(zMax)) + 50
    let problem = LeastSquaresProblem(parameterCount: 2, residualCount: n, lower: [-aMax, -bMax], upper: [aMax, bMax],
                                      evaluate: residuals)
    var starts: [[Double]] = start.map { [$0] } ?? []
    if start == nil {
        // Slopes of either sign, midpoints across (and a little beyond) the observed z.
        var scored: [(Double, [Double])] = []
        var r = [Double](repeating: 0, count: n)
        for scale in [0.5, 2, 8, 32] {
            for sign in [-1.0, 1.0] {
                let b = sign * scale / spread
                for j in 0...8 {
                    let mid = zMin - 0.5 * spread + 2 * spread * Double(j) / 8
                    let t = [-b * mid, b]
                    _ = residuals(t, &r, nil)
                    scored.append((r.reduce(0) { $0 + $1 * $1 }, t))
                }
            }
        }
        starts = scored.sorted { $0.0 < $1.0 }.prefix(3).map(\.1)
    }
    var best: LeastSquaresSolution?
    for s in starts {
        guard let sol = levenbergMarquardt(problem, start: s, maxIterations: start == nil ? 200 : 40) else { continue }
        if best == nil || sol.cost < best!.cost { best = sol }
    }
    return best?.theta ?? starts.first ?? [0, 0]
}

extension LinkFunction {
    /// The same link refitted to (z, y) from this link's parameters (for bootstrap replicates).
    func refitted(z: [Double], y: [Double]) -> LinkFunction {
        var copy = self
        switch kind {
        case .power:
            let g = z.map { companionIsProbability ? Foundation.log(max($0, 1e-300)) : min($0, 0) }
            let n = z.count
            let problem = LeastSquaresProblem(parameterCount: 1, residualCount: n, lower: [0], upper: [1e6]) { t, r, jac in
                for i in 0..<n {
                    let e = Foundation.exp(t[0] * g[i])
                    r[i] = e - y[i]
                    jac?[i] = g[i] * e
                }
                return true
            }
            copy.parameters = levenbergMarquardt(problem, start: parameters, maxIterations: 40)?.theta ?? parameters
        case .logistic:
            copy.parameters = fitLogistic(z: z, y: y, floor: floor, ceiling: ceiling, start: parameters)
        case .linear:
            copy = (try? fitLink(.linear, z: z, y: y)) ?? self
        }
        return copy
    }
}
