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
    /// sample that gave the winning vote, or the solution chain of the tree.
    public var response: Sample
    /// The final answer (nil when none could be found).
    public var answer: String?
    /// How the final answer was obtained: an `ExtractionRule` raw value, or
    /// `majority-vote` for self-consistency.
    public var rule: String
    /// Self-consistency: every sample, in seed order.
    public var samples: [Sample]?
    /// Self-consistency: the vote over the samples' answers.
    public var vote: VoteResult?
    /// Tree of thoughts: the explored tree.
    public var tree: ThoughtTree?

    public init(strategy: String, prompt: String, turns: [ChatTurn]? = nil, response: Sample, answer: String?, rule: String,
                samples: [Sample]? = nil, vote: VoteResult? = nil, tree: ThoughtTree? = nil) {
        self.strategy = strategy; self.prompt = prompt; self.turns = turns; self.response = response; self.answer = answer
        self.rule = rule; self.samples = samples; self.vote = vote; self.tree = tree
    }
}

/// The rule name stored for a self-consistency answer.
public let majorityVoteRule = "majority-vote"
