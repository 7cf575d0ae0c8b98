import Elicitation
import EmergenceMetrics
import ResultsStore
import TaskSuite

/// What `eval` stores in an output's `trace` (a JSON object, the `trace`
/// column of the store), on the example's sample 0:
///
/// - `self-consistency`: a `SelfConsistencyTrace` — the vote over the
///   samples' extracted answers (`votes` {answer: count}, `counts` in rank
///   order with each answer's first sample, `winner`, `margin`, `abstentions`,
///   `samples`, `tie_rule`). The samples themselves are the example's
///   outputs 0…n−1, each with its own extracted answer.
/// - `tree-of-thoughts`: the explored `ThoughtTree` itself (`prompt`,
///   `breadth`, `depth`, `scoring`, `nodes`, `solution`), printable with
///   `ThoughtTree.rendered()`.
/// - `few-shot`, and a template (`template:…`) that neither votes, searches,
///   checks, states a confidence nor answers in JSON: a `FewShotTrace` — the prompt exactly as shown, exemplars
///   included (the output's `prompt` is the example's own question).
/// - `self-verification`: a `SelfVerificationTrace` — `initial_answer`,
///   `initial_response`, `final_answer`, `changed` and `rounds`, each with
///   its `verification` text and `answer`.
/// - `confidence`: a `ConfidenceTrace` — `confidence` (1–10 or null),
///   `abstained`, `stated` and `confidence_issue`.
/// - `format:json`: a `JSONAnswerTrace` — `valid`, `error`, `reasoning`, `answer`.
///
/// Other strategies store no trace. The readers below take a trace by its
/// keys (`TraceKind`), whatever the run's stored name, so they read a
/// template run's (`template:<name>`) as they read its strategy's.
public enum EvalTrace {
    /// The trace of an outcome, nil for strategies that record none.
    public static func trace(of outcome: StrategyOutcome) throws -> TraceValue? {
        if let tree = outcome.tree { return try TraceValue(encoding: tree) }
        if let vote = outcome.vote { return try TraceValue(encoding: SelfConsistencyTrace(vote)) }
        if let verification = outcome.verification { return try TraceValue(encoding: SelfVerificationTrace(verification)) }
        if let statement = outcome.confidence { return try TraceValue(encoding: ConfidenceTrace(statement)) }
        if let json = outcome.json { return try TraceValue(encoding: JSONAnswerTrace(json)) }
        if outcome.strategy == Strategy.fewShot.name || StrategyTemplate.isStoredName(outcome.strategy) {
            return try TraceValue(encoding: FewShotTrace(prompt: outcome.prompt))
        }
        return nil
    }

    /// The self-verification trace stored in an output (nil when it holds none).
    public static func verification(in output: OutputRecord) -> SelfVerificationTrace? {
        guard TraceKind(trace: output.trace) == .selfVerification else { return nil }
        return try? output.trace?.decode(SelfVerificationTrace.self)
    }

    /// The confidence trace stored in an output (nil when it holds none).
    public static func confidence(in output: OutputRecord) -> ConfidenceTrace? {
        guard TraceKind(trace: output.trace) == .confidence else { return nil }
        return try? output.trace?.decode(ConfidenceTrace.self)
    }

    /// The JSON-answer trace stored in an output (nil when it holds none).
    public static func jsonAnswer(in output: OutputRecord) -> JSONAnswerTrace? {
        guard TraceKind(trace: output.trace) == .formatJSON else { return nil }
        return try? output.trace?.decode(JSONAnswerTrace.self)
    }

    /// The tree of thoughts stored in an output's trace (nil when it holds none).
    public static func tree(in output: OutputRecord) -> ThoughtTree? {
        guard TraceKind(trace: output.trace) == .treeOfThoughts else { return nil }
        return try? output.trace?.decode(ThoughtTree.self)
    }

