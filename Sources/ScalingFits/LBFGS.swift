/// A smooth objective: returns f(θ) and writes ∇f into `gradient`.
typealias GradientObjective = (_ theta: [Double], _ gradient: inout [Double]) -> Double

/// Result of an L-BFGS minimisation.
struct LBFGSSolution {
    var theta: [Double]
    var value: Double
    var iterations: Int
    var evaluations: Int
}

/// Bounded limited-memory BFGS (two-loop recursion, memory `memory`; the
/// box is handled by projecting each trial point and freezing the
/// components held at a bound, with an Armijo backtracking line search on
/// the projected step). Stops like SciPy's L-BFGS-B defaults: relative
/// decrease of f below `ftol` (2.2e-9) or projected gradient below `gtol`
/// (1e-5), or `maxIterations`. SciPy divides the decrease by max(|f|, 1);
/// `ftolFloor` replaces that 1, so objectives far below 1 can ask for a
/// truly relative test.
func lbfgsMinimize(_ objective: GradientObjective, start: [Double], lower: [Double], upper: [Double],
                   memory: Int = 10, ftol: Double = 2.220446049250313e-09, gtol: Double = 1e-5,
                   ftolFloor: Double = 1, maxIterations: Int = 1000) -> LBFGSSolution {
    let p = start.count
    func project(_ t: inout [Double]) { for i in 0..<p { t[i] = min(max(t[i], lower[i]), upper[i]) } }
    var x = start
    project(&x)
    var g = [Double](repeating: 0, count: p)
    var f = objective(x, &g)
    var evaluations = 1
    var sList: [[Double]] = [], yList: [[Double]] = [], rhoList: [Double] = []
    var iterations = 0
    var gNew = g
    func projectedGradientNorm(_ x: [Double], _ g: [Double]) -> Double {
        var m = 0.0
        for i in 0..<p {
            let moved = min(max(x[i] - g[i], lower[i]), upper[i]) - x[i]
            m = max(m, abs(moved))
        }
        return m
    }
    guard f.isFinite else { return LBFGSSolution(theta: x, value: f, iterations: 0, evaluations: 1) }
    while iterations < maxIterations {
        if projectedGradientNorm(x, g) <= gtol { break }
        iterations += 1
        // Components at a bound whose gradient pushes outward are frozen.
        var free = [Bool](repeating: true, count: p)
        for i in 0..<p {
            if (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0) { free[i] = false }
        }
        var q = g
        for i in 0..<p where !free[i] { q[i] = 0 }
        var alphas = [Double](repeating: 0, count: sList.count)
        for j in stride(from: sList.count - 1, through: 0, by: -1) {
            var dot = 0.0
            for i in 0..<p { dot += sList[j][i] * q[i] }
            alphas[j] = rhoList[j] * dot
            for i in 0..<p { q[i] -= alphas[j] * yList[j][i] }
        }
        if let sLast = sList.last, let yLast = yList.last {
            var sy = 0.0, yy = 0.0
            for i in 0..<p { sy += sLast[i] * yLast[i]; yy += yLast[i] * yLast[i] }
            let gamma = yy > 0 ? sy / yy : 1
            for i in 0..<p { q[i] *= gamma }
        } else {
            // First step: a small move in the steepest-descent direction.
            var gn = 0.0
            for i in 0..<p { gn += q[i] * q[i] }
            let s = gn > 0 ? min(1, 1 / gn.squareRoot()) : 1
            for i in 0..<p { q[i] *= s }
        }
        for j in 0..<sList.count {
            var dot = 0.0
            for i in 0..<p { dot += yList[j][i] * q[i] }
            let beta = rhoList[j] * dot
            for i in 0..<p { q[i] += sList[j][i] * (alphas[j] - beta) }
        }
        var direction = q.map { -$0 }
        for i in 0..<p where !free[i] { direction[i] = 0 }
        var slope = 0.0
        for i in 0..<p { slope += direction[i] * g[i] }
        if !(slope < 0) {
            // Not a descent direction: restart from steepest descent.
            sList.removeAll(); yList.removeAll(); rhoList.removeAll()
            direction = g.map { -$0 }
            for i in 0..<p where !free[i] { direction[i] = 0 }
            slope = 0
            for i in 0..<p { slope += direction[i] * g[i] }
            if !(slope < 0) { break }
        }
        var step = 1.0
        var xNew = x, fNew = f
        var accepted = false
        for _ in 0..<40 {
            for i in 0..<p { xNew[i] = x[i] + step * direction[i] }
            project(&xNew)
            fNew = objective(xNew, &gNew)
            evaluations += 1
            var decrease = 0.0
            for i in 0..<p { decrease += g[i] * (xNew[i] - x[i]) }
            if fNew.isFinite && fNew <= f + 1e-4 * decrease { accepted = true; break }
            step *= 0.5
        }
        if !accepted { break }
        var s = [Double](repeating: 0, count: p), yv = s
        var sy = 0.0
        for i in 0..<p { s[i] = xNew[i] - x[i]; yv[i] = gNew[i] - g[i]; sy += s[i] * yv[i] }
        if sy > 1e-12 {
            sList.append(s); yList.append(yv); rhoList.append(1 / sy)
            if sList.count > memory { sList.removeFirst(); yList.removeFirst(); rhoList.removeFirst() }
        }
        let relative = (f - fNew) / max(abs(f), abs(fNew), ftolFloor)
        x = xNew; g = gNew
        let previous = f
        f = fNew
        if relative <= ftol && previous >= fNew { break }
    }
    return LBFGSSolution(theta: x, value: f, iterations: iterations, evaluations: evaluations)
}
