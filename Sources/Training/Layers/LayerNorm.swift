// LayerNorm over the last dimension: y = (x − mean) / sqrt(var + eps) · w + b,
// var the biased variance (PyTorch's). Forward keeps mean and 1/std per row
// for the backward pass.

/// Forward over `rows` rows of `C` values.
func layerNormForward(out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
                      rstd: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                      weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, rows: Int, C: Int, eps: Float) {
    for r in 0..<rows {
        let x = inp + r * C, y = out + r * C
        let m = sum(x, C) / Float(C)
        var squares = Float8()
        @inline(__always) func accumulate(_ i: Int, _ lanes: Int) {
            let d = load(x + i, lanes, padding: m) - m  // missing lanes add 0
            squares += d * d
        }
        forEachVector(C, accumulate)
        let s = 1 / (squares.sum() / Float(C) + eps).squareRoot()
        @inline(__always) func normalize(_ i: Int, _ lanes: Int) {
            store((load(x + i, lanes) - m) * s * load(weight + i, lanes) + load(bias + i, lanes), y + i, lanes)
        }
        forEachVector(C, normalize)
        mean[r] = m
        rstd[r] = s
    }
}

/// Backward: accumulates into `dinp`, `dweight` and `dbias`. With n = (x − mean)·rstd
/// and dn = w ⊙ dy: dx = rstd · (dn − mean(dn) − n · mean(dn ⊙ n)), dw = Σ dy ⊙ n, db = Σ dy.
func layerNormBackward(dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
                       dbias: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                       weight: UnsafePointer<Float>, mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                       rows: Int, C: Int) {
    for r in 0..<rows {
        let x = inp + r * C, dy = dout + r * C, dx = dinp + r * C
        let m = mean[r], s = rstd[r]
        var dnormSum = Float8(), dnormNormSum = Float8()
        @inline(__always) func accumulate(_ i: Int, _ lanes: Int) {
            let norm = (load(x + i, lanes) - m) * s
            let dnorm = load(weight + i, lanes) * load(dy + i, lanes)  // missing lanes: 0
            dnormSum += dnorm
            dnormNormSum += dnorm * norm
        }
        forEachVector(C, accumulate)
        let dnormMean = dnormSum.sum() / Float(C), dnormNormMean = dnormNormSum.sum() / Float(C)
        @inline(__always) func propagate(_ i: Int, _ lanes: Int) {
            let norm = (load(x + i, lanes) - m) * s
            let g = load(dy + i, lanes)
            let dnorm = load(weight + i, lanes) * g
            store(load(dx + i, lanes) + (dnorm - dnormMean - norm * dnormNormMean) * s, dx + i, lanes)
            store(load(dweight + i, lanes) + norm * g, dweight + i, lanes)
            store(load(dbias + i, lanes) + g, dbias + i, lanes)
        }
        forEachVector(C, propagate)
    }
}
