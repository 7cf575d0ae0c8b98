// Token + position embedding: out[b,t,:] = wte[token[b,t], :] + wpe[t, :].

/// Forward: `out` (B·T, C) from `tokens` (B·T).
func embeddingForward(out: UnsafeMutablePointer<Float>, tokens: UnsafePointer<Int32>,
                      wte: UnsafePointer<Float>, wpe: UnsafePointer<Float>, B: Int, T: Int, C: Int) {
    for b in 0..<B {
        for t in 0..<T {
            let row = out + (b * T + t) * C
            let token = wte + Int(tokens[b * T + t]) * C
            let position = wpe + t * C
            @inline(__always) func step(_ i: Int, _ lanes: Int) {
                store(load(token + i, lanes) + load(position + i, lanes), row + i, lanes)
            }
            forEachVector(C, step)
        }
    }
}

/// Backward: accumulates `dout` into the rows of `dwte` and `dwpe` it came from.
func embeddingBackward(dwte: UnsafeMutablePointer<Float>, dwpe: UnsafeMutablePointer<Float>,
                       dout: UnsafePointer<Float>, tokens: UnsafePointer<Int32>, B: Int, T: Int, C: Int) {
    for b in 0..<B {
        for t in 0..<T {
            let row = dout + (b * T + t) * C
            let token = dwte + Int(tokens[b * T + t]) * C
            let position = dwpe + t * C
            add(row, into: token, C)
            add(row, into: position, C)
        }
    }
}
