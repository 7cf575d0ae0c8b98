import CBLAS

// Hugging Face GPT-2's Conv1D: y = x·W + b with W stored (in, out), row-major.
// All rows of a shard go through one sgemm.

/// Forward: `out` (rows, outC) = `inp` (rows, inC) · `weight` (inC, outC) + `bias`,
/// plus `residual` (rows, outC) when given: the residual join folded into the
/// projection, so the branch never needs a buffer of its own.
func linearForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                   bias: UnsafePointer<Float>, rows: Int, inC: Int, outC: Int, residual: UnsafePointer<Float>? = nil) {
    // Seed `out` with the terms added to the product; sgemm accumulates (β = 1).
    for r in 0..<rows {
        let row = out + r * outC
        if let residual {
            let skip = residual + r * outC
            @inline(__always) func step(_ i: Int, _ lanes: Int) {
                store(load(skip + i, lanes) + load(bias + i, lanes), row + i, lanes)
            }
            forEachVector(outC, step)
        } else {
            copyRow(bias, to: row, outC)
        }
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(outC), Int32(inC),
                1, inp, Int32(inC), weight, Int32(outC), 1, out, Int32(outC))
}

/// Backward: `dinp` = `dout`·Wᵀ (overwritten), `dweight` += inpᵀ·dout, `dbias` += Σ rows of dout.
/// (A residual folded into the forward passes `dout` on unchanged; the caller keeps it.)
func linearBackward(dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
                    dbias: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                    weight: UnsafePointer<Float>, rows: Int, inC: Int, outC: Int) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(inC), Int32(outC),
                1, dout, Int32(outC), weight, Int32(outC), 0, dinp, Int32(inC))
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(inC), Int32(outC), Int32(rows),
                1, inp, Int32(inC), dout, Int32(outC), 1, dweight, Int32(outC))
    for r in 0..<rows { add(dout + r * outC, into: dbias, outC) }
}

/// The tied output head: `logits` (rows, V) = `inp` (rows, C) · wteᵀ.
func tiedHeadForward(logits: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, wte: UnsafePointer<Float>,
                     rows: Int, C: Int, V: Int) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(V), Int32(C),
                1, inp, Int32(C), wte, Int32(C), 0, logits, Int32(V))
}

/// Backward of the tied head: `dinp` = dlogits·wte (overwritten), `dwte` += dlogitsᵀ·inp.
func tiedHeadBackward(dinp: UnsafeMutablePointer<Float>, dwte: UnsafeMutablePointer<Float>,
                      dlogits: UnsafePointer<Float>, inp: UnsafePointer<Float>, wte: UnsafePointer<Float>,
                      rows: Int, C: Int, V: Int) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(C), Int32(V),
                1, dlogits, Int32(V), wte, Int32(C), 0, dinp, Int32(C))
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(V), Int32(C), Int32(rows),
                1, dlogits, Int32(V), inp, Int32(C), 1, dwte, Int32(C))
}
