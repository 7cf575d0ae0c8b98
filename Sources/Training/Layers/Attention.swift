import CBLAS

// Causal multi-head self-attention on the packed q|k|v projection
// (B, T, 3C), head h using channels h·hs ..< (h+1)·hs of each part.
// Scores are scaled by 1/√hs; `att` (B, NH, T, T) keeps the softmax
// probabilities (zero above the diagonal) for the backward pass.
//
// Each (sequence, head) pair's products are small strided sgemms straight on
// the packed buffer (the strides select the head): OpenBLAS's AVX2 kernels
// beat any loop written here even on 32×32 blocks. The full T×T square is
// multiplied; the zeros above the diagonal of `att` make the masked half
// contribute nothing. The row softmax and its backward run eight lanes at a
// time. Sequences and heads run one after another: the model already runs
// one shard of the batch per core.

/// Forward: `out` (B, T, C) with each head's output in its channels.
func attentionForward(out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
                      qkv: UnsafePointer<Float>, B: Int, T: Int, C: Int, NH: Int) {
    let hs = C / NH, C3 = 3 * C
    let scale = 1 / Float(hs).squareRoot()
    for bh in 0..<(B * NH) {
        let b = bh / NH, h = bh % NH
        let q = qkv + b * T * C3 + h * hs, k = q + C, v = q + 2 * C
        let scores = att + bh * T * T
        // scores = scale · Q Kᵀ
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(T), Int32(T), Int32(hs),
                    scale, q, Int32(C3), k, Int32(C3), 0, scores, Int32(T))
        for t in 0..<T { causalSoftmax(scores + t * T, visible: t + 1, length: T) }
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
    let hs = C / NH, C3 = 3 * C
    let scale = 1 / Float(hs).squareRoot()
    for bh in 0..<(B * NH) {
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
        for t in 0..<T { causalSoftmaxBackward(dp + t * T, probabilities: p + t * T, visible: t + 1, length: T, scale: scale) }
        // dQ = dS K;  dK = dSᵀ Q
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(T), Int32(hs), Int32(T),
                    1, dp, Int32(T), k, Int32(C3), 0, dq, Int32(C3))
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(T), Int32(hs), Int32(T),
                    1, dp, Int32(T), q, Int32(C3), 0, dk, Int32(C3))
    }
}

/// Replaces the first `visible` scores of `row` by their softmax and zeroes
/// the rest of its `length` entries (the positions the mask hides).
@inline(__always)
private func causalSoftmax(_ row: UnsafeMutablePointer<Float>, visible: Int, length: Int) {
    var maximum = -Float.greatestFiniteMagnitude
    for i in 0..<visible { maximum = max(maximum, row[i]) }
    @inline(__always) func exponentiate(_ i: Int, _ lanes: Int) { store(exp8(load(row + i, lanes) - maximum), row + i, lanes) }
    forEachVector(visible, exponentiate)
    let inverse = 1 / sum(row, visible)
    @inline(__always) func normalize(_ i: Int, _ lanes: Int) { store(load(row + i, lanes) * inverse, row + i, lanes) }
    forEachVector(visible, normalize)
    (row + visible).update(repeating: 0, count: length - visible)
}

/// Softmax backward on one row, scaled: dS = scale · P ⊙ (dP − Σ P ⊙ dP),
/// overwriting `gradient` (dP on entry); the hidden positions get 0.
@inline(__always)
private func causalSoftmaxBackward(_ gradient: UnsafeMutablePointer<Float>, probabilities p: UnsafePointer<Float>,
                                   visible: Int, length: Int, scale: Float) {
    let weighted = dot(p, gradient, visible)
    @inline(__always) func step(_ i: Int, _ lanes: Int) {
        store(load(p + i, lanes) * (load(gradient + i, lanes) - weighted) * scale, gradient + i, lanes)
    }
    forEachVector(visible, step)
    (gradient + visible).update(repeating: 0, count: length - visible)
}
