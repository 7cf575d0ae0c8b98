/// Training compute of a GPT-2, the convention used for every ladder model.
///
/// Per token, forward + backward (Kaplan et al. 2020, Table 1, with the
/// backward pass costing twice the forward):
///
///     C_token = 6·N + 6·L·T·C
///
/// where N is the parameter count excluding the position embeddings but
/// including the tied token embedding once (it is the output matrix, a real
/// V×C matmul), L the depth, T the sequence length trained on and C the width.
/// The second term is attention's QKᵀ and attention·V products (2·L·T·C
/// multiply-adds forward, counted for the full T×T square although the mask
/// makes half of it zero, as Kaplan et al. do). Training FLOPs of a run =
/// Σ over sequences of C_token(T = its length) × its length: every real
/// position, whether or not its loss is used; a batch's padding is never
/// computed, so it is not counted.
public enum TrainingFLOPs {
    public static func perToken(config: GPT2Config, sequenceLength: Int) -> Double {
        let n = Double(config.parameterCount - config.contextLength * config.width)
        return 6 * n + 6 * Double(config.depth * sequenceLength * config.width)
    }

    public static func total(config: GPT2Config, sequenceLength: Int, tokens: Double) -> Double {
        perToken(config: config, sequenceLength: sequenceLength) * tokens
    }

    /// One batch of sequences with these real lengths. Equal lengths are
    /// grouped, so a batch of one length costs exactly
    /// `total(config:sequenceLength:tokens:)` of all its tokens.
    public static func total(config: GPT2Config, lengths: [Int]) -> Double {
        var sequences: [Int: Int] = [:]
        for length in lengths { sequences[length, default: 0] += 1 }
        return sequences.keys.sorted().reduce(0) { sum, length in
            sum + total(config: config, sequenceLength: length, tokens: Double(length * sequences[length]!))
        }
    }
}
