import Foundation

// Softmax cross-entropy over the vocabulary, weighted per position:
// loss = Σ w_r · (−log p_r[target_r]) / Σ w_r. Weights are 1 on the
// positions trained on (the answer tokens, or every token) and 0 elsewhere.

/// Forward: fills `probs` (rows, V) and returns the weighted mean loss.
/// Per-row losses are summed in Double in row order (reproducible).
func crossEntropyForward(probs: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Float>,
                         logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
                         weights: UnsafePointer<Float>, rows: Int, V: Int) -> Float {
    parallelRows(rows) { range in
        for r in range {
            let z = logits + r * V, p = probs + r * V
            var maximum = -Float.greatestFiniteMagnitude
            for v in 0..<V where z[v] > maximum { maximum = z[v] }
            var sum: Float = 0
            for v in 0..<V { let e = expf(z[v] - maximum); p[v] = e; sum += e }
            let inverse = 1 / sum
            for v in 0..<V { p[v] *= inverse }
            // −log p[target] from the logits directly: accurate even when p underflows.
            losses[r] = logf(sum) + maximum - z[Int(targets[r])]
        }
    }
    var total = 0.0, weightSum = 0.0
    for r in 0..<rows {
        total += Double(weights[r]) * Double(losses[r])
        weightSum += Double(weights[r])
    }
    return weightSum > 0 ? Float(total / weightSum) : 0
}

/// Backward: `dlogits` = (p − onehot(target)) · w_r / Σ w (overwritten).
func crossEntropyBackward(dlogits: UnsafeMutablePointer<Float>, probs: UnsafePointer<Float>,
                          targets: UnsafePointer<Int32>, weights: UnsafePointer<Float>, rows: Int, V: Int) {
    var weightSum = 0.0
    for r in 0..<rows { weightSum += Double(weights[r]) }
    let normaliser = weightSum > 0 ? Float(1 / weightSum) : 0
    parallelRows(rows) { range in
        for r in range {
            let d = dlogits + r * V, p = probs + r * V
            let w = weights[r] * normaliser
            if w == 0 { for v in 0..<V { d[v] = 0 }; continue }
            for v in 0..<V { d[v] = p[v] * w }
            d[Int(targets[r])] -= w
        }
    }
}
