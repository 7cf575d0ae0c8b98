import TaskSuite

/// One generated response with the answer extracted from it.
public struct Sample: Codable, Sendable, Equatable {
    public var generation: TextGeneration
    public var extracted: ExtractedAnswer
    /// The sampler seed that produced it (0 for greedy decoding).
    public var seed: UInt64

    public init(generation: TextGeneration, extracted: ExtractedAnswer, seed: UInt64) {
        self.generation = generation; self.extracted = extracted; self.seed = seed
    }
}

/// What a strategy produced for one example.
public struct StrategyOutcome: Codable, Sendable, Equatable {
    /// The strategy's name (`Strategy.name`).
    public var strategy: String
    /// The rendered prompt the model was given (a completion model's text).
    public var prompt: String
    /// The prompt as the conversation turns a chat model was sent; nil for a completion model.
    public var turns: [ChatTurn]?
    /// The response the answer comes from: the only sample, the earliest
    /// sample that gave the winning vote, the solution chain of the tree, or
    /// self-verification's last check (its `extracted` is then the final
    /// answer, which a check that states none carries over from before it).
    public var response: Sample
    /// The final answer (nil when none could be found).
    public var answer: String?
    /// How the final answer was obtained: an `ExtractionRule` raw value
    /// (`abstained` and `malformed-json` when there is none by design), or
    /// `majority-vote` for self-consistency.
    public var rule: String
    /// Self-consistency: every sample, in seed order.
    public var samples: [Sample]?
    /// Self-consistency: the vote over the samples' answers.
    public var vote: VoteResult?
    /// Tree of thoughts: the explored tree.
    public var tree: ThoughtTree?
    /// Self-verification: the first answer and every check.
    public var verification: SelfVerification?
    /// Confidence: the stated confidence and whether the model abstained.
    public var confidence: ConfidenceStatement?
    /// Format JSON: the answer object as read.
    public var json: JSONAnswer?

    public init(strategy: String, prompt: String, turns: [ChatTurn]? = nil, response: Sample, answer: String?, rule: String,
                samples: [Sample]? = nil, vote: VoteResult? = nil, tree: ThoughtTree? = nil,
                verification: SelfVerification? = nil, confidence: ConfidenceStatement? = nil, json: JSONAnswer? = nil) {
        self.strategy = strategy; self.prompt = prompt; self.turns = turns; self.response = response; self.answer = answer
        self.rule = rule; self.samples = samples; self.vote = vote; self.tree = tree
        self.verification = verification; self.confidence = confidence; self.json = json
    }
}

/// The rule name stored for a self-consistency answer.
public let majorityVoteRule = "majority-vote"
