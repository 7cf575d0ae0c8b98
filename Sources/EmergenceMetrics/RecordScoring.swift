import Foundation
import ResultsStore
import TaskSuite

/// Which metrics an output supports and their values, one example at a time.
///
/// What a record needs for each metric:
/// - `exact-match`: a `target` and an answer (`extracted_answer`, else
///   `generated`), which may equal any acceptable target (`target` or one of
///   `alternative_targets`, read as `comparedTargets(of:)` says) under
///   `AnswerRule` (see `answerRule(of:)`; docs/answers.md).
///   Without any generation, the teacher-forced summary stands
///   in: `target_greedy`, or every target token greedy — greedy decoding
///   would then produce the target exactly. An output whose rule says it
///   holds no answer by design (`abstained`, `malformed-json`) scores 0: its
///   generated text is never compared with the target.
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
        } else if r.target != nil, withholdsAnswer(r) {
            set(.exactMatch, 0)
        } else if !isMultipleChoice, r.generated == nil, r.generatedTokens == nil {
            if let greedy = r.targetGreedy {
                set(.exactMatch, greedy ? 1 : 0)
            } else if let target, target.allSatisfy({ $0.greedy != nil }) {
                set(.exactMatch, target.allSatisfy { $0.greedy == true } ? 1 : 0)
            }
        }
        return v
    }

    /// The answer exact match compares: the extracted answer, else the
    /// generated text; nil for an output that holds no answer by design
    /// (`withholdsAnswer(_:)`).
    public static func answer(of r: OutputRecord) -> String? {
        withholdsAnswer(r) ? nil : r.extractedAnswer ?? r.generated
    }

    /// Whether the output's extraction rule says it holds no answer by design:
    /// the model abstained (`abstained`) or its JSON answer could not be read
    /// (`malformed-json`) — counted apart by the reports, scored 0 by exact match.
    public static func withholdsAnswer(_ r: OutputRecord) -> Bool {
        r.extractionRule.flatMap(ExtractionRule.init(rawValue:))?.withholdsAnswer ?? false
    }

    /// The rule the record's answer is judged by: BIG-bench's
    /// `exact_str_match` (`AnswerRule.exactString`) for an answer made by
    /// BIG-bench's post-processing (rule `bigbench`), so scores stay
    /// comparable with BIG-bench's own; `AnswerRule.normalized` for every other.
    public static func answerRule(of r: OutputRecord) -> AnswerRule {
        r.extractionRule == OutputRecord.bigBenchExtractionRule ? .exactString : .normalized
    }

    /// The targets the record's answer is compared with. An answer found
    /// by emerge's extraction rules (`ExtractionRule`: eval's outputs) meets
    /// each target's own answer, found by the same rules
    /// (`extractAnswer(fromTarget:)`), so a response that repeats its target
    /// is right and a worked-solution target is judged by the answer it
    /// states. Any other answer — BIG-bench's post-processing, an lm-eval
    /// filter, an imported text — meets the targets as stored.
    public static func comparedTargets(of r: OutputRecord) -> [String] {
        guard let rule = r.extractionRule, ExtractionRule(rawValue: rule) != nil else { return r.acceptableTargets }
        return r.acceptableTargets.map { extractAnswer(fromTarget: $0) }
    }

    /// Exact match of `answer` against the record's targets
    /// (`comparedTargets(of:)`) under `answerRule(of:)`: 1 or 0.
    public static func exactMatch(_ answer: String, _ r: OutputRecord) -> Double {
        answerRule(of: r).matchesAny(answer, comparedTargets(of: r)) ? 1 : 0
    }

    /// Exact match of one example from all its samples (see
    /// `values(ofSamples:)`); NaN when the records cannot support it.
    /// `eval` counts its accuracy with this, so the accuracy it prints is the
    /// exact match `metrics` reports for the outputs it stored.
    public static func exactMatch(ofSamples samples: ArraySlice<OutputRecord>) -> Double {
        values(ofSamples: samples)[Metric.exactMatch.index]
    }

    /// The metric values of one example from all its samples (records of the
    /// same run and example). Every metric is the mean over the samples that
    /// support it, except exact match of a self-consistency example — a
    /// strategy named `self-consistency…`, or samples whose trace is a vote
    /// (`TraceKind.selfConsistency`: a template that votes, stored as
    /// `template:<name>`): there the answer of the vote (`votedAnswer(_:)`)
    /// is compared with the targets, as the strategy prescribes.
    public static func values(ofSamples samples: ArraySlice<OutputRecord>) -> [Double] {
        guard let first = samples.first else { return [Double](repeating: .nan, count: Metric.allCases.count) }
        if samples.count == 1 { return values(of: first) }
        var sums = [Double](repeating: 0, count: Metric.allCases.count)
        var counts = [Int](repeating: 0, count: Metric.allCases.count)
        for r in samples {
            for (i, x) in values(of: r).enumerated() where !x.isNaN { sums[i] += x; counts[i] += 1 }
        }
        var v = zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
        let votes = (first.strategy ?? "").hasPrefix(TraceKind.selfConsistency.rawValue)
            || samples.contains { TraceKind(trace: $0.trace) == .selfConsistency }
        if votes, first.target != nil, let voted = votedAnswer(samples) {
            v[Metric.exactMatch.index] = exactMatch(voted, first)
        }
        return v
    }

    /// The answer a self-consistency example gives: the majority of its
    /// samples' ballots (`majorityVote`, ties to the earliest sample). A
    /// sample's ballot is its extracted answer; a sample whose extraction
    /// found nothing abstains, as the vote `eval` stores does, so identical
    /// non-answers cannot outvote real ones. When every sample abstains, the
    /// generated texts vote instead (a task whose answers no extraction rule
    /// finds, such as a bare word). Nil when there is nothing to vote on.
    public static func votedAnswer(_ samples: ArraySlice<OutputRecord>) -> String? {
        guard let first = samples.first else { return nil }
        let rule = answerRule(of: first)
        let ballots = samples.map { r -> String? in
            // Imported outputs without an extraction rule: the answer is the generated text.
            r.extractedAnswer ?? (r.extractionRule == nil ? r.generated : nil)
        }
        if let winner = majorityVote(ballots, rule: rule).winner { return winner }
        return majorityVote(samples.map(answer(of:)), rule: rule).winner
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
