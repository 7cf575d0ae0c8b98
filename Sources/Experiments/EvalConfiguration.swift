import Elicitation
import ResultsStore
import TaskSuite

/// What to evaluate with: a strategy, its settings and the runner's knobs.
public struct EvalConfiguration: Sendable, Equatable {
    public var strategy: Strategy
    public var settings: StrategySettings
    /// Evaluate only the first `limit` examples of the task.
    public var limit: Int?
    /// How tree of thoughts values steps: the task's verifier (default),
    /// the model's own log-probability, or the model's rating of each step (`self`).
    public var treeScoring: ThoughtScoring
    /// Examples per store transaction (and per batched scoring call). A
    /// crash loses at most one chunk; a re-run resumes after the last.
    public var chunkSize: Int
    /// BIG-bench tasks only: exemplars shown before each question (0: zero-shot).
    public var shots: Int
    /// BIG-bench tasks only: the seed of the exemplar draw. BIG-bench's own
    /// default, 42, reproduces its prompts (see `docs/bigbench.md`).
    public var exemplarSeed: UInt32

    /// A template run instead of `strategy`'s own prompt (`eval --template`);
    /// `strategy` is then the template's strategy.
    public var template: StrategyTemplate?

    /// With a `template`, `strategy` is ignored: the template's strategy is used.
    public init(strategy: Strategy = .standard, settings: StrategySettings = StrategySettings(), limit: Int? = nil,
                treeScoring: ThoughtScoring = .verifier, chunkSize: Int = 32, shots: Int = 0,
                exemplarSeed: UInt32 = BigBenchPrompt.defaultSeed, template: StrategyTemplate? = nil) {
        self.strategy = template?.strategy ?? strategy; self.settings = settings; self.limit = limit
        self.treeScoring = treeScoring; self.chunkSize = max(1, chunkSize)
        self.shots = shots; self.exemplarSeed = exemplarSeed; self.template = template
    }

    /// The strategy name runs are stored under: the template's stored name
    /// (`template:tutorial-cot`), else the strategy's.
    public var strategyName: String { template?.storedName ?? strategy.name }

    /// The elicitor that runs this configuration's strategy or template.
    public var elicitor: Elicitor {
        template.map { Elicitor(template: $0, settings: settings) } ?? Elicitor(strategy: strategy, settings: settings)
    }

    /// Exemplars each prompt needs: `settings.exemplars` when the prompt has an exemplar block.
    public var exemplarsShown: Int { elicitor.template.exemplar.isEmpty ? 0 : max(0, settings.exemplars) }

    /// The number of outputs stored per example (self-consistency: one per sample).
    public var samplesPerExample: Int { strategy == .selfConsistency ? max(1, settings.samples) : 1 }

    /// The decoding settings stored with the run (part of its key): the
    /// temperature and seed only for strategies that sample, the maximum
    /// new tokens of one generation (one step for tree of thoughts). Settings
    /// outside the key are compared with the stored run's traces before it is
    /// resumed (`StoredRunSetting`).
    public func decoding(backend: String) -> DecodingSettings {
        let sampled = strategy.isSampled
        let maxTokens = settings.maxTokens ?? strategy.defaultMaxTokens
        return DecodingSettings(temperature: sampled ? settings.temperature : 0, samples: samplesPerExample,
                                seed: sampled ? Int(truncatingIfNeeded: settings.seed) : 0,
                                maxTokens: maxTokens, backend: backend)
    }
}
