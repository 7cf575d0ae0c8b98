import ResultsStore

/// What an output's trace says about the confidence the model stated in
/// words, as the `confidence` strategy stores it (docs/metrics.md#verbalised-confidence).
public enum StatedConfidence: Sendable, Equatable, Hashable {
    /// A confidence on the 1–10 scale.
    case rating(Int)
    /// The model answered, but no confidence could be read: `confidence` is
    /// null, or not an integer in 1…10.
    case unstated
    /// The model said it does not know: it gave no answer.
    case abstained
}

/// One output judged for verbalised calibration: what the model stated and
/// whether its answer is right (nil for an abstention, which is never a
/// wrong answer).
public struct VerbalOutcome: Sendable, Equatable, Hashable {
    public var stated: StatedConfidence
    public var correct: Bool?

    public init(stated: StatedConfidence, correct: Bool?) { self.stated = stated; self.correct = correct }

    /// The stated confidence as a probability (rating / 10); nil when unstated or abstained.
    public var confidence: Double? {
        if case .rating(let r) = stated { return Double(r) / Double(VerbalConfidence.scale.upperBound) }
        return nil
    }
}

/// Reads the confidence a model stated in words from an output's trace: a
/// JSON object with the keys `confidence` (an integer 1–10, or null) and
/// `abstained` (a bool), which the `confidence` strategy writes for every
/// output it stores. Any strategy (or import) that writes these two keys is
/// read the same way.
public enum VerbalConfidence {
    /// The scale a rating is stated on; rating r reads as confidence r / 10.
    public static let scale = 1...10

    /// The statement in `trace`; nil when the trace is not an object with a
    /// boolean `abstained` and a `confidence` key. `abstained: true` wins over
    /// any rating. A rating written as a number is accepted when it is a
    /// whole number in 1…10; any other value (null, 0, 11, 7.5, text) is
    /// `.unstated`.
    public static func reading(of trace: TraceValue?) -> StatedConfidence? {
        guard let trace, case .bool(let abstained)? = trace["abstained"], let confidence = trace["confidence"] else {
            return nil
        }
        if abstained { return .abstained }
        switch confidence {
        case .integer(let r) where scale.contains(r):
            return .rating(r)
        case .number(let r) where r == r.rounded() && r >= Double(scale.lowerBound) && r <= Double(scale.upperBound):
            return .rating(Int(r))
        default:
            return .unstated
        }
    }

    /// The record's statement with its correctness: a generated answer (the
    /// extracted answer, else the generated text) is judged as exact match
    /// judges it (`RecordScoring.exactMatch`); a record with only scored
    /// choices as multiple-choice grade does. Nil when the trace states
    /// nothing (`reading(of:)`) or an answer cannot be judged (no target and
    /// no choices).
    public static func outcome(of r: OutputRecord) -> VerbalOutcome? {
        guard let stated = reading(of: r.trace) else { return nil }
        if stated == .abstained { return VerbalOutcome(stated: .abstained, correct: nil) }
        guard let correct = correctness(of: r) else { return nil }
        return VerbalOutcome(stated: stated, correct: correct)
    }

    static func correctness(of r: OutputRecord) -> Bool? {
        if r.target != nil, let answer = RecordScoring.answer(of: r) {
            return RecordScoring.exactMatch(answer, r) == 1
        }
        if let choices = r.choices, let gold = r.gold,
           let grade = ExampleMetrics.multipleChoiceGrade(logLikelihoods: choices.map(\.loglikelihood), gold: gold) {
            return grade == 1
        }
        return nil
    }
}
