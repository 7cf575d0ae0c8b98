import Foundation

/// The scale on which residuals are minimised.
public enum ResidualScale: String, Sendable, Codable {
    /// Ordinary least squares on y.
    case linear
    /// Least squares on ln(1 + y), as the BNSL paper's reference code does
    /// (needs y > −1); relative errors then count, which matters for losses.
    case log1p
}

/// Fits one law to centred data (v = log10 x − u0, y) by multi-start
/// bounded Levenberg–Marquardt. Starts come from a grid over the nonlinear
/// parameters; at each grid point the parameters that enter linearly
/// (offsets and amplitudes) are solved exactly (variable projection), so a
/// coarse grid already lands near the optimum.
struct LawFitter {
    let law: LawName
    let breaks: Int
    let v: [Double]
    let y: [Double]
    let scale: ResidualScale
    /// How many of the best grid points are refined by LM.
    var refineCount = 6

    var p: Int { law.parameterCount(breaks: breaks) }
    var vMin: Double { v.min() ?? 0 }
    var vMax: Double { v.max() ?? 0 }
    var span: Double { max(vMax - vMin, 1e-6) }

    var bounds: (lower: [Double], upper: [Double]) {
        let big = Double.greatestFiniteMagnitude
        let yMin = y.min() ?? 0, yMax = y.max() ?? 0
        let r = max(yMax - yMin, 1e-9 * max(abs(yMax), 1))
        switch law {
        case .linearLog:
            return ([-big, -big], [big, big])
        case .power:
            return ([-big, -big, 1e-4], [big, big, 10])
        case .sigmoidLog:
            return ([yMin - 10 * r, yMin - 10 * r, 1e-3, vMin - span], [yMax + 10 * r, yMax + 10 * r, 1e3, vMax + span])
        case .taskLaw:
            return ([1e-12, 1e-4], [1e12, 10])
        case .bnsl:
            var lo = [-big, -big, -10.0], hi = [big, big, 10.0]
            for _ in 0..<breaks {
                lo += [-50, vMin - span, 1e-3]
                hi += [50, vMax + span, 10]
            }
            return (lo, hi)
        }
    }

    /// Least squares y ≈ α·c1 + β·c2 (2 × 2 normal equations); nil when degenerate.
    private func twoColumnFit(_ c1: [Double], _ c2: [Double]) -> (Double, Double, Double)? {
        var s11 = 0.0, s12 = 0.0, s22 = 0.0, t1 = 0.0, t2 = 0.0
        for i in 0..<y.count {
            s11 += c1[i] * c1[i]; s12 += c1[i] * c2[i]; s22 += c2[i] * c2[i]
            t1 += c1[i] * y[i]; t2 += c2[i] * y[i]
        }
        let det = s11 * s22 - s12 * s12
        var alpha: Double, beta: Double
        if abs(det) > 1e-12 * max(s11 * s22, 1e-300) {
            alpha = (t1 * s22 - t2 * s12) / det
            beta = (s11 * t2 - s12 * t1) / det
        } else if s11 > 0 {
            alpha = t1 / s11; beta = 0
        } else { return nil }
        var rss = 0.0
        for i in 0..<y.count { let e = y[i] - alpha * c1[i] - beta * c2[i]; rss += e * e }
        guard rss.isFinite, alpha.isFinite, beta.isFinite else { return nil }
        return (alpha, beta, rss)
    }

    /// Grid starts, best (lowest linear-scale RSS) first.
    func starts() -> [[Double]] {
        let n = y.count
        // Ranking grid points needs the curve's shape, not every point: long
        // curves are thinned to 40 evenly spaced points for the grid only.
        if n > 40 {
            let picks = (0..<40).map { Int((Double($0) * Double(n - 1) / 39).rounded()) }
            var thin = LawFitter(law: law, breaks: breaks, v: picks.map { v[$0] }, y: picks.map { y[$0] }, scale: scale)
            thin.refineCount = refineCount
            return thin.starts()
        }
        let ones = [Double](repeating: 1, count: n)
        var scored: [(Double, [Double])] = []
        func consider(_ theta: [Double], _ rss: Double) { if rss.isFinite { scored.append((rss, theta)) } }
        switch law {
        case .linearLog:
            if let (a, b, rss) = twoColumnFit(ones, v) { consider([a, b], rss) }
        case .power:
            for b in [0.003, 0.01, 0.03, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5] {
                let col = v.map { Foundation.exp(-b * $0 * LawMath.ln10) }
                if let (c, a, rss) = twoColumnFit(ones, col) { consider([c, a, b], rss) }
            }
        case .sigmoidLog:
            for ks in [0.5, 1, 2, 4, 8, 16, 32, 64, 128] {
                let k = ks / span
                for j in 0...12 {
                    let m = vMin - 0.1 * span + 1.2 * span * Double(j) / 12
                    let s = v.map { 1 / (1 + Foundation.exp(-k * ($0 - m))) }
                    let oneMinus = s.map { 1 - $0 }
                    if let (lo, hi, rss) = twoColumnFit(oneMinus, s) { consider([lo, hi, k, m], rss) }
                }
            }
        case .taskLaw:
            for alpha in [0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5] {
                for le in stride(from: -4.0, through: 4.0, by: 0.5) {
                    let c = pow(10, le)
                    var rss = 0.0
                    for i in 0..<n {
                        let e = LawMath.value(.taskLaw, [c, alpha], v[i]) - y[i]; rss += e * e
                    }
                    consider([c, alpha], rss)
                }
            }
        case .bnsl:
            bnslGrid(consider)
        }
        // BNSL: the best grid point for every position of the first break
        // joins the starts, so a break that the linear-scale ranking
        // undervalues still gets refined (LM cannot move a break across a
        // region where it has no gradient).
        var extra: [[Double]] = []
        if law == .bnsl {
            var bestPerBreak: [Double: (Double, [Double])] = [:]
            for (rss, t) in scored where bestPerBreak[t[4]] == nil || rss < bestPerBreak[t[4]]!.0 {
                bestPerBreak[t[4]] = (rss, t)
            }
            extra = bestPerBreak.values.sorted { $0.0 < $1.0 }.map(\.1)
        }
        scored.sort { $0.0 < $1.0 }
        let bounds = self.bounds
        return (scored.prefix(refineCount).map(\.1) + extra).map { t in
            zip(t.indices, t).map { i, x in min(max(x, bounds.lower[i]), bounds.upper[i]) }
        }
    }

