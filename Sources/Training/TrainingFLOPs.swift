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
/// C_token × tokens processed (every position of every sequence, whether or
/// not its loss is used).
public enum TrainingFLOPs {
    public static func perToken(config: GPT2Config, sequenceLength: Int) -> Double {
        let n = Double(config.parameterCount - config.contextLength * config.width)
        return 6 * n + 6 * Double(config.depth * sequenceLength * config.width)
    }

    public static func total(config: GPT2Config, sequenceLength: Int, tokens: Double) -> Double {
        perToken(config: config, sequenceLength: sequenceLength) * tokens
    }
}
