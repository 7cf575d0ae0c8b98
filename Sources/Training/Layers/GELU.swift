import Foundation

// GELU, tanh approximation (`gelu_new`):
// y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))).

private let geluScale = Float((2.0 / Double.pi).squareRoot())

func geluForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
    parallelRows(count, grain: 4096) { range in
        for i in range {
            let x = inp[i]
            out[i] = 0.5 * x * (1 + tanhf(geluScale * (x + 0.044715 * x * x * x)))
        }
    }
}

/// Backward: `dinp` = gelu'(inp) · `dout` (overwritten; may alias `dout`).
func geluBackward(dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, dout: UnsafePointer<Float>, count: Int) {
    parallelRows(count, grain: 4096) { range in
        for i in range {
            let x = inp[i]
            let cube = 0.044715 * x * x * x
            let argument = geluScale * (x + cube)
            let th = tanhf(argument)
            let sech2 = 1 - th * th
            let local = 0.5 * (1 + th) + 0.5 * x * sech2 * geluScale * (1 + 3 * 0.044715 * x * x)
            dinp[i] = local * dout[i]
        }
    }
}
