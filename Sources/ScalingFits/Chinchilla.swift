import EmergeSupport
import Foundation

/// Loss observations for the two-input law: parameters N, tokens D, loss L.
public struct LossObservations: Sendable {
    public var n: [Double]
    public var d: [Double]
    public var loss: [Double]
    /// What happened while reading (rows dropped, points excluded).
    public var notes: [String]

    public init(n: [Double], d: [Double], loss: [Double], notes: [String] = []) {
        self.n = n; self.d = d; self.loss = loss; self.notes = notes
    }

    /// Reads a CSV: N from `nColumn`, L from `lossColumn`, D from `dColumn`
    /// or as FLOP/(6N) from `flopsColumn`. Rows with a missing or non-positive
    /// value are dropped with a note; then the `excludeTop` highest-loss rows
    /// are left out (Besiroglu et al. drop the 5 highest).
    public init(csv: String, nColumn: String, lossColumn: String, dColumn: String? = nil,
                flopsColumn: String? = nil, excludeTop: Int = 0) throws {
        let table = try NumericTable(csv: csv)
        let ns = try table.column(nColumn), ls = try table.column(lossColumn)
        let ds: [Double]
        if let dColumn {
            ds = try table.column(dColumn)
        } else if let flopsColumn {
            ds = zip(try table.column(flopsColumn), ns).map { $0 / (6 * $1) }
        } else {
            throw ChinchillaError.needTokens
        }
        var rows: [(Double, Double, Double)] = []
        var notes: [String] = []
        for i in ns.indices {
            let (n, d, l) = (ns[i], ds[i], ls[i])
            if n.isFinite && d.isFinite && l.isFinite && n > 0 && d > 0 && l > 0 {
                rows.append((n, d, l))
            } else {
                notes.append("row \(i + 2): missing or non-positive N, D or loss; left out")
            }
        }
        if excludeTop > 0 {
            guard excludeTop < rows.count else { throw ChinchillaError.tooFewPoints(got: 0) }
            rows.sort { $0.2 > $1.2 }
            notes.append("left out the \(excludeTop) highest-loss points")
            rows.removeFirst(excludeTop)
        }
        self.init(n: rows.map(\.0), d: rows.map(\.1), loss: rows.map(\.2), notes: notes)
    }
}

public enum ChinchillaError: Error, CustomStringConvertible, Equatable {
    case needTokens
    case tooFewPoints(got: Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .needTokens: return "fit-loss needs either --d-column or --flops-column to know the training tokens."
        case let .tooFewPoints(got): return "The Chinchilla law has 5 parameters and needs at least 6 points; there are \(got)."
        case let .invalid(why): return why
        }
    }
}

/// Options of the Approach-3 fit.
public struct ChinchillaOptions: Sendable {
    /// Huber threshold on the log-loss residual.
    public var delta: Double = 1e-3
    /// Starting points (a, b, e, α, β); default: Besiroglu et al.'s 4,500-point grid.
    public var starts: [[Double]] = ChinchillaOptions.besiroglu2024Grid
    /// Pairs-bootstrap replicates (0 = none); each refits from the full-data optimum.
    public var bootstrap: Int = 0
    public var seed: UInt64 = 0
    /// Parallel workers for the starts (default: active processors).
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    public init(delta: Double = 1e-3, bootstrap: Int = 0, seed: UInt64 = 0) {
        self.delta = delta; self.bootstrap = bootstrap; self.seed = seed
    }

    /// α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}: 4,500 starts.
    public static let besiroglu2024Grid: [[Double]] = {
        var g: [[Double]] = []
        let half = stride(from: 0.0, through: 2.0, by: 0.5), es = stride(from: -1.0, through: 1.0, by: 0.5)
        let abs = stride(from: 0.0, through: 25.0, by: 5.0)
        for alpha in half { for beta in half { for e in es { for a in abs { for b in abs {
            g.append([a, b, e, alpha, beta])
        } } } } }
        return g
    }()
}

/// Standard errors of the Chinchilla parameters (bootstrap s.d.).
public struct ChinchillaStandardErrors: Sendable, Codable, Equatable {
    public var E, A, B, alpha, beta: Double
}

/// L(N, D) = E + A/N^α + B/D^β fitted by Huber loss on log L (docs/design.md#fits).
public struct ChinchillaFit: Sendable, Codable, Equatable {
    public var E, A, B, alpha, beta: Double
    /// Σ Huber_δ(LSE(a − α ln N, b − β ln D, e) − ln L) at the optimum.
    public var huberLoss: Double
    /// Points fitted.
    public var n: Int
    public var stderr: ChinchillaStandardErrors?
    public var bootstrapReplicates: Int
    public var starts: Int
    public var notes: [String]

    public func predict(n: Double, d: Double) -> Double { E + A / pow(n, alpha) + B / pow(d, beta) }
}

/// The Approach-3 objective over (a, b, e, α, β) with A = e^a, B = e^b, E = e^e.
struct ChinchillaObjective {
    let lnN: [Double], lnD: [Double], lnL: [Double]
    /// Multiplicity of each point (bootstrap resamples weight points).
    let weights: [Double]
    let delta: Double

