import CBLAS

// Hugging Face GPT-2's Conv1D: y = x·W + b with W stored (in, out), row-major.
// All B·T rows go through one sgemm.

/// Forward: `out` (rows, outC) = `inp` (rows, inC) · `weight` (inC, outC) + `bias`.
func linearForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                   bias: UnsafePointer<Float>?, rows: Int, inC: Int, outC: Int) {
    var beta: Float = 0
    if let bias {
        for r in 0..<rows { (out + r * outC).update(from: bias, count: outC) }
        beta = 1
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(outC), Int32(inC),
                1, inp, Int32(inC), weight, Int32(outC), beta, out, Int32(outC))
}

/// Backward: `dinp` = `dout`·Wᵀ (overwritten), `dweight` += inpᵀ·dout, `dbias` += Σ rows of dout.
func linearBackward(dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
                    dbias: UnsafeMutablePointer<Float>?, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                    weight: UnsafePointer<Float>, rows: Int, inC: Int, outC: Int) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(inC), Int32(outC),
                1, dout, Int32(outC), weight, Int32(outC), 0, dinp, Int32(inC))
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(inC), Int32(outC), Int32(rows),
                1, inp, Int32(inC), dout, Int32(outC), 1, dweight, Int32(outC))
    if let dbias {
        for r in 0..<rows {
            let row = dout + r * outC
            for o in 0..<outC { dbias[o] += row[o] }
        }
    }
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
