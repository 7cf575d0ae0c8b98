// Token + position embedding: out[r,:] = wte[token[r], :] + wpe[t, :], where
// row r is position t of its sequence. Sequences lie back to back (no
// padding), `lengths` long each, so positions restart at every sequence.

/// Forward: `out` (Σ lengths, C) from `tokens` (Σ lengths).
func embeddingForward(out: UnsafeMutablePointer<Float>, tokens: UnsafePointer<Int32>,
                      wte: UnsafePointer<Float>, wpe: UnsafePointer<Float>, lengths: [Int], C: Int) {
    var r = 0
    for length in lengths {
        for t in 0..<length {
            let row = out + r * C
            let token = wte + Int(tokens[r]) * C
            let position = wpe + t * C
            @inline(__always) func step(_ i: Int, _ lanes: Int) {
                store(load(token + i, lanes) + load(position + i, lanes), row + i, lanes)
            }
            forEachVector(C, step)
            r += 1
        }
    }
}

/// Backward: accumulates `dout` into the rows of `dwte` and `dwpe` that were read.
func embeddingBackward(dwte: UnsafeMutablePointer<Float>, dwpe: UnsafeMutablePointer<Float>,
                       dout: UnsafePointer<Float>, tokens: UnsafePointer<Int32>, lengths: [Int], C: Int) {
    var r = 0
    for length in lengths {
        for t in 0..<length {
            let row = dout + r * C
            add(row, into: dwte + Int(tokens[r]) * C, C)
            add(row, into: dwpe + t * C, C)
            r += 1
        }
    }
}
