// Causal multi-head self-attention on the packed q|k|v projection: rows of
// 3C values, sequences back to back (`lengths` rows each, no padding), head h
// using channels h·hs ..< (h+1)·hs of each part. Scores are scaled by 1/√hs;
// `att` keeps each sequence's softmax probabilities (NH blocks of L × L,
// zero above the diagonal, sequences back to back) for the backward pass.
//
// Each (sequence, head) pair's six products run as register tiles
// (TileProduct.swift) on padded copies of the head's slices, and only over
// the causal triangle: score tiles right of the diagonal are skipped, and
// the sums with P or dS stop (or start) at the diagonal. The row softmax and
// its backward run eight lanes at a time, in place in the scratch, so the
// only T × T matrix that leaves it is P (dS lives and dies in the scratch;
// kept whole, it would be 26 MB for a batch of 32 rows of 224 positions). Sequences
// and heads run one after another: the model already runs one shard of the
// batch per core.

import InferenceCore

/// One head's padded operands, allocated once per call and reused for every
/// (sequence, head) pair.
private struct HeadScratch {
    let queries, keys, values, gradient, result: TileScratch  // T × hs each
    let transposed: TileScratch                               // hs × T
    let square, probabilities: TileScratch                    // T × T each

    init(T: Int, hs: Int) {
        queries = TileScratch(rows: T, columns: hs); keys = TileScratch(rows: T, columns: hs)
        values = TileScratch(rows: T, columns: hs); gradient = TileScratch(rows: T, columns: hs)
        result = TileScratch(rows: T, columns: hs)
        transposed = TileScratch(rows: hs, columns: T)
        square = TileScratch(rows: T, columns: T); probabilities = TileScratch(rows: T, columns: T)
    }

    /// Tiles of a T-wide row block that reach the diagonal: rows 4i…4i+3 see columns ≤ 4i + 3.
    func causalTiles(_ block: Int) -> Int { min(square.columns / 16, (4 * block + 3) / 16 + 1) }
}

/// Forward: `out` (rows of C) with each head's output in its channels.
func attentionForward(out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
                      qkv: UnsafePointer<Float>, lengths: [Int], C: Int, NH: Int) {
    let hs = C / NH, C3 = 3 * C
    let scale = 1 / Float(hs).squareRoot()
    let s = HeadScratch(T: lengths.max() ?? 0, hs: hs)
    var row = 0, block = 0
    for L in lengths {
        let rowBlocks = (L + 3) / 4
        for h in 0..<NH {
            let q = qkv + row * C3 + h * hs, k = q + C, v = q + 2 * C
            let p = att + block + h * L * L
            // S = scale · Q Kᵀ on and below the diagonal, then P = softmax by row,
            // in place (the scratch keeps P for the next product; `att` gets a copy).
            s.queries.load(q, rows: L, width: hs, stride: C3)
            s.transposed.loadTransposed(k, rows: L, width: hs, stride: C3)
            tileProduct(s.queries, s.transposed, into: s.square, scale: scale, rowBlocks: rowBlocks,
                        terms: { _ in 0..<hs }, columnTiles: s.causalTiles)
            for t in 0..<L {
                let scores = s.square.pointer + t * s.square.columns
                causalSoftmax(scores, visible: t + 1, length: L)
                copyRow(scores, to: p + t * L, L)
            }
            // Y = P V: row t sums over keys ≤ t only.
            s.values.load(v, rows: L, width: hs, stride: C3)
            tileProduct(s.square, s.values, into: s.result, rowBlocks: rowBlocks,
                        terms: { 0..<min(L, 4 * $0 + 4) }, columnTiles: { _ in s.result.columns / 16 })
            s.result.store(to: out + row * C + h * hs, rows: L, width: hs, stride: C)
        }
        row += L; block += NH * L * L
    }
}

/// Backward: `dqkv` (rows of 3C) is overwritten with the gradient of the
/// packed projection; `att` holds the probabilities the forward pass kept.
func attentionBackward(dqkv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                       qkv: UnsafePointer<Float>, att: UnsafePointer<Float>, lengths: [Int], C: Int, NH: Int) {
    let hs = C / NH, C3 = 3 * C
    let scale = 1 / Float(hs).squareRoot()
    let s = HeadScratch(T: lengths.max() ?? 0, hs: hs)
    let allTiles = s.result.columns / 16
    var row = 0, block = 0
    for L in lengths {
        let rowBlocks = (L + 3) / 4
        for h in 0..<NH {
            let q = qkv + row * C3 + h * hs, k = q + C, v = q + 2 * C
            let dq = dqkv + row * C3 + h * hs, dk = dq + C, dv = dq + 2 * C
            // dP = dY Vᵀ on and below the diagonal, then dS = scale · P ⊙ (dP − Σ P ⊙ dP)
            // by row, in place: dS never leaves the scratch.
            s.gradient.load(dout + row * C + h * hs, rows: L, width: hs, stride: C)
            s.transposed.loadTransposed(v, rows: L, width: hs, stride: C3)
            tileProduct(s.gradient, s.transposed, into: s.square, rowBlocks: rowBlocks,
                        terms: { _ in 0..<hs }, columnTiles: s.causalTiles)
            s.probabilities.load(att + block + h * L * L, rows: L, width: L, stride: L)
            for t in 0..<L {
                causalSoftmaxBackward(s.square.pointer + t * s.square.columns,
                                      probabilities: s.probabilities.pointer + t * s.probabilities.columns,
                                      visible: t + 1, length: L, scale: scale)
            }
            // dQ = dS K (row t sums over keys ≤ t).
            s.keys.load(k, rows: L, width: hs, stride: C3)
            tileProduct(s.square, s.keys, into: s.result, rowBlocks: rowBlocks,
                        terms: { 0..<min(L, 4 * $0 + 4) }, columnTiles: { _ in allTiles })
            s.result.store(to: dq, rows: L, width: hs, stride: C3)
            // dV = Pᵀ dY and dK = dSᵀ Q: key j sums over queries t ≥ j (P and dS read transposed in place).
            tileProduct(s.probabilities, s.gradient, into: s.result, transposingA: true, rowBlocks: rowBlocks,
                        terms: { (4 * $0)..<L }, columnTiles: { _ in allTiles })
            s.result.store(to: dv, rows: L, width: hs, stride: C3)
            s.queries.load(q, rows: L, width: hs, stride: C3)
            tileProduct(s.square, s.queries, into: s.result, transposingA: true, rowBlocks: rowBlocks,
                        terms: { (4 * $0)..<L }, columnTiles: { _ in allTiles })
            s.result.store(to: dk, rows: L, width: hs, stride: C3)
        }
        row += L; block += NH * L * L
    }
}

/// Replaces the first `visible` scores of `row` by their softmax and zeroes
/// the rest of its `length` entries (the positions the mask hides).
@inline(__always)
private func causalSoftmax(_ row: UnsafeMutablePointer<Float>, visible: Int, length: Int) {
    let maximum = largest(row, visible)
    @inline(__always) func exponentiate(_ i: Int, _ lanes: Int) { store(VectorMath.exp(load(row + i, lanes) - maximum), row + i, lanes) }
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