    func evaluate(_ t: [Double], _ grad: inout [Double]) -> Double {
        let a = t[0], b = t[1], e = t[2], alpha = t[3], beta = t[4]
        var f = 0.0, ga = 0.0, gb = 0.0, ge = 0.0, gAlpha = 0.0, gBeta = 0.0
        lnN.withUnsafeBufferPointer { ln in lnD.withUnsafeBufferPointer { ld in
            lnL.withUnsafeBufferPointer { ll in weights.withUnsafeBufferPointer { w in
                for i in 0..<ln.count {
                    let t1 = a - alpha * ln[i], t2 = b - beta * ld[i]
                    let m = max(t1, t2, e)
                    let x1 = Foundation.exp(t1 - m), x2 = Foundation.exp(t2 - m), x3 = Foundation.exp(e - m)
                    let sum = x1 + x2 + x3
                    let r = m + Foundation.log(sum) - ll[i]
                    let h: Double, dh: Double
                    if abs(r) <= delta { h = 0.5 * r * r; dh = r } else { h = delta * (abs(r) - 0.5 * delta); dh = r > 0 ? delta : -delta }
                    f += w[i] * h
                    let c = w[i] * dh / sum
                    ga += c * x1; gb += c * x2; ge += c * x3
                    gAlpha -= c * x1 * ln[i]; gBeta -= c * x2 * ld[i]
                }
            } }
        } }
        grad[0] = ga; grad[1] = gb; grad[2] = ge; grad[3] = gAlpha; grad[4] = gBeta
        return f
    }
}

/// Wide bounds that only keep the optimizer out of overflow (the published
/// optimum lies far inside).
let chinchillaLower: [Double] = [-50, -50, -10, 0, 0]
let chinchillaUpper: [Double] = [100, 100, 10, 10, 10]

/// Fits the Chinchilla law by Besiroglu et al. 2024's Approach 3: L-BFGS from
/// every start of the grid, keeping the lowest Huber loss; optional pairs
/// bootstrap for standard errors. Starts run in parallel.
public func fitChinchilla(_ data: LossObservations, options: ChinchillaOptions = ChinchillaOptions()) throws -> ChinchillaFit {
    let count = data.loss.count
    guard count >= 6 else { throw ChinchillaError.tooFewPoints(got: count) }
    let objective = ChinchillaObjective(lnN: data.n.map { Foundation.log($0) }, lnD: data.d.map { Foundation.log($0) },
                                        lnL: data.loss.map { Foundation.log($0) },
                                        weights: [Double](repeating: 1, count: count), delta: options.delta)
    guard let best = bestOfStarts(objective, starts: options.starts, workers: options.workers) else {
        throw ChinchillaError.invalid("The Chinchilla fit found no finite optimum from any start.")
    }
    // Polish the winner with a truly relative stopping test (see the bootstrap below).
    let polished = lbfgsMinimize(objective.evaluate, start: best.theta, lower: chinchillaLower, upper: chinchillaUpper,
                                 gtol: 1e-9, ftolFloor: 1e-300, maxIterations: 5000)
    let winner = polished.value.isFinite && polished.value <= best.value ? polished : best
    let t = winner.theta
    var fit = ChinchillaFit(E: Foundation.exp(t[2]), A: Foundation.exp(t[0]), B: Foundation.exp(t[1]), alpha: t[3], beta: t[4],
                            huberLoss: winner.value, n: count, stderr: nil, bootstrapReplicates: 0,
                            starts: options.starts.count, notes: data.notes)
    if options.bootstrap > 0 {
        // Pairs bootstrap expressed as integer weights, so the arrays never move.
        var rng = SplitMix64(seed: options.seed)
        let weightSets: [[Double]] = (0..<options.bootstrap).map { _ in
            var w = [Double](repeating: 0, count: count)
            for _ in 0..<count { w[rng.remainder(count)] += 1 }
            return w
        }
        let results = parallelMap(weightSets, workers: options.workers) { w -> [Double]? in
            let o = ChinchillaObjective(lnN: objective.lnN, lnD: objective.lnD, lnL: objective.lnL, weights: w, delta: options.delta)
            // A truly relative stopping test: started at the full-data optimum, SciPy's
            // max(|f|, 1) test would stop after one step and understate the spread.
            let s = lbfgsMinimize(o.evaluate, start: t, lower: chinchillaLower, upper: chinchillaUpper,
                                  gtol: 1e-9, ftolFloor: 1e-300, maxIterations: 5000)
            let values = [Foundation.exp(s.theta[2]), Foundation.exp(s.theta[0]), Foundation.exp(s.theta[1]), s.theta[3], s.theta[4]]
            return s.value.isFinite && values.allSatisfy(\.isFinite) ? values : nil
        }.compactMap { $0 }
        fit.bootstrapReplicates = results.count
        if results.count >= 2 {
            func sd(_ j: Int) -> Double { summarize(name: "", value: 0, replicates: results.map { $0[j] }).stderr ?? 0 }
            fit.stderr = ChinchillaStandardErrors(E: sd(0), A: sd(1), B: sd(2), alpha: sd(3), beta: sd(4))
        }
    }
    return fit
}

/// Runs L-BFGS from each start (in parallel) and returns the lowest.
func bestOfStarts(_ objective: ChinchillaObjective, starts: [[Double]], workers: Int) -> LBFGSSolution? {
    let solutions = parallelMap(starts, workers: workers) { start -> LBFGSSolution? in
        let s = lbfgsMinimize(objective.evaluate, start: start, lower: chinchillaLower, upper: chinchillaUpper, maxIterations: 2000)
        return s.value.isFinite && s.theta.allSatisfy(\.isFinite) ? s : nil
    }
    return solutions.compactMap { $0 }.min { $0.value < $1.value }
}

