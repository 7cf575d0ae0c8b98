import Foundation

/// What a task asks of a model (docs/design.md#store).
public enum TaskKind: String, Codable, Sendable, CaseIterable {
    case generation
    case multipleChoice = "multiple-choice"
    case loss
}

/// One token of a scored sequence: the per-token record of docs/design.md#store.
///
/// For a target scored under teacher forcing, `logprob` is
/// log p(token | prompt, target tokens before it) in nats, `greedy` says whether
/// the token was the argmax of that distribution, `rank` is its 1-based rank
/// (1 = argmax) and `entropy` the entropy of the distribution in nats.
/// Every log-probability the store takes is ≤ 0 (`LogProbability`: up to
/// 1e-6 above 0 passes as rounding; more refuses the record).
public struct TokenRecord: Codable, Sendable, Equatable {
    public var tokenID: Int
    /// The token's text.
    public var text: String
    public var logprob: Double
    public var greedy: Bool?
    public var rank: Int?
    public var entropy: Double?
    /// The most likely tokens at this position, best first, when recorded.
    public var alternatives: [AlternativeRecord]?

    public init(tokenID: Int, text: String, logprob: Double, greedy: Bool? = nil,
                rank: Int? = nil, entropy: Double? = nil, alternatives: [AlternativeRecord]? = nil) {
        self.tokenID = tokenID; self.text = text; self.logprob = logprob
        self.greedy = greedy; self.rank = rank; self.entropy = entropy; self.alternatives = alternatives
    }

    /// The keys of the outputs JSONL format (docs/store.md).
    enum CodingKeys: String, CodingKey {
        case tokenID = "token_id", text = "token", logprob, greedy, rank, entropy, alternatives = "top_k"
    }
}

/// One alternative of a token's top-k list.
public struct AlternativeRecord: Codable, Sendable, Equatable {
    public var tokenID: Int
    /// The token's text, when recorded.
    public var text: String?
    public var logprob: Double
    public init(tokenID: Int, text: String? = nil, logprob: Double) {
        self.tokenID = tokenID; self.text = text; self.logprob = logprob
    }
    /// The keys of the outputs JSONL format (docs/store.md).
    enum CodingKeys: String, CodingKey { case tokenID = "token_id", text = "token", logprob }
}

/// One answer option of a multiple-choice example with the model's summed
/// log-likelihood of it (natural log, ≤ 0) and the number of tokens summed.
public struct ChoiceScore: Codable, Sendable, Equatable {
    public var text: String
    public var loglikelihood: Double
    public var tokenCount: Int?
    /// Whether every token of the choice was the greedy token (lm-eval's `is_greedy`).
    public var greedy: Bool?

    public init(text: String, loglikelihood: Double, tokenCount: Int? = nil, greedy: Bool? = nil) {
        self.text = text; self.loglikelihood = loglikelihood; self.tokenCount = tokenCount; self.greedy = greedy
    }
    enum CodingKeys: String, CodingKey { case text, loglikelihood, tokenCount = "token_count", greedy }
}

/// Facts about a model that may travel with its outputs (all optional).
public struct ModelFacts: Codable, Sendable, Equatable {
    public var family: String?
    public var params: Double?
    public var nonEmbeddingParams: Double?
    public var tokens: Double?
    public var trainingFlops: Double?
    public var checkpoint: String?
    /// See `StoredModel.sizeGroup`, `step` and `seed`: one checkpoint or one
    /// seed of a size (JSON `size_group`, `step`, `seed`).
    public var sizeGroup: String?
    public var step: Int?
    public var seed: Int?

    public init(family: String? = nil, params: Double? = nil, nonEmbeddingParams: Double? = nil,
                tokens: Double? = nil, trainingFlops: Double? = nil, checkpoint: String? = nil,
                sizeGroup: String? = nil, step: Int? = nil, seed: Int? = nil) {
        self.family = family; self.params = params; self.nonEmbeddingParams = nonEmbeddingParams
        self.tokens = tokens; self.trainingFlops = trainingFlops; self.checkpoint = checkpoint
        self.sizeGroup = sizeGroup; self.step = step; self.seed = seed
    }
    enum CodingKeys: String, CodingKey {
        case family, params, nonEmbeddingParams = "non_embedding_params", tokens,
             trainingFlops = "training_flops", checkpoint, sizeGroup = "size_group", step, seed
    }
}

/// Decoding settings of a run (docs/design.md#store).
public struct DecodingSettings: Codable, Sendable, Equatable, Hashable {
    public var temperature: Double
    public var samples: Int
    public var seed: Int
    public var maxTokens: Int?
    public var backend: String

    public init(temperature: Double = 0, samples: Int = 1, seed: Int = 0, maxTokens: Int? = nil, backend: String = "local") {
        self.temperature = temperature; self.samples = samples; self.seed = seed
        self.maxTokens = maxTokens; self.backend = backend
    }
    enum CodingKeys: String, CodingKey { case temperature, samples, seed, maxTokens = "max_tokens", backend }
}

