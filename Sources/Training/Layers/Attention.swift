import CBLAS
import Foundation

// Causal multi-head self-attention on the packed q|k|v projection
// (B, T, 3C), head h using channels h·hs ..< (h+1)·hs of each part.
// Scores are scaled by 1/√hs; `att` (B, NH, T, T) keeps the softmax
// probabilities (zero above the diagonal) for the backward pass.
//
// Each (batch, head) pair is independent and runs on its own thread; its
// products are small strided sgemms straight on the packed buffer (the
// strides select the head), so BLAS's vector kernels do the arithmetic.
// The full T×T square is multiplied; the zeros above the diagonal of `att`
// make the masked half contribute nothing.

func attentionForward(out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
                      qkv: UnsafePointer<Float>, B: Int, T: Int, C: Int, NH: Int) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    let C3 = 3 * C
    parallelFor(B * NH) { bh in
        let b = bh / NH, h = bh % NH
        let q = qkv + b * T * C3 + h * hs, k = q + C, v = q + 2 * C
        let scores = att + bh * T * T
        // scores = scale · Q Kᵀ
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(T), Int32(T), Int32(hs),
                    scale, q, Int32(C3), k, Int32(C3), 0, scores, Int32(T))
        for t in 0..<T {
            let row = scores + t * T
            var maximum = -Float.greatestFiniteMagnitude
            for t2 in 0...t where row[t2] > maximum { maximum = row[t2] }
            var sum: Float = 0
            for t2 in 0...t { let e = expf(row[t2] - maximum); row[t2] = e; sum += e }
            let inverse = 1 / sum
            for t2 in 0...t { row[t2] *= inverse }
            for t2 in (t + 1)..<max(t + 1, T) { row[t2] = 0 }
        }
        // Y = P V, written into the head's columns of `out`.
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(T), Int32(hs), Int32(T),
                    1, scores, Int32(T), v, Int32(C3), 0, out + b * T * C + h * hs, Int32(C))
    }
}

/// Backward: `dqkv` (B, T, 3C) is overwritten with the gradient of the packed
/// projection. `scratch` must hold B·NH·T·T floats (it takes d(att)).
func attentionBackward(dqkv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                       qkv: UnsafePointer<Float>, att: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>,
                       B: Int, T: Int, C: Int, NH: Int) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    let C3 = 3 * C
    parallelFor(B * NH) { bh in
        let b = bh / NH, h = bh % NH
        let q = qkv + b * T * C3 + h * hs, k = q + C, v = q + 2 * C
        let dq = dqkv + b * T * C3 + h * hs, dk = dq + C, dv = dq + 2 * C
        let dy = dout + b * T * C + h * hs
        let p = att + bh * T * T
        let dp = scratch + bh * T * T
        // dP = dY Vᵀ;  dV = Pᵀ dY
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(T), Int32(T), Int32(hs),
                    1, dy, Int32(C), v, Int32(C3), 0, dp, Int32(T))
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(T), Int32(hs), Int32(T),
                    1, p, Int32(T), dy, Int32(C), 0, dv, Int32(C3))
        // Softmax backward, scaled: dS = scale · P ⊙ (dP − rowsum(P ⊙ dP)).
        for t in 0..<T {
            let row = p + t * T, drow = dp + t * T
            var weighted: Float = 0
            for t2 in 0...t { weighted += row[t2] * drow[t2] }
            for t2 in 0...t { drow[t2] = row[t2] * (drow[t2] - weighted) * scale }
            for t2 in (t + 1)..<max(t + 1, T) { drow[t2] = 0 }
        }
        // dQ = dS K;  dK = dSᵀ Q
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(T), Int32(hs), Int32(T),
                    1, dp, Int32(T), k, Int32(C3), 0, dq, Int32(C3))
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(T), Int32(hs), Int32(T),
                    1, dp, Int32(T), q, Int32(C3), 0, dk, Int32(C3))
    }
}
