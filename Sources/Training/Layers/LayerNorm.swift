import Foundation

// LayerNorm over the last dimension: y = (x − mean) / sqrt(var + eps) · w + b,
// var the biased variance (PyTorch's). Forward keeps mean and 1/std per row
// for the backward pass.

func layerNormForward(out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
                      rstd: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                      weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, rows: Int, C: Int, eps: Float) {
    parallelRows(rows) { range in
        for r in range {
            let x = inp + r * C
            var sum: Float = 0
            for i in 0..<C { sum += x[i] }
            let m = sum / Float(C)
            var squares: Float = 0
            for i in 0..<C { let d = x[i] - m; squares += d * d }
            let s = 1 / (squares / Float(C) + eps).squareRoot()
            let y = out + r * C
            for i in 0..<C { y[i] = (x[i] - m) * s * weight[i] + bias[i] }
            mean[r] = m
            rstd[r] = s
        }
    }
}

/// Backward: accumulates into `dinp`, `dweight` and `dbias`.
func layerNormBackward(dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
                       dbias: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                       weight: UnsafePointer<Float>, mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                       rows: Int, C: Int) {
    // Input gradients row by row (in parallel); parameter gradients summed
    // over rows in a fixed order so results are bit-reproducible.
    parallelRows(rows) { range in
        for r in range {
            let x = inp + r * C, dy = dout + r * C, dx = dinp + r * C
            let m = mean[r], s = rstd[r]
            var dnormMean: Float = 0, dnormNormMean: Float = 0
            for i in 0..<C {
                let norm = (x[i] - m) * s
                let dnorm = weight[i] * dy[i]
                dnormMean += dnorm
                dnormNormMean += dnorm * norm
            }
            dnormMean /= Float(C)
            dnormNormMean /= Float(C)
            for i in 0..<C {
                let norm = (x[i] - m) * s
                let dnorm = weight[i] * dy[i]
                dx[i] += (dnorm - dnormMean - norm * dnormNormMean) * s
            }
        }
    }
    for r in 0..<rows {
        let x = inp + r * C, dy = dout + r * C
        let m = mean[r], s = rstd[r]
        for i in 0..<C {
            dbias[i] += dy[i]
            dweight[i] += (x[i] - m) * s * dy[i]
        }
    }
}
