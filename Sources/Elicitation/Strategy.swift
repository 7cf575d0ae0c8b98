import EmergeSupport
import TaskSuite

/// A prompting strategy of docs/design.md#elicitation, named as on the command line and in the store.
public enum Strategy: Sendable, Equatable, Hashable {
    case standard
    case fewShot
    case zeroShotCoT
    case fewShotCoT
    case enhanced
    case persona(Persona)
    case selfVerification
    case confidence
    case formatJSON
    case selfConsistency
    case treeOfThoughts

    /// Every strategy, in the order `--help` lists them.
    public static let all: [Strategy] = [.standard, .fewShot, .zeroShotCoT, .fewShotCoT, .enhanced]
        + Persona.allCases.map { .persona($0) } + [.selfVerification, .confidence, .formatJSON, .selfConsistency, .treeOfThoughts]

    /// The strategy a name denotes (`standard`, `few-shot`, `zero-shot-cot`, `few-shot-cot`,
    /// `enhanced`, `persona:expert|teacher|programmer`, `self-verification`,
    /// `confidence`, `format:json`, `self-consistency`, `tree-of-thoughts`), or nil.
    public init?(name: String) {
        guard let match = Strategy.all.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// The name stored with every run, exactly as the user writes it.
    public var name: String {
        switch self {
        case .standard: "standard"
        case .fewShot: "few-shot"
        case .zeroShotCoT: "zero-shot-cot"
        case .fewShotCoT: "few-shot-cot"
        case .enhanced: "enhanced"
        case let .persona(persona): "persona:\(persona.rawValue)"
        case .selfVerification: "self-verification"
        case .confidence: "confidence"
        case .formatJSON: "format:json"
        case .selfConsistency: "self-consistency"
        case .treeOfThoughts: "tree-of-thoughts"
        }
    }

    /// The template that renders the (first) prompt. Self-consistency and
    /// tree of thoughts sample chains of thought from the zero-shot CoT
    /// prompt; self-verification answers it before its check
    /// (`PromptTemplate.checkAnswer`).
    public var template: PromptTemplate {
        switch self {
        case .standard: .standard
        case .fewShot: .fewShot
        case .zeroShotCoT, .selfConsistency, .treeOfThoughts, .selfVerification: .zeroShotCoT
        case .confidence: .confidence
        case .formatJSON: .formatJSON
        case .fewShotCoT: .fewShotCoT
        case .enhanced: .enhanced
        case let .persona(persona): .persona(persona)
        }
    }

    /// Whether the model is asked to reason before answering (the response
    /// is a chain of thought ending in "The answer is X.") rather than to
    /// answer directly.
    public var reasonsStepByStep: Bool {
        switch self {
        case .standard, .fewShot, .persona, .confidence, .formatJSON: false
        case .zeroShotCoT, .fewShotCoT, .enhanced, .selfConsistency, .treeOfThoughts, .selfVerification: true
        }
    }

    /// Whether the response is one line (a direct answer: `standard`,
    /// `few-shot`, personas). Every other response may span lines: a chain
    /// of thought, an answer followed by its confidence line, a JSON object.
    public var answersInOneLine: Bool {
        switch self {
        case .standard, .fewShot, .persona: true
        default: false
        }
    }

    /// The new tokens one generation may take unless `--max-tokens` says
    /// otherwise: 64 per tree-of-thoughts step, 256 for a chain of thought
    /// or a JSON object (it holds the reasoning), 48 for an answer with its
    /// confidence line, 32 for a direct answer.
    public var defaultMaxTokens: Int {
        switch self {
        case .treeOfThoughts: 64
        case .formatJSON: 256
        case .confidence: 48
        default: reasonsStepByStep ? 256 : 32
        }
    }

    /// The text whose line ends a response (`GenerationSettings.stopAfterLineContaining`):
    /// "The answer is" for a chain of thought, "Confidence:" for an answer
    /// with its confidence, "}" for a JSON object; nil for a direct answer.
    public var finalLineCue: String? {
        switch self {
        case .confidence: ConfidenceStatement.keywordCue
        case .formatJSON: "}"
        default: reasonsStepByStep ? PromptPhrase.theAnswerIs : nil
        }
    }

    /// Whether the strategy samples (and so needs a temperature above 0).
    public var isSampled: Bool { self == .selfConsistency || self == .treeOfThoughts }

    /// Whether the prompt shows exemplars (`StrategySettings.exemplars` of them).
    public var showsExemplars: Bool { self == .fewShot || self == .fewShotCoT }
}

/// The knobs of a strategy, with the defaults the CLI uses.
public struct StrategySettings: Sendable, Equatable, Codable {
    /// `few-shot` and `few-shot-cot`: how many exemplars to show (fewer if the task has fewer).
    public var exemplars: Int
    /// `self-consistency`: how many chains to sample.
    public var samples: Int
    /// Sampling temperature of `self-consistency` and of the proposals of
    /// `tree-of-thoughts`; other strategies decode greedily.
    public var temperature: Double
    public var topK: Int?
    public var topP: Double?
    /// `tree-of-thoughts`: candidate steps proposed per expanded node, and the
    /// number of frontier nodes kept.
    public var breadth: Int
    /// `tree-of-thoughts`: the most steps (lines) a chain may have.
    public var depth: Int
    /// Maximum new tokens of one generation (of one step, for tree of thoughts).
    /// nil: 32 for direct answers, 256 for chains of thought, 64 per step.
    public var maxTokens: Int?
    /// Base seed; sample i of example e uses a seed derived from (seed, e, i).
    public var seed: UInt64
    /// `self-verification`: how many times the model checks its answer
    /// (each check sees the answer the one before it gave); at least 1.
    public var verificationRounds: Int

    public init(exemplars: Int = 3, samples: Int = 5, temperature: Double = 0.7, topK: Int? = nil,
                topP: Double? = nil, breadth: Int = 3, depth: Int = 8, maxTokens: Int? = nil, seed: UInt64 = 0,
                verificationRounds: Int = 1) {
        self.exemplars = exemplars; self.samples = samples; self.temperature = temperature
        self.topK = topK; self.topP = topP; self.breadth = breadth; self.depth = depth
        self.maxTokens = maxTokens; self.seed = seed; self.verificationRounds = verificationRounds
    }
}

/// Text that ends a response: a direct answer ends at the end of its line;
/// any other response (a chain of thought, an answer with its confidence, a
/// JSON object) at a blank line or at a new question.
public func stopStrings(for strategy: Strategy) -> [String] {
    strategy.answersInOneLine ? ["\n"] : ["\n\n", "\nQ:"]
}

/// A deterministic seed for (base, a, b): the SplitMix64 finaliser over a
/// mix of the three (different a or b give unrelated seeds).
public func derivedSeed(_ base: UInt64, _ a: UInt64, _ b: UInt64 = 0) -> UInt64 {
    SplitMix64.mix(base &+ 0x9E37_79B9_7F4A_7C15 &* (a &+ 1) &+ 0xD1B5_4A32_D192_ED03 &* (b &+ 1))
}
