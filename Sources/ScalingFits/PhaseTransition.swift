import Foundation

/// Everything docs/design.md#emergence-and-phase-transitions says about one curve: emergence score, surprise and
/// break, the phase-transition flag and the transition point.
public struct CurveEmergence: Sendable {
    public var curve: Curve
    /// Breakthroughness on the raw (original-orientation) values.
    public var score: EmergenceScore
    public var surprise: Surprise
    /// x of the first model after the break, when there is one.
    public var breakX: Double?
    /// surprise ≥ 3 and the sigmoid-log midpoint lies after the last model before the break.
    public var phaseTransition: Bool
    /// The sigmoid-log midpoint 10^m with its bootstrap interval, when flagged.
    public var transition: ParameterEstimate?
    /// The sigmoid-log fit of the oriented curve (nil when it could not be fitted).
    public var sigmoid: CurveFit?
    public var notes: [String]
    /// 95% interval of the surprise over the verdict's resamples (set by
    /// `mirageGroups` with resamples; nil otherwise).
    public var surpriseInterval: ClosedRange<Double>? = nil

    /// Threshold on surprise for the flag.
    public static let surpriseThreshold = 3.0
}

/// Scores a curve (docs/design.md#emergence-and-phase-transitions). `bootstrap` replicates give the transition
/// point's interval (seeded by `seed`).
public func analyzeEmergence(_ curve: Curve, bootstrap: Int = 200, seed: UInt64 = 0) -> CurveEmergence {
    let u = curve.us, oriented = curve.orientedYs
    let score = EmergenceScore(values: curve.ys)
    let width = curve.range.map { $0.upperBound - $0.lowerBound }
    let surprise = Surprise(u: u, y: oriented, stderr: curve.points.map(\.stderr), metricRange: width)
    var notes = curve.notes
    var flagged = false
    var transition: ParameterEstimate?
    var sigmoid: CurveFit?
    let breakX = surprise.breakIndex.map { curve.points[$0].x }
    if let k = surprise.breakIndex, surprise.value >= CurveEmergence.surpriseThreshold {
        do {
            let fit = try fitPoints(x: curve.xs, y: oriented,
                                    options: FitOptions(law: .sigmoidLog, bootstrap: bootstrap, seed: seed))
            sigmoid = fit
            if let t = fit.transition, fit.parameter("hi")!.value > fit.parameter("lo")!.value,
               t.value > curve.points[k - 1].x {
                flagged = true
                transition = t
            }
        } catch {
            notes.append("sigmoid-log fit failed: \(error)")
        }
    }
    return CurveEmergence(curve: curve, score: score, surprise: surprise, breakX: breakX,
                          phaseTransition: flagged, transition: transition, sigmoid: sigmoid, notes: notes)
}
