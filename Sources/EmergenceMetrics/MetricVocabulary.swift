// The metric vocabulary of docs/design.md#metrics-and-their-classes: names, classes, directions and ranges.
// ScalingFits and Reporting code against these names; keep them stable.

import EmergeSupport
import ResultsStore

/// The seven per-example metrics emerge computes from stored outputs (docs/design.md#metrics-and-their-classes).
///
/// `rawValue` is the metric's public name, as typed on the command line and
/// printed in every listing.
public enum Metric: String, Sendable, Codable, CaseIterable, Hashable {
    /// 1 when the extracted answer (else the generated text) equals the target
    /// under `AnswerRule`; see `RecordScoring.exactMatch`.
    case exactMatch = "exact-match"
    /// 1 when the choice with the highest log-likelihood is the gold choice.
    case multipleChoiceGrade = "multiple-choice-grade"
    /// Fraction of target tokens that were the greedy token under teacher forcing.
    case tokenAccuracy = "token-accuracy"
    /// Levenshtein distance between generated and target token ids.
    case tokenEditDistance = "token-edit-distance"
    /// Multiple choice: Σ_c (softmax(ll)_c − 1[c = gold])²; generation: (1 − P(target))².
    case brier
    /// Mean log-probability (nats) of the target tokens under teacher forcing.
    case logLikelihood = "log-likelihood"
    /// P(target) = exp(Σ target-token log-probabilities).
    case targetProbability = "target-probability"

    /// The metric's public name (same as `rawValue`).
    public var name: String { rawValue }

    /// Threshold, per-token or nonlinear (docs/design.md#metrics-and-their-classes table).
    public var metricClass: MetricClass {
        switch self {
        case .exactMatch, .multipleChoiceGrade: return .threshold
        case .tokenAccuracy, .tokenEditDistance, .brier, .logLikelihood: return .perToken
        case .targetProbability: return .nonlinear
        }
    }

    /// The class of this metric on a task of `kind`. Brier is per-token on
    /// multiple choice (a smooth function of the choice log-likelihoods), but
    /// on generation its form (1 − P(target))² compounds the per-token
    /// probabilities exactly as target probability does (P ≈ p^L), so there
    /// it is nonlinear: shown, but it does not vote in the mirage verdict.
    public func metricClass(for kind: TaskKind) -> MetricClass {
        if self == .brier, kind != .multipleChoice { return .nonlinear }
        return metricClass
    }

    /// Whether a larger value is better (false for edit distance and Brier).
    public var higherIsBetter: Bool {
        switch self {
        case .tokenEditDistance, .brier: return false
        default: return true
        }
    }

    /// The values the metric can take, or nil when unbounded
    /// (token edit distance is ≥ 0 without an upper bound; log-likelihood is ≤ 0
    /// without a lower bound). Brier spans 0…2 (multiple choice; the
    /// generation form stays within 0…1).
    public var range: ClosedRange<Double>? {
        switch self {
        case .exactMatch, .multipleChoiceGrade, .tokenAccuracy, .targetProbability: return 0...1
        case .brier: return 0...2
        case .tokenEditDistance, .logLikelihood: return nil
        }
    }

    /// The metric with this public name, if it is one of the seven.
    public init?(name: String) { self.init(rawValue: name) }
}
