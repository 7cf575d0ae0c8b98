import Foundation

/// The one-input laws of docs/design.md#fits. Every law is fitted in u = log10 x.
public enum LawName: String, CaseIterable, Sendable, Codable {
    /// y = a + b·u
    case linearLog = "linear-log"
    /// y = c + a·x^(−b), b > 0; a < 0 is the increasing mirror (scores rising to c).
    case power
    /// y = lo + (hi − lo) / (1 + exp(−k·(u − m))), k > 0; hi < lo gives a falling step.
    case sigmoidLog = "sigmoid-log"
    /// Caballero et al. 2022: y = a + b·x^(−c0)·Π_i (1 + (x/d_i)^(1/f_i))^(−c_i·f_i).
    case bnsl
    /// PassUntil task law: y = exp(−c·x^(−α)), for values in [0, 1].
    case taskLaw = "task-law"

    /// Number of parameters (for BNSL: with `breaks` breaks).
    public func parameterCount(breaks: Int = 1) -> Int {
        switch self {
        case .linearLog, .taskLaw: return 2
        case .power: return 3
        case .sigmoidLog: return 4
        case .bnsl: return 3 + 3 * breaks
        }
    }
}

/// A law with fitted parameters that can be evaluated at any x > 0.
///
/// Parameters are kept internally in centred units (v = u − u0, u0 the mean
/// log10 x of the fitted data) so that curves over 1e15…1e25 FLOPs stay well
/// conditioned; `parameters` converts them back to the published forms.
public struct LawCurve: Sendable, Codable, Equatable {
    public let law: LawName
    /// Number of BNSL breaks (0 for the other laws).
    public let breaks: Int
    let theta: [Double]
    let u0: Double

    init(law: LawName, breaks: Int, theta: [Double], u0: Double) {
        self.law = law; self.breaks = law == .bnsl ? breaks : 0; self.theta = theta; self.u0 = u0
    }

    /// The law's value at scale x (> 0).
    public func predict(x: Double) -> Double {
        LawMath.value(law, theta, Foundation.log10(x) - u0)
    }

    /// The parameters in the form of docs/design.md#fits (names as in the formulas:
    /// a, b, c, k, m, lo, hi, alpha, c0, c1, d1, f1, …). `m` is in log10 x.
    public var parameters: [(name: String, value: Double)] {
        let t = theta
        switch law {
        case .linearLog:
            return [("a", t[0] - t[1] * u0), ("b", t[1])]
        case .power:
            return [("c", t[0]), ("a", t[1] * pow(10, t[2] * u0)), ("b", t[2])]
        case .sigmoidLog:
            return [("lo", t[0]), ("hi", t[1]), ("k", t[2]), ("m", t[3] + u0)]
        case .taskLaw:
            return [("c", t[0] * pow(10, t[1] * u0)), ("alpha", t[1])]
        case .bnsl:
            var out: [(String, Double)] = [("a", t[0]), ("b", t[1] * pow(10, t[2] * u0)), ("c0", t[2])]
            for i in 0..<breaks {
                let base = 3 + 3 * i
                out.append(("c\(i + 1)", t[base]))
                out.append(("d\(i + 1)", pow(10, t[base + 1] + u0)))
                out.append(("f\(i + 1)", t[base + 2]))
            }
            return out
        }
    }

    /// The x where the law changes regime, when it has one: the sigmoid
    /// midpoint 10^m, or the first BNSL break d1.
    public var transitionX: Double? {
        switch law {
        case .sigmoidLog: return pow(10, theta[3] + u0)
        case .bnsl: return breaks > 0 ? pow(10, theta[4] + u0) : nil
        default: return nil
        }
    }
}

/// Values and gradients of the laws in centred internal parameters.
enum LawMath {
    static let ln10 = Foundation.log(10.0)

    @inline(__always) static func softplus(_ z: Double) -> Double {
        max(z, 0) + Foundation.log1p(Foundation.exp(-abs(z)))
    }

    @inline(__always) static func value(_ law: LawName, _ t: [Double], _ v: Double) -> Double {
        switch law {
        case .linearLog:
            return t[0] + t[1] * v
        case .power:
            return t[0] + t[1] * Foundation.exp(-t[2] * v * ln10)
        case .sigmoidLog:
            let s = 1 / (1 + Foundation.exp(-t[2] * (v - t[3])))
            return t[0] + (t[1] - t[0]) * s
        case .taskLaw:
            return Foundation.exp(-t[0] * Foundation.exp(-t[1] * v * ln10))
        case .bnsl:
            return t[0] + t[1] * Foundation.exp(bnslExponent(t, v))
        }
    }

    /// log of the BNSL product term b-less: −c0·ln x − Σ c_i f_i softplus(ln(x/d_i)/f_i), centred.
    @inline(__always) static func bnslExponent(_ t: [Double], _ v: Double) -> Double {
        var e = -t[2] * v * ln10
        var i = 3
        while i + 2 < t.count {
            let f = t[i + 2]
            e -= t[i] * f * softplus((v - t[i + 1]) * ln10 / f)
            i += 3
        }
        return e
    }

    /// ∂y/∂θ at v, written into g (count = θ.count).
    static func gradient(_ law: LawName, _ t: [Double], _ v: Double, _ g: inout [Double]) {
        switch law {
        case .linearLog:
            g[0] = 1; g[1] = v
        case .power:
            let e = Foundation.exp(-t[2] * v * ln10)
            g[0] = 1; g[1] = e; g[2] = -t[1] * e * v * ln10
        case .sigmoidLog:
            let s = 1 / (1 + Foundation.exp(-t[2] * (v - t[3])))
            let ds = (t[1] - t[0]) * s * (1 - s)
            g[0] = 1 - s; g[1] = s; g[2] = ds * (v - t[3]); g[3] = -ds * t[2]
        case .taskLaw:
            let e = Foundation.exp(-t[1] * v * ln10)
            let y = Foundation.exp(-t[0] * e)
            g[0] = -y * e; g[1] = y * t[0] * e * v * ln10
        case .bnsl:
            let p = Foundation.exp(bnslExponent(t, v))
            g[0] = 1; g[1] = p
            let bp = t[1] * p
            g[2] = -bp * v * ln10
            var i = 3
            while i + 2 < t.count {
                let c = t[i], d = t[i + 1], f = t[i + 2]
                let z = (v - d) * ln10 / f
                let sp = softplus(z)
                let sig = 1 / (1 + Foundation.exp(-z))
                g[i] = -bp * f * sp
                g[i + 1] = bp * c * sig * ln10
                // ∂/∂f of −c·f·sp(z(f)) = −c·sp + c·sig·z
                g[i + 2] = bp * (-c * sp + c * sig * z)
                i += 3
            }
        }
    }
}