    /// The traces stored for `model` on `task` with `configuration` (the run
    /// `eval` would resume), one text per example that has one, as
    /// `eval --show-trees` prints them: a tree of thoughts with its answer,
    /// or a self-consistency vote. Empty when no such run is stored.
    public static func storedRenderings(database: ResultsDatabase, model: String, task: String,
                                        configuration: EvalConfiguration, backend: String = "local") throws -> [String] {
        let decoding = configuration.decoding(backend: backend)
        guard let run = try database.runs(task: task, strategy: configuration.strategyName, model: model)
            .first(where: { $0.decoding == decoding }) else { return [] }
        var texts: [String] = []
        try database.forEachOutput(runID: run.id) { output in
            if let tree = tree(in: output) {
                texts.append(treeText(example: output.example, answer: output.extractedAnswer, tree: tree))
            } else if let vote = vote(in: output) {
                texts.append(voteText(example: output.example, vote))
            }
        }
        return texts
    }

    /// A tree of thoughts as `--show-trees` prints it.
    public static func treeText(example: Int, answer: String?, tree: ThoughtTree) -> String {
        "example \(example): answer \(answer ?? "none")\n\(tree.rendered())\n"
    }

    /// A self-consistency vote as `--show-trees` prints it.
    public static func voteText(example: Int, _ vote: SelfConsistencyTrace) -> String {
        let counts = vote.counts.isEmpty ? "none" : vote.counts.map { "\($0.answer)×\($0.count)" }.joined(separator: " ")
        return "example \(example): \(vote.winner ?? "none") (votes: \(counts), abstentions \(vote.abstentions))"
    }

    /// The self-consistency vote stored in an output's trace (nil when it holds none).
    public static func vote(in output: OutputRecord) -> SelfConsistencyTrace? {
        guard TraceKind(trace: output.trace) == .selfConsistency else { return nil }
        return try? output.trace?.decode(SelfConsistencyTrace.self)
    }
}

/// The stored vote of a self-consistency example (see `majorityVote`).
public struct SelfConsistencyTrace: Codable, Sendable, Equatable {
    /// How many samples gave each answer (answers as the earliest sample wrote them).
    public var votes: [String: Int]
    /// The same counts, winner first, then by count and first sample.
    public var counts: [VoteCount]
    /// The majority answer; nil when no sample gave one.
    public var winner: String?
    /// (winner's votes − runner-up's votes) / samples, in [0, 1].
    public var margin: Double
    /// Samples without an answer.
    public var abstentions: Int
    /// Samples voted over.
    public var samples: Int
    /// How ties are broken.
    public var tieRule: String

    /// The rule `majorityVote` applies: among the most-voted answers, the one first given by the earliest sample.
    public static let earliestSampleRule = "earliest-sample"

    public init(_ vote: VoteResult) {
        votes = Dictionary(vote.counts.map { ($0.answer, $0.count) }, uniquingKeysWith: +)
        counts = vote.counts
        winner = vote.winner
        margin = vote.margin
        abstentions = vote.abstentions
        samples = vote.samples
        tieRule = Self.earliestSampleRule
    }

    enum CodingKeys: String, CodingKey {
        case votes, counts, winner, margin, abstentions, samples, tieRule = "tie_rule"
    }

    /// Writes every key, `winner` as null when nobody answered (the synthesized encoder would drop it).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(votes, forKey: .votes); try c.encode(counts, forKey: .counts)
        try c.encode(winner, forKey: .winner); try c.encode(margin, forKey: .margin)
        try c.encode(abstentions, forKey: .abstentions); try c.encode(samples, forKey: .samples)
        try c.encode(tieRule, forKey: .tieRule)
    }
}

/// The trace of a `few-shot` output (and of a template's): the rendered
/// prompt, exemplars and question, so what a model saw can be read back.
public struct FewShotTrace: Codable, Sendable, Equatable {
    public var prompt: String
    public init(prompt: String) { self.prompt = prompt }
}
