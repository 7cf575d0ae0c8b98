// The metric classes of docs/design.md#metrics-and-their-classes. EmergenceMetrics
// assigns them, ScalingFits votes with them and Reporting prints them; they
// live here because Reporting imports no other module of emerge's but this one.

/// How a metric responds to a model's per-token behaviour (Schaeffer,
/// Miranda & Koyejo 2023).
///
/// - `threshold`: discontinuous in the per-token behaviour (exact match,
///   multiple-choice grade): a small per-token gain can flip a whole answer.
/// - `perToken`: moves linearly or continuously with it (token accuracy, edit
///   distance, Brier, log-likelihood).
/// - `nonlinear`: continuous but compounding (P(target) ≈ p^L), so it can look
///   sudden too. Shown beside the others, never a vote in the mirage verdict.
public enum MetricClass: String, Sendable, Codable, CaseIterable, Hashable {
    case threshold
    case perToken = "per-token"
    case nonlinear
}
