import Elicitation
import TaskSuite

/// The stored trace of a `self-verification` output (docs/elicitation.md#self-verification).
public struct SelfVerificationTrace: Codable, Sendable, Equatable {
    /// One check: the text the model wrote and the answer found in it (null when it states none).
    public struct Round: Codable, Sendable, Equatable {
        public var verification: String
        public var answer: String?

        public init(verification: String, answer: String?) { self.verification = verification; self.answer = answer }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(verification, forKey: .verification); try c.encode(answer, forKey: .answer)
        }
    }

    /// The answer of the first response (the chain of thought), null when it gave none.
    public var initialAnswer: String?
    /// The first response itself.
    public var initialResponse: String
    /// The answer after the last check: the output's extracted answer.
    public var finalAnswer: String?
    /// Whether the checks changed the answer (`SelfVerification.changed`).
    public var changed: Bool
    public var rounds: [Round]

    public init(_ verification: SelfVerification) {
        initialAnswer = verification.initial.extracted.answer
        initialResponse = verification.initial.generation.text
        finalAnswer = verification.final.answer
        changed = verification.changed
        rounds = verification.rounds.map { Round(verification: $0.generation.text, answer: $0.extracted.answer) }
    }

    enum CodingKeys: String, CodingKey {
        case initialAnswer = "initial_answer", initialResponse = "initial_response", finalAnswer = "final_answer",
             changed, rounds
    }

    /// Writes every key, missing answers as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(initialAnswer, forKey: .initialAnswer); try c.encode(initialResponse, forKey: .initialResponse)
        try c.encode(finalAnswer, forKey: .finalAnswer); try c.encode(changed, forKey: .changed)
        try c.encode(rounds, forKey: .rounds)
    }
}

/// The stored trace of a `confidence` output (docs/elicitation.md#confidence):
/// what the calibration of verbalised confidence reads.
public struct ConfidenceTrace: Codable, Sendable, Equatable {
    /// The stated confidence, 1–10; null when none was stated or it was out of range.
    public var confidence: Int?
    /// Whether the model said "I don't know" (its answer is then null, rule `abstained`).
    public var abstained: Bool
    /// The text the confidence was read from, as written; null when the response states none.
    public var stated: String?
    /// Why `confidence` is null: `missing` or `out-of-range`; null when it was read.
    public var confidenceIssue: ConfidenceIssue?

    public init(_ statement: ConfidenceStatement) {
        confidence = statement.confidence; abstained = statement.abstained
        stated = statement.stated; confidenceIssue = statement.issue
    }

    enum CodingKeys: String, CodingKey {
        case confidence, abstained, stated, confidenceIssue = "confidence_issue"
    }

    /// Writes every key, missing values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(confidence, forKey: .confidence); try c.encode(abstained, forKey: .abstained)
        try c.encode(stated, forKey: .stated); try c.encode(confidenceIssue, forKey: .confidenceIssue)
    }
}

/// The stored trace of a `format:json` output (docs/elicitation.md#format-json).
public struct JSONAnswerTrace: Codable, Sendable, Equatable {
    /// Whether the response held a readable answer object (else rule `malformed-json`).
    public var valid: Bool
    /// Why it is malformed; null when valid.
    public var error: String?
    /// The object's `reasoning` string; null when absent.
    public var reasoning: String?
    /// The object's `answer` member as written; null when absent or unusable.
    public var answer: String?

    public init(_ json: JSONAnswer) {
        valid = json.valid; error = json.error; reasoning = json.reasoning; answer = json.answer
    }

    enum CodingKeys: String, CodingKey { case valid, error, reasoning, answer }

    /// Writes every key, missing values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(valid, forKey: .valid); try c.encode(error, forKey: .error)
        try c.encode(reasoning, forKey: .reasoning); try c.encode(answer, forKey: .answer)
    }
}