    private func bnslGrid(_ consider: ([Double], Double) -> Void) {
        let n = y.count
        let ones = [Double](repeating: 1, count: n)
        let c0s = breaks == 1 ? [0, 0.1, 0.2, 0.3, 0.5, 1] : [0, 0.25, 0.5]
        let cs = breaks == 1 ? [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32] : [0.5, 2, 8]
        let fs = breaks == 1 ? [0.01, 0.03, 0.1, 0.3, 1] : [0.05, 0.3]
        let positions = breaks == 1 ? 14 : 6
        let ds = (0..<positions).map { vMin + span * (Double($0) + 0.5) / Double(positions) }
        // Every increasing choice of break positions, each with every (c, f).
        var breakSets: [[(Double, Double, Double)]] = [[]]
        for level in 0..<breaks {
            var next: [[(Double, Double, Double)]] = []
            for set in breakSets {
                for (di, d) in ds.enumerated() where set.isEmpty || d > set.last!.1 {
                    if breaks - level - 1 > ds.count - di - 1 { continue }
                    for c in cs { for f in fs { next.append(set + [(c, d, f)]) } }
                }
            }
            breakSets = next
        }
        var col = [Double](repeating: 0, count: n)
        for c0 in c0s {
            for set in breakSets {
                var theta = [0.0, 0.0, c0]
                for (c, d, f) in set { theta += [c, d, f] }
                for i in 0..<n { col[i] = Foundation.exp(LawMath.bnslExponent(theta, v[i])) }
                if let (a, b, rss) = twoColumnFit(ones, col) {
                    theta[0] = a; theta[1] = b
                    consider(theta, rss)
                }
            }
        }
    }

    /// The least-squares problem on the chosen residual scale.
    func problem() -> LeastSquaresProblem {
        let (lower, upper) = bounds
        let p = self.p, law = self.law, v = self.v, y = self.y, scale = self.scale
        let target = scale == .log1p ? y.map { Foundation.log1p($0) } : y
        return LeastSquaresProblem(parameterCount: p, residualCount: y.count, lower: lower, upper: upper) { theta, r, jac in
            var g = [Double](repeating: 0, count: p)
            for i in 0..<v.count {
                let f = LawMath.value(law, theta, v[i])
                switch scale {
                case .linear:
                    r[i] = f - target[i]
                case .log1p:
                    guard f > -1 + 1e-12 else { return false }
                    r[i] = Foundation.log1p(f) - target[i]
                }
                guard r[i].isFinite else { return false }
                if let jac {
                    LawMath.gradient(law, theta, v[i], &g)
                    let scaleFactor = scale == .log1p ? 1 / (1 + f) : 1
                    for a in 0..<p {
                        let d = g[a] * scaleFactor
                        jac[i * p + a] = d.isFinite ? d : 0
                    }
                }
            }
            return true
        }
    }

    /// Multi-start LM from `starts` (default: the grid); the lowest cost wins.
    /// With more than three starts, every start gets a short run (25
    /// iterations) and only the three lowest continue to convergence.
    func fit(starts given: [[Double]]? = nil, maxIterations: Int = 200) -> LeastSquaresSolution? {
        let problem = self.problem()
        let all = given ?? starts()
        var candidates: [[Double]] = all
        if all.count > 3 {
            let short = all.compactMap { levenbergMarquardt(problem, start: $0, maxIterations: 25) }
            candidates = short.sorted { $0.cost < $1.cost }.prefix(3).map(\.theta)
        }
        var best: LeastSquaresSolution?
        for start in candidates {
            guard let sol = levenbergMarquardt(problem, start: start, maxIterations: maxIterations) else { continue }
            if best == nil || sol.cost < best!.cost { best = sol }
        }
        return best
    }
}
