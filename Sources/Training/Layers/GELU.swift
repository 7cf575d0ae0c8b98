// GELU, tanh approximation (`gelu_new`):
// y = ½x(1 + tanh(u)),  u = √(2/π)(x + 0.044715x³),
// computed as y = x·σ(2u) = x / (1 + e^(−2u)) — the same function, since
// ½(1 + tanh u) = σ(2u) — which needs one exponential and one division,
// eight lanes at a time with `exp8` (see FastMath.swift).

/// √(2/π), a literal so reading it costs nothing.
private let geluScale: Float = 0.797_884_56

/// Forward: `out` = gelu(`inp`) over `count` values.
func geluForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
    @inline(__always) func step(_ i: Int, _ lanes: Int) {
        let x = load(inp + i, lanes)
        let e = exp8(-2 * geluScale * (x + 0.044715 * x * x * x))
        store(x / (1 + e), out + i, lanes)
    }
    forEachVector(count, step)
}

/// Backward: `dinp` = gelu'(`inp`) · `dout` (overwritten; may alias `dout`), where
/// with s = σ(2u): gelu'(x) = s + 2x·s(1 − s)·u′,  u′ = √(2/π)(1 + 3·0.044715x²).
func geluBackward(dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, dout: UnsafePointer<Float>, count: Int) {
    @inline(__always) func step(_ i: Int, _ lanes: Int) {
        let x = load(inp + i, lanes)
        let x2 = x * x
        let s = 1 / (1 + exp8(-2 * geluScale * (x + 0.044715 * x2 * x)))
        let slope = geluScale * (1 + 0.134145 * x2)
        let local = s + 2 * x * s * (1 - s) * slope
        store(local * load(dout + i, lanes), dinp + i, lanes)
    }
    forEachVector(count, step)
}