/// One line of an outputs JSONL file, and the in-memory form of one stored
/// output: one model's answer to one example of one task (one sample of it).
///
/// JSON keys are snake_case (docs/store.md#--kind-outputs-the-outputs-jsonl-schema). Required: `model`,
/// `task`, `example`. Everything else is optional so that generation-only,
/// teacher-forced-only and multiple-choice outputs share one shape.
public struct OutputRecord: Codable, Sendable, Equatable {
    public var model: String
    public var modelFacts: ModelFacts?
    public var task: String
    public var taskKind: TaskKind?
    public var strategy: String?
    public var decoding: DecodingSettings?
    /// Index of the example within its task (0-based).
    public var example: Int
    /// Which sample of this example (0-based; > 0 only for sampled strategies).
    public var sample: Int?
    public var prompt: String?
    public var target: String?
    /// Targets accepted besides `target` (a BIG-bench example may list
    /// several); exact match counts an answer equal to any of them.
    public var alternativeTargets: [String]?
    /// The generated text, as decoded.
    public var generated: String?
    /// The generated tokens (ids and log-probs under the sampling distribution).
    public var generatedTokens: [TokenRecord]?
    /// The answer extracted from `generated`, and which rule extracted it (docs/design.md#elicitation).
    public var extractedAnswer: String?
    public var extractionRule: String?
    /// The target's tokens scored under teacher forcing.
    public var targetTokens: [TokenRecord]?
    /// Multiple choice: every choice's score, and the gold index into `choices`.
    public var choices: [ChoiceScore]?
    public var gold: Int?
    /// The target's summed log-likelihood (natural log, ≤ 0) when only the sum is
    /// known, not per-token records — e.g. an lm-evaluation-harness
    /// `loglikelihood` request. When `targetTokens` is present this is nil and
    /// the sum is theirs.
    public var targetLoglikelihood: Double?
    /// Whether every target token was the greedy one (lm-eval's `is_greedy`),
    /// when only that summary is known.
    public var targetGreedy: Bool?
    /// What a strategy recorded beyond the response, as one JSON object: for
    /// `self-consistency` the vote over the samples' answers, for
    /// `tree-of-thoughts` the explored tree (layouts in Experiments' `EvalTrace`).
    /// Stored as JSON text and returned unchanged.
    public var trace: TraceValue?

    public init(model: String, modelFacts: ModelFacts? = nil, task: String, taskKind: TaskKind? = nil,
                strategy: String? = nil, decoding: DecodingSettings? = nil, example: Int, sample: Int? = nil,
                prompt: String? = nil, target: String? = nil, alternativeTargets: [String]? = nil, generated: String? = nil,
                generatedTokens: [TokenRecord]? = nil, extractedAnswer: String? = nil,
                extractionRule: String? = nil, targetTokens: [TokenRecord]? = nil,
                choices: [ChoiceScore]? = nil, gold: Int? = nil,
                targetLoglikelihood: Double? = nil, targetGreedy: Bool? = nil, trace: TraceValue? = nil) {
        self.model = model; self.modelFacts = modelFacts; self.task = task; self.taskKind = taskKind
        self.strategy = strategy; self.decoding = decoding; self.example = example; self.sample = sample
        self.prompt = prompt; self.target = target; self.alternativeTargets = alternativeTargets
        self.generated = generated
        self.generatedTokens = generatedTokens; self.extractedAnswer = extractedAnswer
        self.extractionRule = extractionRule; self.targetTokens = targetTokens
        self.choices = choices; self.gold = gold
        self.targetLoglikelihood = targetLoglikelihood; self.targetGreedy = targetGreedy
        self.trace = trace
    }

    /// Every acceptable target, `target` first (empty without a target).
    public var acceptableTargets: [String] {
        guard let target else { return [] }
        return [target] + (alternativeTargets ?? [])
    }

    /// The extraction rule of an answer that BIG-bench's post-processing made
    /// from the generated text (see `docs/bigbench.md`). Exact match scores
    /// such answers as BIG-bench's `exact_str_match`: equal, as written, to
    /// one of the acceptable targets.
    public static let bigBenchExtractionRule = "bigbench"

    enum CodingKeys: String, CodingKey {
        case model, modelFacts = "model_facts", task, taskKind = "task_kind", strategy, decoding,
             example, sample, prompt, target, alternativeTargets = "alternative_targets", generated,
             generatedTokens = "generated_tokens",
             extractedAnswer = "extracted_answer", extractionRule = "extraction_rule",
             targetTokens = "target_tokens", choices, gold,
             targetLoglikelihood = "target_loglikelihood", targetGreedy = "target_greedy", trace
    }
}
