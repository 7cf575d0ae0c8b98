import Foundation

/// How often each verdict comes out when the data are resampled
/// (docs/verdict.md, "The verdict's uncertainty").
public struct VerdictShares: Sendable, Equatable {
    /// Number of resamples behind the shares.
    public var resamples: Int
    /// Share of the resamples per verdict (verdicts that never came out are
    /// absent); the shares sum to 1.
    public var shares: [MirageVerdict: Double]

    /// A verdict whose share is below this (80%) is reported as uncertain.
    public static let certainty = 0.8

    public init(resamples: Int, counts: [MirageVerdict: Int]) {
        self.resamples = resamples
        let total = counts.values.reduce(0, +)
        shares = total > 0 ? counts.filter { $0.value > 0 }.mapValues { Double($0) / Double(total) } : [:]
    }

    public func share(of verdict: MirageVerdict) -> Double { shares[verdict] ?? 0 }

    /// Verdicts by share, largest first (ties in `MirageVerdict.allCases` order).
    public var ranked: [(verdict: MirageVerdict, share: Double)] {
        MirageVerdict.allCases.compactMap { v in shares[v].map { (v, $0) } }
            .enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map(\.element)
    }
}

/// Recomputes a group's verdict on resamples of its data.
///
/// Replicate r of every point (`CurvePoint.replicates`, drawn by the metric
/// layer: seeds, then examples; imported scores from their standard errors)
/// makes one resampled copy of every curve of the group. On it the surprise
/// is recomputed (ordinary least squares, cheap), and only where it reaches 3
/// the sigmoid-log check of the flag — one Levenberg–Marquardt run warm-started
/// from the point fit's optimum, without its own bootstrap (`QuickSigmoid`).
/// The verdict rule then runs on the resampled flags and values, so a
/// resample can also move a verdict to or from insufficient data. Standard
/// errors stay those of the point estimate (they set σ's floor). A point
/// without replicates keeps its value in every resample; a curve with none
/// keeps its point analysis.
struct VerdictResampler {
    let metrics: [CurveEmergence]

    init(_ metrics: [CurveEmergence]) { self.metrics = metrics }

    /// One metric's fixed parts.
    struct Prepared {
        var analysis: CurveEmergence
        var u: [Double]
        var x: [Double]
        var stderr: [Double?]
        var width: Double?
        /// +1 or −1: the orientation of the curve's values.
        var sign: Double
        /// Per point, its replicates (nil: exact).
        var replicates: [[Double]?]
        var resampled: Bool
        var sigmoid: QuickSigmoid
        var evidence: MetricEvidence
    }

    func run(resamples: Int) -> (shares: VerdictShares, surpriseIntervals: [ClosedRange<Double>?]) {
        let prepared = metrics.map { a -> Prepared in
            let c = a.curve
            let replicates = c.points.map(\.replicates)
            return Prepared(analysis: a, u: c.us, x: c.xs, stderr: c.points.map(\.stderr),
                            width: c.range.map { $0.upperBound - $0.lowerBound }, sign: c.higherIsBetter ? 1 : -1,
                            replicates: replicates, resampled: replicates.contains { $0 != nil },
                            sigmoid: QuickSigmoid(u: c.us, warmStart: a.sigmoid), evidence: MetricEvidence(a))
        }
        let modelCount = Set(metrics.flatMap { $0.curve.points.map(\.model) }).count
        var counts: [MirageVerdict: Int] = [:]
        var surprises = [[Double]](repeating: [], count: prepared.count)
        var evidence = prepared.map(\.evidence)
        for r in 0..<resamples {
            for (i, p) in prepared.enumerated() {
                guard p.resampled else { surprises[i].append(p.analysis.surprise.value); continue }
                var y = p.analysis.curve.orientedYs
                for j in y.indices {
                    if let reps = p.replicates[j], r < reps.count, reps[r].isFinite { y[j] = p.sign * reps[r] }
                }
                let s = Surprise(u: p.u, y: y, stderr: p.stderr, metricRange: p.width)
                var flagged = false
                if p.analysis.curve.metricClass != .nonlinear, let k = s.breakIndex,
                   s.value >= CurveEmergence.surpriseThreshold {
                    flagged = p.sigmoid.midpointAfter(y: y, x: p.x[k - 1])
                }
                evidence[i].y = y
                evidence[i].range = s.range
                evidence[i].surprise = s.value
                evidence[i].breakIndex = s.breakIndex
                evidence[i].flagged = flagged
                surprises[i].append(s.value)
            }
            counts[decideVerdict(evidence, modelCount: modelCount).verdict, default: 0] += 1
        }
        let intervals = surprises.map { values -> ClosedRange<Double>? in
            let sorted = values.filter(\.isFinite).sorted()
            guard !sorted.isEmpty else { return nil }
            return percentile(sorted, 0.025)...percentile(sorted, 0.975)
        }
        return (VerdictShares(resamples: resamples, counts: counts), intervals)
    }
}

/// The sigmoid-log part of the phase-transition flag for one resample:
/// does a sigmoid in log10 x rise (hi > lo) with its midpoint after x?
///
/// One bounded Levenberg–Marquardt run (at most 40 iterations) from the
/// point fit's optimum when there is one, else from the two best grid starts
/// — not the point fit's multi-start search and bootstrap, which would cost
/// as much as the whole analysis per resample.
struct QuickSigmoid {
    let v: [Double]
    let u0: Double
    let warm: [Double]?

    init(u: [Double], warmStart fit: CurveFit?) {
        let centre = u.isEmpty ? 0 : u.reduce(0, +) / Double(u.count)
        u0 = centre
        v = u.map { $0 - centre }
        // The point fit is centred on the same mean log10 x, so its internal parameters start here as they are.
        if let fit, fit.law == .sigmoidLog, abs(fit.curve.u0 - centre) < 1e-9 { warm = fit.curve.theta } else { warm = nil }
    }

    func midpointAfter(y: [Double], x: Double) -> Bool {
        guard Set(v).count >= LawName.sigmoidLog.parameterCount() else { return false }
        var fitter = LawFitter(law: .sigmoidLog, breaks: 1, v: v, y: y, scale: .linear)
        fitter.refineCount = 2
        let starts = warm.map { [$0] } ?? fitter.starts()
        guard let sol = fitter.fit(starts: starts, maxIterations: 40) else { return false }
        let t = sol.theta
        return t[1] > t[0] && pow(10, t[3] + u0) > x
    }
}
