import Foundation
import ResultsStore

/// The per-example metrics of docs/design.md#metrics-and-their-classes as plain functions. Each returns nil
/// when its inputs are missing, so callers can tell "not applicable" from 0.
/// Log-probabilities are natural logs; all arithmetic is in Double.
public enum ExampleMetrics {
    // Exact match is `RecordScoring.exactMatch`: which answer and targets a
    // record offers, compared under the one rule in `Answers.AnswerRule`.

    /// 1 if the gold choice has the highest log-likelihood, else 0.
    ///
    /// Ties go to the lowest index, as numpy's `argmax` does, so the value
    /// equals lm-evaluation-harness's per-document `acc`. Nil when there are
    /// no choices or `gold` is out of range.
    public static func multipleChoiceGrade(logLikelihoods: [Double], gold: Int) -> Double? {
        guard logLikelihoods.indices.contains(gold) else { return nil }
        var best = 0
        for i in logLikelihoods.indices.dropFirst() where logLikelihoods[i] > logLikelihoods[best] { best = i }
        return best == gold ? 1 : 0
    }

    /// Σ_c (p_c − 1[c = gold])² with p = softmax(logLikelihoods), computed by
    /// log-sum-exp so very negative log-likelihoods do not underflow. Range
    /// 0…2. Equals lm-evaluation-harness's per-document `brier_score`.
    public static func multipleChoiceBrier(logLikelihoods: [Double], gold: Int) -> Double? {
        guard logLikelihoods.indices.contains(gold) else { return nil }
        let probabilities = softmax(logLikelihoods)
        var sum = 0.0
        for (c, p) in probabilities.enumerated() {
            let d = p - (c == gold ? 1 : 0)
            sum += d * d
        }
        return sum
    }

    /// The softmax of `logits` (stable: shifted by the maximum).
    public static func softmax(_ logits: [Double]) -> [Double] {
        guard let m = logits.max(), m.isFinite else {
            // All −∞ (or +∞ present): fall back to mass on the maxima.
            let top = logits.max() ?? 0
            let hits = logits.filter { $0 == top }.count
            return logits.map { $0 == top ? 1 / Double(hits) : 0 }
        }
        let exps = logits.map { Foundation.exp($0 - m) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// Generation Brier: (1 − P(target))² with P(target) = exp(sumLogProb). Range 0…1.
    public static func generationBrier(targetLogProbability sumLogProb: Double) -> Double {
        let p = Foundation.exp(sumLogProb)
        return (1 - p) * (1 - p)
    }

    /// Fraction of target tokens that were the greedy token under teacher
    /// forcing (`greedy`, else `rank == 1`). Nil when empty or when a token
    /// says neither.
    public static func tokenAccuracy(_ tokens: [TokenRecord]) -> Double? {
        guard !tokens.isEmpty else { return nil }
        var hits = 0
        for t in tokens {
            guard let greedy = t.greedy ?? t.rank.map({ $0 == 1 }) else { return nil }
            if greedy { hits += 1 }
        }
        return Double(hits) / Double(tokens.count)
    }

    /// Levenshtein distance between the generated and target token ids.
    public static func tokenEditDistance(generated: [TokenRecord], target: [TokenRecord]) -> Double {
        Double(levenshteinDistance(generated.map(\.tokenID), target.map(\.tokenID)))
    }

    /// Mean log-probability of the target tokens (nil when there are none).
    public static func logLikelihood(_ tokens: [TokenRecord]) -> Double? {
        guard !tokens.isEmpty else { return nil }
        return sumLogProbability(tokens) / Double(tokens.count)
    }

    /// P(target) = exp(Σ log p) (nil when there are no tokens).
    public static func targetProbability(_ tokens: [TokenRecord]) -> Double? {
        guard !tokens.isEmpty else { return nil }
        return Foundation.exp(sumLogProbability(tokens))
    }

    /// Σ log p over the tokens.
    public static func sumLogProbability(_ tokens: [TokenRecord]) -> Double {
        var s = 0.0
        for t in tokens { s += t.logprob }
        return s
    }
}
