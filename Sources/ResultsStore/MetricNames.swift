/// Names of aggregate metrics as they appear in imported score tables.
public enum MetricNames {
    /// Metric names recognised as the suffix of a wide score table's column
    /// (docs/design.md#cli-contract). The longest one that ends a column name wins, so
    /// `arc_acc_norm` is task `arc`, metric `acc_norm`.
    public static let knownSuffixes: [String] = [
        "acc", "acc_norm", "accuracy", "exact_match", "em", "f1", "bleu", "chrf", "ter", "rouge", "rouge1",
        "rouge2", "rougeL", "brier_score", "brier", "loss", "perplexity", "ppl", "word_perplexity",
        "byte_perplexity", "bits_per_byte", "mc1", "mc2", "mcg", "multiple_choice_grade", "pass@1",
        "token_accuracy", "token_edit_distance", "log_likelihood", "target_probability", "exact_str_match",
    ]

    /// The task kind a metric suggests for a task known only through scores:
    /// accuracies over choices → multiple choice, losses → loss, else generation.
    static func guessTaskKind(metric: String) -> TaskKind {
        let m = metric.lowercased()
        if m.hasPrefix("acc") || m.hasPrefix("mc") || m.contains("multiple_choice") || m.hasPrefix("brier") {
            return .multipleChoice
        }
        if m.contains("perplexity") || m.hasPrefix("ppl") || m.hasPrefix("loss") || m.contains("bits_per_byte") {
            return .loss
        }
        return .generation
    }
}
