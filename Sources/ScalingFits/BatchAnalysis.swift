import EmergeSupport
import Foundation

/// A curve with its fit, or the reason it could not be fitted.
public struct CurveFitOutcome: Sendable {
    public var curve: Curve
    public var result: Result<CurveFit, FitError>

    public var fit: CurveFit? { try? result.get() }
    public var error: FitError? {
        if case .failure(let e) = result { return e }
        return nil
    }
}

/// Fits every curve (in parallel; results in input order). Each curve's
/// bootstrap is seeded by `options.seed` mixed with the curve's position.
public func fitCurves(_ curves: [Curve], options: FitOptions = FitOptions(),
                      workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [CurveFitOutcome] {
    let indexed = Array(curves.enumerated())
    return parallelMap(indexed, workers: workers) { i, curve in
        var o = options
        o.seed = options.seed &+ UInt64(i) &* 0x9E37_79B9
        do {
            return CurveFitOutcome(curve: curve, result: .success(try fitCurve(curve, options: o)))
        } catch let e as FitError {
            return CurveFitOutcome(curve: curve, result: .failure(e))
        } catch {
            return CurveFitOutcome(curve: curve, result: .failure(.noConvergence(law: options.law ?? .linearLog)))
        }
    }
}

/// Emergence analysis (docs/design.md#emergence-and-phase-transitions) of every curve, in parallel, in input order.
public func analyzeCurves(_ curves: [Curve], bootstrap: Int = 200, seed: UInt64 = 0,
                          workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [CurveEmergence] {
    let indexed = Array(curves.enumerated())
    return parallelMap(indexed, workers: workers) { i, curve in
        analyzeEmergence(curve, bootstrap: bootstrap, seed: seed &+ UInt64(i) &* 0x9E37_79B9)
    }
}
