import ArgumentParser
import Elicitation
import Experiments
import Foundation
import ResultsStore
import TaskSuite

extension Strategy: ExpressibleByArgument {
    /// A strategy by the name runs store (`standard`, `zero-shot-cot`, …).
    public init?(argument: String) { self.init(name: argument) }
    public var defaultValueDescription: String { name }
    public static var allValueStrings: [String] { all.map(\.name) }
}

extension ThoughtScoring: ExpressibleByArgument {
    public static var allValueStrings: [String] { ["verifier", "logprob", "self"] }
}

/// Which models an evaluation command means: one model directory, every rung
/// of a ladder directory, or a stored name. Shared by `eval`, `cot-report`
/// and `show-trees`; each command checks which combinations it accepts.
struct ModelSelection: ParsableArguments {
    @Option(name: .long, help: "Model directory the inference core loads (ladder rung or Hugging Face checkpoint).")
    var model: String?
    @Option(name: .long, help: "Ladder directory: every subdirectory holding a config.json is a model.")
    var ladder: String?
    @Option(name: .long, help: "The model's stored name (default: the directory name of --model; for eval --backend openai, --model-name).")
    var name: String?

    /// The stored names of the selected models: every rung of `--ladder` in
    /// name order, else `--name`, else `servedName`, else `--model`'s
    /// directory name. Throws when the ladder folder cannot be listed.
    func storedNames(servedName: String? = nil) throws -> [String] {
        if let ladder {
            return try EvalModel.ladderRungs(in: URL(fileURLWithPath: ladder)).map { $0.standardizedFileURL.lastPathComponent }
        }
        return [name ?? servedName ?? URL(fileURLWithPath: model ?? "").standardizedFileURL.lastPathComponent]
    }
}

/// A prompting strategy (or a template) and its settings
/// (docs/elicitation.md): what `eval` runs, and the run `show-trees` reads back.
struct StrategyOptions: ParsableArguments {
    @Option(name: .long, help: "Prompting strategy (default standard; each one's prompt is shown in eval --help).")
    var strategy: Strategy?
    @Option(name: .long, help: ArgumentHelp("A template to run instead of a strategy: a built-in's name (emerge-analyze templates lists them) or a template file (docs/elicitation.md#templates). The options below override its settings.", valueName: "name|file"))
    var template: String?
    @Option(name: .long, help: "self-consistency: chains sampled per example (default 5).")
    var samples: Int?
    @Option(name: .long, help: "Sampling temperature of self-consistency and tree-of-thoughts proposals (default 0.7).")
    var temperature: Double?
    @Option(name: .customLong("top-k"), help: "Sample among the K most likely tokens.")
    var topK: Int?
    @Option(name: .customLong("top-p"), help: "Sample within the smallest set of probability at least P.")
    var topP: Double?
    @Option(name: .long, help: "few-shot, few-shot-cot: exemplars shown before the question (default 3).")
    var exemplars: Int?
    @Option(name: .long, help: "tree-of-thoughts: candidate steps per expanded node, and frontier nodes kept (default 3).")
    var breadth: Int?
    @Option(name: .long, help: "tree-of-thoughts: most steps (lines) in a chain (default 8).")
    var depth: Int?
    @Option(name: .customLong("tree-scoring"), help: "tree-of-thoughts: value steps by the task's verifier, the model's log-probability, or the model's own 0-10 rating of each step (self).")
    var treeScoring: ThoughtScoring = .verifier
    @Option(name: .customLong("verification-rounds"), help: "self-verification: how many times the model checks its answer (default 1).")
    var verificationRounds: Int?
    @Option(name: .customLong("max-tokens"), help: "Most new tokens per generation (default 32 direct, 48 confidence, 256 step by step and format:json, 64 per tree step).")
    var maxTokens: Int?
    @Option(name: .long, help: "Base seed of all sampling (default 0). BIG-bench tasks: the seed of the exemplar draw (default 42, BIG-bench's own, which reproduces its prompts).")
    var seed: UInt64?
    @Option(name: .long, help: "BIG-bench tasks: exemplars drawn from the task's other examples and shown before each question, as BIG-bench renders them; stored as strategy standard (0) or K-shot.")
    var shots: Int = 0

    func validate() throws {
        guard strategy == nil || template == nil else { throw ValidationError("Give --strategy or --template, not both.") }
        guard (samples ?? 1) >= 1, (exemplars ?? 0) >= 0, (breadth ?? 1) >= 1, (depth ?? 1) >= 1 else {
            throw ValidationError("--samples, --breadth and --depth must be at least 1, --exemplars at least 0.")
        }
        guard (verificationRounds ?? 1) >= 1 else { throw ValidationError("--verification-rounds must be at least 1.") }
        if let temperature { guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must be 0 or more.") } }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1.") }
        guard shots >= 0 else { throw ValidationError("--shots must be 0 or more.") }
        if shots > 0, let seed, seed > UInt64(UInt32.max) {
            throw ValidationError("BIG-bench draws exemplars with a 32-bit seed; --seed must be at most \(UInt32.max).")
        }
    }

    /// The template `--template` names (nil without it); a lookup or file error becomes one sentence.
    func resolvedTemplate() throws -> StrategyTemplate? {
        guard let template else { return nil }
        do { return try TemplateLibrary.template(named: template) } catch { throw CLIError("\(error)") }
    }

    /// The runner's configuration for these options, evaluating at most
    /// `limit` examples: the template's settings (or the defaults), each
    /// overridden by the option given for it.
    func configuration(limit: Int? = nil) throws -> EvalConfiguration {
        let template = try resolvedTemplate()
        var settings = template?.settings ?? StrategySettings()
        if let exemplars { settings.exemplars = exemplars }
        if let samples { settings.samples = samples }
        if let temperature { settings.temperature = temperature }
        if let topK { settings.topK = topK }
        if let topP { settings.topP = topP }
        if let breadth { settings.breadth = breadth }
        if let depth { settings.depth = depth }
        if let maxTokens { settings.maxTokens = maxTokens }
        if let verificationRounds { settings.verificationRounds = verificationRounds }
        settings.seed = seed ?? 0
        return EvalConfiguration(strategy: strategy ?? .standard, settings: settings, limit: limit, treeScoring: treeScoring,
                                 shots: shots,
                                 exemplarSeed: seed.map { UInt32(truncatingIfNeeded: $0) } ?? BigBenchPrompt.defaultSeed,
                                 template: template)
    }
}

/// The task an evaluation command names, resolved as `eval` resolves it
/// (synthetic name, task file, imported or to-be-imported BIG-bench task),
/// drawing `count` examples of a synthetic task. Errors become one sentence.
func resolveEvalTask(_ task: String, database: ResultsDatabase, count: Int = EvalTask.defaultExampleCount) throws -> EvalTask {
    do { return try EvalTask.resolve(task, database: database, count: count) } catch {
        throw CLIError("\(error)")
    }
}
