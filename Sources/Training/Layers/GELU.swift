// GELU, tanh approximation (`gelu_new`):
// y = ½x(1 + tanh(u)),  u = √(2/π)(x + 0.044715x³),
// computed as y = x·σ(2u) = x / (1 + e^(−2u)) — the same function, since
// ½(1 + tanh u) = σ(2u) — which needs one exponential and one division,
// eight lanes at a time with InferenceCore's `VectorMath.exp`.
//
// The forward pass also writes the slope gelu'(x), so the backward pass is
// one multiply instead of a second exponential and two divisions.

import InferenceCore

/// √(2/π), a literal so reading it costs nothing.
private let geluScale: Float = 0.797_884_56

/// Forward: `out` = gelu(`inp`) and `slope` = gelu'(`inp`) over `count`
/// values, where with s = σ(2u): gelu'(x) = s + 2x·s(1 − s)·u′,
/// u′ = √(2/π)(1 + 3·0.044715x²). `slope` may alias `inp` (the pre-activation
/// is not needed once its slope is known).
func geluForward(out: UnsafeMutablePointer<Float>, slope: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
    @inline(__always) func step(_ i: Int, _ lanes: Int) {
        let x = load(inp + i, lanes)
        let x2 = x * x
        let u: Float8 = -2 * geluScale * (x + 0.044715 * x2 * x)
        let e: Float8 = VectorMath.exp(u)
        let s: Float8 = 1 / (1 + e)
        store(x * s, out + i, lanes)
        let sigmoidSlope: Float8 = 2 * x * s * (1 - s)
        let innerSlope: Float8 = geluScale * (1 + 0.134145 * x2)
        store(s + sigmoidSlope * innerSlope, slope + i, lanes)
    }
    forEachVector(count, step)
}

/// Backward: `dinp` = `slope` · `dout` (overwritten; may alias `dout`), with
/// `slope` as the forward pass left it.
func geluBackward(dinp: UnsafeMutablePointer<Float>, slope: UnsafePointer<Float>, dout: UnsafePointer<Float>, count: Int) {
    @inline(__always) func step(_ i: Int, _ lanes: Int) {
        store(load(slope + i, lanes) * load(dout + i, lanes), dinp + i, lanes)
    }
    forEachVector(count, step)
}
