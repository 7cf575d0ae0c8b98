/// A nonlinear least-squares problem: residuals r(θ) and their Jacobian.
///
/// `evaluate` fills `residuals` (count m) and, when `jacobian` is non-nil,
/// the m × p Jacobian row-major. It returns false where θ is outside the
/// model's domain (a non-finite residual), which the optimizer treats as a
/// rejected step.
struct LeastSquaresProblem {
    var parameterCount: Int
    var residualCount: Int
    var lower: [Double]
    var upper: [Double]
    var evaluate: (_ theta: [Double], _ residuals: inout [Double], _ jacobian: UnsafeMutablePointer<Double>?) -> Bool
}

/// Result of a least-squares minimisation.
struct LeastSquaresSolution {
    var theta: [Double]
    /// Sum of squared residuals at `theta`.
    var cost: Double
    var iterations: Int
    /// JᵀJ at the solution (row-major p × p), for the asymptotic covariance.
    var normalMatrix: [Double]
}

/// Bounded Levenberg–Marquardt (Marquardt's diagonal scaling; steps are
/// projected onto the box). Converges when the relative cost decrease or
/// the relative step falls below 1e-10 / 1e-8, or after `maxIterations`.
func levenbergMarquardt(_ problem: LeastSquaresProblem, start: [Double], maxIterations: Int = 200) -> LeastSquaresSolution? {
    let p = problem.parameterCount, m = problem.residualCount
    func clamp(_ t: [Double]) -> [Double] {
        var t = t
        for i in 0..<p { t[i] = min(max(t[i], problem.lower[i]), problem.upper[i]) }
        return t
    }
    var theta = clamp(start)
    var r = [Double](repeating: 0, count: m)
    var jac = [Double](repeating: 0, count: m * p)
    var ok = jac.withUnsafeMutableBufferPointer { problem.evaluate(theta, &r, $0.baseAddress) }
    guard ok else { return nil }
    var cost = r.reduce(0) { $0 + $1 * $1 }
    guard cost.isFinite else { return nil }
    var lambda = 1e-3
    var jtj = [Double](repeating: 0, count: p * p)
    var jtr = [Double](repeating: 0, count: p)
    var trialR = [Double](repeating: 0, count: m)
    var iterations = 0
    func buildNormal() {
        for a in 0..<p {
            var g = 0.0
            for i in 0..<m { g += jac[i * p + a] * r[i] }
            jtr[a] = g
            for b in a..<p {
                var s = 0.0
                for i in 0..<m { s += jac[i * p + a] * jac[i * p + b] }
                jtj[a * p + b] = s; jtj[b * p + a] = s
            }
        }
    }
    buildNormal()
    while iterations < maxIterations {
        iterations += 1
        var accepted = false
        var converged = false
        for _ in 0..<30 {
            var lhs = jtj
            for a in 0..<p { lhs[a * p + a] += lambda * max(jtj[a * p + a], 1e-12) + 1e-15 }
            guard let step = choleskySolve(lhs, jtr.map { -$0 }, n: p) else { lambda *= 10; continue }
            var trial = theta
            for a in 0..<p { trial[a] += step[a] }
            trial = clamp(trial)
            let ok2 = problem.evaluate(trial, &trialR, nil)
            let trialCost = ok2 ? trialR.reduce(0) { $0 + $1 * $1 } : .infinity
            if trialCost.isFinite && trialCost <= cost {
                var stepNorm = 0.0, thetaNorm = 0.0
                for a in 0..<p { stepNorm += (trial[a] - theta[a]) * (trial[a] - theta[a]); thetaNorm += theta[a] * theta[a] }
                let decrease = cost - trialCost
                theta = trial
                cost = trialCost
                lambda = max(lambda / 3, 1e-12)
                accepted = true
                if decrease <= 1e-10 * max(cost, 1e-300) || stepNorm <= 1e-16 * (thetaNorm + 1e-20) || cost < 1e-300 {
                    converged = true
                }
                break
            }
            lambda *= 4
            if lambda > 1e16 { break }
        }
        if !accepted { break }
        ok = jac.withUnsafeMutableBufferPointer { problem.evaluate(theta, &r, $0.baseAddress) }
        if !ok { return nil }
        buildNormal()
        if converged { break }
    }
    guard theta.allSatisfy(\.isFinite), cost.isFinite else { return nil }
    return LeastSquaresSolution(theta: theta, cost: cost, iterations: iterations, normalMatrix: jtj)
}
