import Foundation

// Causal multi-head self-attention on the packed q|k|v projection
// (B, T, 3C), head h using channels h·hs ..< (h+1)·hs of each part.
// Scores are scaled by 1/√hs; `att` (B, NH, T, T) keeps the softmax
// probabilities (zero above the diagonal) for the backward pass.
// Every (batch, head) pair is independent and runs on its own thread.

func attentionForward(out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
                      qkv: UnsafePointer<Float>, B: Int, T: Int, C: Int, NH: Int) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    let C3 = 3 * C
    parallelFor(B * NH) { bh in
        let b = bh / NH, h = bh % NH
        let base = qkv + b * T * C3 + h * hs
        for t in 0..<T {
            let q = base + t * C3
            let row = att + (bh * T + t) * T
            var maximum = -Float.greatestFiniteMagnitude
            for t2 in 0...t {
                let k = base + t2 * C3 + C
                var dot: Float = 0
                for i in 0..<hs { dot += q[i] * k[i] }
                dot *= scale
                row[t2] = dot
                if dot > maximum { maximum = dot }
            }
            var sum: Float = 0
            for t2 in 0...t { let e = expf(row[t2] - maximum); row[t2] = e; sum += e }
            let inverse = 1 / sum
            for t2 in 0...t { row[t2] *= inverse }
            for t2 in (t + 1)..<max(t + 1, T) { row[t2] = 0 }
            let y = out + (b * T + t) * C + h * hs
            for i in 0..<hs { y[i] = 0 }
            for t2 in 0...t {
                let v = base + t2 * C3 + 2 * C
                let a = row[t2]
                for i in 0..<hs { y[i] += a * v[i] }
            }
        }
    }
}

/// Backward: `dqkv` (B, T, 3C) is overwritten with the gradient of the packed projection.
func attentionBackward(dqkv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                       qkv: UnsafePointer<Float>, att: UnsafePointer<Float>, B: Int, T: Int, C: Int, NH: Int) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    let C3 = 3 * C
    parallelFor(B * NH) { bh in
        let b = bh / NH, h = bh % NH
        let base = qkv + b * T * C3 + h * hs
        let dbase = dqkv + b * T * C3 + h * hs
        for t in 0..<T {
            for i in 0..<hs { dbase[t * C3 + i] = 0; dbase[t * C3 + C + i] = 0; dbase[t * C3 + 2 * C + i] = 0 }
        }
        var datt = [Float](repeating: 0, count: T)
        datt.withUnsafeMutableBufferPointer { dattBuffer in
            let dscore = dattBuffer.baseAddress!
            for t in 0..<T {
                let row = att + (bh * T + t) * T
                let dy = dout + (b * T + t) * C + h * hs
                // d(att) = dy · v, and dv += att · dy
                for t2 in 0...t {
                    let v = base + t2 * C3 + 2 * C
                    let dv = dbase + t2 * C3 + 2 * C
                    let a = row[t2]
                    var dot: Float = 0
                    for i in 0..<hs { dot += dy[i] * v[i]; dv[i] += a * dy[i] }
                    dscore[t2] = dot
                }
                // softmax backward: dscore = att · (datt − Σ att·datt)
                var weighted: Float = 0
                for t2 in 0...t { weighted += row[t2] * dscore[t2] }
                let q = base + t * C3
                let dq = dbase + t * C3
                for t2 in 0...t {
                    let g = row[t2] * (dscore[t2] - weighted) * scale
                    let k = base + t2 * C3 + C
                    let dk = dbase + t2 * C3 + C
                    for i in 0..<hs { dq[i] += g * k[i]; dk[i] += g * q[i] }
                }
            }
        }
    }
}
