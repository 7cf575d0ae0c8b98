import Foundation

// GELU, tanh approximation (`gelu_new`):
// y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
// Eight lanes at a time with `tanh8`; a scalar tail handles the remainder.

private let geluScale = Float((2.0 / Double.pi).squareRoot())

func geluForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
    parallelRows(count / 8, grain: 512) { range in
        for block in range {
            let x = load8(inp + 8 * block)
            let inner: Float8 = geluScale * (x + 0.044715 * x * x * x)
            let th: Float8 = tanh8(inner)
            store8(0.5 * x * (1 + th), out + 8 * block)
        }
    }
    for i in (count / 8 * 8)..<count {
        let x = inp[i]
        out[i] = 0.5 * x * (1 + tanhf(geluScale * (x + 0.044715 * x * x * x)))
    }
}

/// Backward: `dinp` = gelu'(inp) · `dout` (overwritten; may alias `dout`).
func geluBackward(dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, dout: UnsafePointer<Float>, count: Int) {
    parallelRows(count / 8, grain: 512) { range in
        for block in range {
            let x = load8(inp + 8 * block)
            let x2: Float8 = x * x
            let inner: Float8 = geluScale * (x + 0.044715 * x2 * x)
            let th: Float8 = tanh8(inner)
            let slope: Float8 = geluScale * (1 + 0.134145 * x2)
            let sech2: Float8 = 1 - th * th
            let local: Float8 = 0.5 * (1 + th) + 0.5 * x * sech2 * slope
            store8(local * load8(dout + 8 * block), dinp + 8 * block)
        }
    }
    for i in (count / 8 * 8)..<count {
        let x = inp[i]
        let th = tanhf(geluScale * (x + 0.044715 * x * x * x))
        let local = 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * geluScale * (1 + 3 * 0.044715 * x * x)
        dinp[i] = local * dout[i]
    }
}
