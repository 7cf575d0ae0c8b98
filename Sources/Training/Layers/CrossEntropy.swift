import Foundation

// Softmax cross-entropy over the vocabulary, weighted per position:
// loss = Σ w_r · (−log p_r[target_r]) / Σ w_r. Weights are 1 on the
// positions trained on (the answer tokens, or every token) and 0 elsewhere.

/// Forward: fills `probs` (rows, V) with the softmax of `logits` and
/// `losses` (rows) with −log p[target] of each row.
func crossEntropyForward(probs: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Float>,
                         logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, rows: Int, V: Int) {
    for r in 0..<rows {
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

/// Σ w_r (the loss's denominator), in Double in row order.
func weightSum(_ weights: UnsafePointer<Float>, rows: Int) -> Double {
    var total = 0.0
    for r in 0..<rows { total += Double(weights[r]) }
    return total
}

/// The loss Σ w_r·loss_r / Σ w_r (0 when no row is weighted), summed in
/// Double in row order so it is reproducible.
func weightedMeanLoss(losses: UnsafePointer<Float>, weights: UnsafePointer<Float>, rows: Int) -> Float {
    var total = 0.0
    for r in 0..<rows { total += Double(weights[r]) * Double(losses[r]) }
    let denominator = weightSum(weights, rows: rows)
    return denominator > 0 ? Float(total / denominator) : 0
}

/// Backward: `dlogits` = (p − onehot(target)) · w_r / `totalWeight` (overwritten),
/// `totalWeight` being Σ w over the whole batch (`weightSum`).
func crossEntropyBackward(dlogits: UnsafeMutablePointer<Float>, probs: UnsafePointer<Float>,
                          targets: UnsafePointer<Int32>, weights: UnsafePointer<Float>, totalWeight: Double,
                          rows: Int, V: Int) {
    let normaliser = totalWeight > 0 ? Float(1 / totalWeight) : 0
    for r in 0..<rows {
        let d = dlogits + r * V, p = probs + r * V
        let w = weights[r] * normaliser
        for v in 0..<V { d[v] = p[v] * w }
        d[Int(targets[r])] -= w
    }
}
