import TaskSuite

/// Runs a prompting strategy on task examples with one model (docs/design.md#elicitation).
///
/// Direct strategies decode greedily; `self-consistency` samples
/// `settings.samples` chains at `settings.temperature` and votes;
/// `tree-of-thoughts` searches over steps (see `TreeOfThoughts`);
/// `self-verification` answers, then checks its answer
/// `settings.verificationRounds` times (`SelfVerification`); `confidence`
/// and `format:json` answer once and are read by `ConfidenceStatement` and
/// `JSONAnswer`. Every
/// sampled generation uses a seed derived from `settings.seed`, the example
/// index and the sample index, so a run is reproducible.
public struct Elicitor {
    public var strategy: Strategy
    public var settings: StrategySettings
    /// The template the prompt is rendered from: the strategy's own, or a
    /// `StrategyTemplate`'s run with the strategy's answer handling.
    public var template: PromptTemplate
    /// The strategy name outcomes carry (and runs are stored under).
    public var name: String

    public init(strategy: Strategy, settings: StrategySettings = StrategySettings()) {
        self.strategy = strategy; self.settings = settings
        self.template = strategy.template; self.name = strategy.name
    }

    /// Runs `template` as its strategy does, named `template.storedName`.
    public init(template: StrategyTemplate, settings: StrategySettings) {
        self.strategy = template.strategy; self.settings = settings
        self.template = template.prompt; self.name = template.storedName
    }

    /// The prompt this strategy shows for `input`.
    public func prompt(for input: PromptInput) -> String {
        template.render(input, exemplarCount: exemplarCount)
    }

    /// The prompt as text and as conversation turns (for chat models).
    public func strategyPrompt(for input: PromptInput) -> StrategyPrompt {
        StrategyPrompt(text: prompt(for: input), turns: template.turns(input, exemplarCount: exemplarCount))
    }

    /// Exemplars shown: `settings.exemplars` when the template has an exemplar block, else none.
    private var exemplarCount: Int { template.exemplar.isEmpty ? 0 : max(0, settings.exemplars) }

    /// The decoding settings of one (non-tree) generation.
    public func generationSettings(seed: UInt64, sampled: Bool) -> GenerationSettings {
        GenerationSettings(
            maxTokens: settings.maxTokens ?? strategy.defaultMaxTokens,
            temperature: sampled ? settings.temperature : 0,
            topK: sampled ? settings.topK : nil, topP: sampled ? settings.topP : nil,
            seed: sampled ? seed : 0, stop: stopStrings(for: strategy),
            stopAfterLineContaining: strategy.finalLineCue)
    }

    /// Runs the strategy on one example. `exampleIndex` seeds the sampling;
    /// `verifier` and `selfRating` are used by tree of thoughts only: the
    /// model rates its own steps when `selfRating` is true (the verifier is
    /// then not used), else the verifier scores them (nil: the model's
    /// log-probability does).
    public func run(_ input: PromptInput, exampleIndex: Int, model: some TextModel,
                    verifier: (any StepVerifier)? = nil, selfRating: Bool = false) throws -> StrategyOutcome {
        let shown = strategyPrompt(for: input)
        let prompt = shown.text
        let turns = model.isChatModel ? shown.turns : nil
        switch strategy {
        case .selfConsistency:
            var samples: [Sample] = []
            for index in 0..<max(1, settings.samples) {
                let seed = derivedSeed(settings.seed, UInt64(exampleIndex), UInt64(index))
                let generation = try model.generate(shown, continuing: "", settings: generationSettings(seed: seed, sampled: true))
                samples.append(Sample(generation: generation, extracted: extractAnswer(from: generation.text), seed: seed))
            }
            let vote = majorityVote(samples.map(\.extracted.answer))
            let chosen = vote.counts.first.map { samples[$0.firstSample] } ?? samples[0]
            return StrategyOutcome(strategy: name, prompt: prompt, turns: turns, response: chosen, answer: vote.winner,
                                   rule: majorityVoteRule, samples: samples, vote: vote)
        case .treeOfThoughts:
            let search = TreeOfThoughts(breadth: settings.breadth, depth: settings.depth,
                                        temperature: settings.temperature, topK: settings.topK, topP: settings.topP,
                                        maxStepTokens: settings.maxTokens ?? 64,
                                        seed: derivedSeed(settings.seed, UInt64(exampleIndex)))
            let rater = selfRating ? StepRater(problem: input.prompt.trimmingTrailingWhitespace()) : nil
            let tree = try search.run(prompt: shown, model: model, verifier: verifier, rater: rater)
            let chain = tree.solutionGeneration
            let extracted = extractAnswer(from: chain.text)
            return StrategyOutcome(strategy: name, prompt: prompt, turns: turns,
                                   response: Sample(generation: chain, extracted: extracted, seed: search.seed),
                                   answer: extracted.answer, rule: extracted.rule.rawValue, tree: tree)
        case .selfVerification:
            let verification = try SelfVerification.run(prompt: shown, rounds: settings.verificationRounds, model: model,
                                                        settings: generationSettings(seed: 0, sampled: false))
            let last = verification.rounds.last!.generation
            return StrategyOutcome(strategy: name, prompt: prompt, turns: turns,
                                   response: Sample(generation: last, extracted: verification.final, seed: 0),
                                   answer: verification.final.answer, rule: verification.final.rule.rawValue,
                                   verification: verification)
        case .confidence:
            let generation = try model.generate(shown, continuing: "", settings: generationSettings(seed: 0, sampled: false))
            let statement = ConfidenceStatement(reading: generation.text)
            let extracted = statement.answer
            return StrategyOutcome(strategy: name, prompt: prompt, turns: turns,
                                   response: Sample(generation: generation, extracted: extracted, seed: 0),
                                   answer: extracted.answer, rule: extracted.rule.rawValue, confidence: statement)
        case .formatJSON:
            let generation = try model.generate(shown, continuing: "", settings: generationSettings(seed: 0, sampled: false))
            let json = JSONAnswer(reading: generation.text)
            return StrategyOutcome(strategy: name, prompt: prompt, turns: turns,
                                   response: Sample(generation: generation, extracted: json.extracted, seed: 0),
                                   answer: json.extracted.answer, rule: json.extracted.rule.rawValue, json: json)
        default:
            let generation = try model.generate(shown, continuing: "", settings: generationSettings(seed: 0, sampled: false))
            let extracted = extractAnswer(from: generation.text)
            return StrategyOutcome(strategy: name, prompt: prompt, turns: turns,
                                   response: Sample(generation: generation, extracted: extracted, seed: 0),
                                   answer: extracted.answer, rule: extracted.rule.rawValue)
        }
    }
}
