import Foundation
import ResultsStore

/// Which metrics an output supports and their values, one example at a time.
///
/// What a record needs for each metric:
/// - `exact-match`: a `target` and an answer (`extracted_answer`, else
///   `generated`), which may equal any acceptable target (`target` or one of
///   `alternative_targets`). An answer extracted by BIG-bench's rules
///   (rule `bigbench`) must equal one exactly, as BIG-bench's
///   `exact_str_match` demands; others are compared under `AnswerNormalization`.
///   Without any generation, the teacher-forced summary stands
///   in: `target_greedy`, or every target token greedy — greedy decoding
///   would then produce the target exactly.
/// - `multiple-choice-grade`: at least two `choices` and a valid `gold`.
/// - `token-accuracy`: `target_tokens` with `greedy` (or `rank`) on each.
/// - `token-edit-distance`: both `generated_tokens` and `target_tokens`.
/// - `brier`: the multiple-choice form when there are ≥ 2 choices and a gold,
///   else the generation form from `target_tokens` (or `target_loglikelihood`).
/// - `log-likelihood`: `target_tokens`; for multiple choice without them, the
///   gold choice's log-likelihood divided by its `token_count` when known.
/// - `target-probability`: exp of the target tokens' summed log-probability,
///   else of `target_loglikelihood`, else of the gold choice's log-likelihood.
public enum RecordScoring {
    /// The metric values of one output record, indexed like `Metric.allCases`;
    /// NaN marks a metric the record cannot support.
    public static func values(of r: OutputRecord) -> [Double] {
        var v = [Double](repeating: .nan, count: Metric.allCases.count)
        func set(_ m: Metric, _ x: Double?) { if let x { v[m.index] = x } }

        let target = r.targetTokens.flatMap { $0.isEmpty ? nil : $0 }
        var isMultipleChoice = false
        if let choices = r.choices, choices.count >= 2, let gold = r.gold, choices.indices.contains(gold) {
            isMultipleChoice = true
            let lls = choices.map(\.loglikelihood)
            set(.multipleChoiceGrade, ExampleMetrics.multipleChoiceGrade(logLikelihoods: lls, gold: gold))
            set(.brier, ExampleMetrics.multipleChoiceBrier(logLikelihoods: lls, gold: gold))
            if target == nil {
                if let count = choices[gold].tokenCount, count > 0 {
                    set(.logLikelihood, choices[gold].loglikelihood / Double(count))
                }
                set(.targetProbability, Foundation.exp(choices[gold].loglikelihood))
            }
        }
        if let target {
            set(.tokenAccuracy, ExampleMetrics.tokenAccuracy(target))
            set(.logLikelihood, ExampleMetrics.logLikelihood(target))
            let sum = ExampleMetrics.sumLogProbability(target)
            set(.targetProbability, Foundation.exp(sum))
            if !isMultipleChoice { set(.brier, ExampleMetrics.generationBrier(targetLogProbability: sum)) }
            if let generated = r.generatedTokens {
                set(.tokenEditDistance, ExampleMetrics.tokenEditDistance(generated: generated, target: target))
            }
        } else if let sum = r.targetLoglikelihood {
            set(.targetProbability, Foundation.exp(sum))
            if !isMultipleChoice { set(.brier, ExampleMetrics.generationBrier(targetLogProbability: sum)) }
        }
        if let answer = answer(of: r), r.target != nil {
            set(.exactMatch, exactMatch(answer, r))
        } else if !isMultipleChoice, r.generated == nil, r.generatedTokens == nil {
            if let greedy = r.targetGreedy {
                set(.exactMatch, greedy ? 1 : 0)
            } else if let target, target.allSatisfy({ $0.greedy != nil }) {
                set(.exactMatch, target.allSatisfy { $0.greedy == true } ? 1 : 0)
            }
        }
        return v
    }

    /// The answer exact match compares: the extracted answer, else the generated text.
    public static func answer(of r: OutputRecord) -> String? { r.extractedAnswer ?? r.generated }

    /// Exact match of `answer` against the record's acceptable targets: as
    /// `exact_str_match` for BIG-bench answers, else under `AnswerNormalization`.
    public static func exactMatch(_ answer: String, _ r: OutputRecord) -> Double {
        let targets = r.acceptableTargets
        if r.extractionRule == OutputRecord.bigBenchExtractionRule {
            return ExampleMetrics.exactStringMatch(answer: answer, targets: targets)
        }
        return targets.contains { AnswerNormalization.matches(answer, $0) } ? 1 : 0
    }

    /// The metric values of one example from all its samples (records of the
    /// same run and example). Every metric is the mean over the samples that
    /// support it, except exact match under a `self-consistency` strategy:
    /// there the majority answer across samples is compared with the target
    /// (ties go to the answer seen first), as the strategy prescribes.
    public static func values(ofSamples samples: ArraySlice<OutputRecord>) -> [Double] {
        guard let first = samples.first else { return [Double](repeating: .nan, count: Metric.allCases.count) }
        if samples.count == 1 { return values(of: first) }
        var sums = [Double](repeating: 0, count: Metric.allCases.count)
        var counts = [Int](repeating: 0, count: Metric.allCases.count)
        for r in samples {
            for (i, x) in values(of: r).enumerated() where !x.isNaN { sums[i] += x; counts[i] += 1 }
        }
        var v = zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
        if (first.strategy ?? "").hasPrefix("self-consistency"), first.target != nil,
           let voted = majorityAnswer(samples.compactMap(answer(of:))) {
            v[Metric.exactMatch.index] = exactMatch(voted, first)
        }
        return v
    }

    /// The most frequent answer under exact match's normalization (numbers
    /// by value); ties go to the answer seen first. Nil for no answers.
    public static func majorityAnswer(_ answers: [String]) -> String? {
        var counts: [String: Int] = [:]
        var firstSeen: [String: (order: Int, answer: String)] = [:]
        for (i, a) in answers.enumerated() {
            let normalized = AnswerNormalization.normalize(a)
            let key = CanonicalNumber(normalized).map { "#\($0.negative ? "-" : "")\($0.digits)e\($0.exponent)" }
                ?? "=" + normalized
            counts[key, default: 0] += 1
            if firstSeen[key] == nil { firstSeen[key] = (i, a) }
        }
        return counts.max { a, b in
            a.value != b.value ? a.value < b.value : firstSeen[a.key]!.order > firstSeen[b.key]!.order
        }.map { firstSeen[$0.key]!.answer }
    }
}

extension Metric {
    /// Position in `Metric.allCases` (the layout of `RecordScoring` vectors).
    public var index: Int {
        switch self {
        case .exactMatch: return 0
        case .multipleChoiceGrade: return 1
        case .tokenAccuracy: return 2
        case .tokenEditDistance: return 3
        case .brier: return 4
        case .logLikelihood: return 5
        case .targetProbability: return 6
        }
    }
}
