import ArgumentParser
import Elicitation
import Experiments
import Foundation
import InferenceCore
import RemoteBackend
import Reporting
import ResultsStore
import TaskSuite

/// `eval`: a model (or every rung of a ladder) × a task × a prompting
/// strategy, every output stored (SPEC §10, §11). Thin: parses, calls
/// `Experiments.EvalRunner`, prints a progress bar on stderr and a summary.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model or a ladder on a task with a prompting strategy.",
        discussion: strategyHelp)

    @Option(name: .long, help: "Model directory the inference core loads (ladder rung or Hugging Face checkpoint).")
    var model: String?
    @Option(name: .long, help: "Ladder directory: evaluate every subdirectory holding a config.json.")
    var ladder: String?
    @Option(name: .long, help: "Task: add3, sub2, mul2 (1-9 digits), unscramble, a .jsonl task file, an imported BIG-bench task (arithmetic:2_digit_addition) or a BIG-bench task.json (imported first).")
    var task: String
    @Option(name: .long, help: "BIG-bench tasks: exemplars drawn from the task's other examples and shown before each question, as BIG-bench renders them; stored as strategy standard (0) or K-shot.")
    var shots: Int = 0
    @Option(name: .long, help: "Prompting strategy (listed below).")
    var strategy: String = "standard"
    @Option(name: .long, help: "self-consistency: chains sampled per example.")
    var samples: Int = 5
    @Option(name: .long, help: "Sampling temperature of self-consistency and tree-of-thoughts proposals.")
    var temperature: Double = 0.7
    @Option(name: .customLong("top-k"), help: "Sample among the K most likely tokens.")
    var topK: Int?
    @Option(name: .customLong("top-p"), help: "Sample within the smallest set of probability at least P.")
    var topP: Double?
    @Option(name: .long, help: "few-shot-cot: exemplars shown before the question.")
    var exemplars: Int = 3
    @Option(name: .long, help: "tree-of-thoughts: candidate steps per expanded node, and frontier nodes kept.")
    var breadth: Int = 3
    @Option(name: .long, help: "tree-of-thoughts: most steps (lines) in a chain.")
    var depth: Int = 8
    @Option(name: .customLong("tree-scoring"), help: "tree-of-thoughts: value steps by the task's verifier or the model's log-probability (verifier|logprob).")
    var treeScoring: String = "verifier"
    @Option(name: .customLong("max-tokens"), help: "Most new tokens per generation (default 32 direct, 256 step by step, 64 per tree step).")
    var maxTokens: Int?
    @Option(name: .long, help: "Base seed of all sampling (default 0). BIG-bench tasks: the seed of the exemplar draw (default 42, BIG-bench's own, which reproduces its prompts).")
    var seed: UInt64?
    @Option(name: .long, help: "Evaluate only the first N examples.")
    var limit: Int?
    @Option(name: .long, help: "Examples drawn from a synthetic task's test split when the store holds none yet.")
    var examples: Int = EvalTask.defaultExampleCount
    @Option(name: .long, help: "Store the model under this name (default: its directory name; --model only).")
    var name: String?
    @Option(name: .long, help: "Model family to record when the store has none for the model.")
    var family: String?
    @Flag(name: .customLong("show-trees"), help: "Print every explored tree of thoughts (and self-consistency votes) to stdout.")
    var showTrees = false
    @Flag(name: .customLong("show-stored-trees"), help: "Evaluate nothing: print the trees of thoughts and self-consistency votes already stored for these models, task, strategy and settings.")
    var showStoredTrees = false
    @Option(name: .long, help: "Also write every strategy outcome (samples, votes, trees) as JSON Lines to this file.")
    var traces: String?
    @Option(name: .customLong("cot-report"), help: "Evaluate nothing: write the chain-of-thought report of these models on this task (accuracy per strategy, gain over standard, self-consistency vote margins, against training FLOPs) into this folder.")
    var cotReport: String?
    @Option(name: .long, help: "Where the model runs: local (the built-in inference core) or openai (an OpenAI-compatible server such as vLLM).")
    var backend: String = "local"
    @Option(name: .customLong("base-url"), help: "Server URL for --backend openai, e.g. http://127.0.0.1:8000/v1.")
    var baseURL: String?
    @Option(name: .customLong("model-name"), help: "Served model name for --backend openai (also the stored name unless --name).")
    var modelName: String?
    @Option(name: .customLong("api-key-env"), help: "Environment variable holding the server's API key (--backend openai).")
    var apiKeyEnv: String?
    @Option(name: .long, help: "Requests in flight at once when scoring targets and choices (--backend openai).")
    var concurrency: Int = 4
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func validate() throws {
        guard backend == "local" || backend == "openai" else { throw ValidationError("--backend must be local or openai.") }
        if backend == "openai" {
            guard ladder == nil else {
                throw ValidationError("--ladder runs local checkpoints; with --backend openai name the served model with --model-name.")
            }
        } else {
            guard (model == nil) != (ladder == nil) else { throw ValidationError("Give exactly one of --model DIR and --ladder DIR.") }
        }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1.") }
        guard Strategy(name: strategy) != nil else {
            throw ValidationError("Unknown strategy '\(strategy)'; use one of: \(Strategy.all.map(\.name).joined(separator: ", ")).")
        }
        guard samples >= 1, exemplars >= 0, breadth >= 1, depth >= 1 else {
            throw ValidationError("--samples, --breadth and --depth must be at least 1, --exemplars at least 0.")
        }
        guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must be 0 or more.") }
        guard ThoughtScoring(rawValue: treeScoring) != nil else { throw ValidationError("--tree-scoring must be verifier or logprob.") }
        if let limit, limit < 0 { throw ValidationError("--limit must be at least 0.") }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1.") }
        guard shots >= 0 else { throw ValidationError("--shots must be 0 or more.") }
        if shots > 0, let seed, seed > UInt64(UInt32.max) {
            throw ValidationError("BIG-bench draws exemplars with a 32-bit seed; --seed must be at most \(UInt32.max).")
        }
    }

    func run() async throws {
        let strategy = Strategy(name: strategy)!
        let settings = StrategySettings(exemplars: exemplars, samples: samples, temperature: temperature, topK: topK,
                                        topP: topP, breadth: breadth, depth: depth, maxTokens: maxTokens, seed: seed ?? 0)
        let configuration = EvalConfiguration(strategy: strategy, settings: settings, limit: limit,
                                              treeScoring: ThoughtScoring(rawValue: treeScoring)!, shots: shots,
                                              exemplarSeed: seed.map { UInt32(truncatingIfNeeded: $0) }
                                                  ?? BigBenchPrompt.defaultSeed)
        let database = try ResultsDatabase(path: store.resolvedPath)
        let evalTask: EvalTask
        do { evalTask = try EvalTask.resolve(task, database: database, count: max(examples, limit ?? 0)) } catch {
            throw CLIError("\(error)")
        }
        if showStoredTrees { try printStoredTrees(database: database, task: evalTask.name, configuration: configuration); return }
        if let cotReport { try writeCoTReport(database: database, task: evalTask.name, folder: cotReport); return }
        let traceFile = try traces.map { try TraceWriter(path: $0) }
        let bar = ProgressBar()
        let showTrees = self.showTrees
        let runner = EvalRunner(database: database, progress: { bar.update($0) }, onOutcome: { index, outcome in
            try? traceFile?.write(exampleIndex: index, outcome: outcome)
            guard showTrees else { return }
            if let tree = outcome.tree { print(EvalTrace.treeText(example: index, answer: outcome.answer, tree: tree)) }
            if let vote = outcome.vote { print(EvalTrace.voteText(example: index, SelfConsistencyTrace(vote))) }
        })
        var summaries: [EvalSummary] = []
        do {
            if backend == "openai" {
                summaries.append(try runner.run(model: try await remoteModel(), task: evalTask, configuration: configuration))
                bar.finish()
            } else if let ladder {
                let rungs = try EvalModel.ladderRungs(in: URL(fileURLWithPath: ladder))
                guard !rungs.isEmpty else { throw EvalError.emptyLadder(ladder) }
                for rung in rungs {
                    let model = try EvalModel.load(directory: rung, family: family)
                    summaries.append(try runner.run(model: model, task: evalTask, configuration: configuration))
                    bar.finish()
                }
            } else if let model {
                let loaded = try EvalModel.load(directory: URL(fileURLWithPath: model), name: name, family: family)
                summaries.append(try runner.run(model: loaded, task: evalTask, configuration: configuration))
                bar.finish()
            }
        } catch let error as CLIError {
            throw error
        } catch {
            bar.finish()
            throw CLIError("\(error)")
        }
        var listing = Listing(columns: ["model", "task", "strategy", "evaluated", "skipped", "correct", "accuracy", "seconds"])
        for s in summaries {
            listing.append([Cell(s.model), Cell(s.task), Cell(s.strategy), Cell(s.evaluated), Cell(s.skipped),
                            Cell(s.correct), Cell(s.accuracy), Cell((s.seconds * 10).rounded() / 10)])
        }
        print(listing.render(output.format))
    }
}

extension Eval {
    /// The served model as an `EvalModel` (backend "openai"). With `--model DIR`
    /// its tokenizer.json is used to send continuations as ids, tokenized
    /// apart from their prompt exactly as the local core does.
    private func remoteModel() async throws -> EvalModel {
        let (client, served) = try await RemoteConnection(baseURL: baseURL, modelName: modelName, apiKeyEnv: apiKeyEnv,
                                                          concurrency: concurrency).open()
        var tokenizer: (any TextTokenizer)?
        if let model {
            do {
                tokenizer = try ByteLevelBPETokenizer(contentsOf: URL(fileURLWithPath: model).appendingPathComponent("tokenizer.json"))
            } catch {
                throw CLIError("Cannot use the tokenizer of \(model): \(error)")
            }
        }
        let stored = name ?? served
        return EvalModel(textModel: RemoteTextModel(name: stored, client: client, modelName: served, tokenizer: tokenizer),
                         name: stored, facts: ModelFacts(family: family, checkpoint: client.baseURL.absoluteString),
                         backend: "openai")
    }
}

extension Eval {
    /// The stored names of the models this command names: every rung of `--ladder`, or `--model` (or `--name`).
    func modelNames() throws -> [String] {
        if let ladder {
            return try EvalModel.ladderRungs(in: URL(fileURLWithPath: ladder)).map { $0.standardizedFileURL.lastPathComponent }
        }
        return [name ?? modelName ?? URL(fileURLWithPath: model ?? "").standardizedFileURL.lastPathComponent]
    }

    /// `--cot-report DIR`: every stored run of these models on the task, as the chain-of-thought report.
    func writeCoTReport(database: ResultsDatabase, task: String, folder: String) throws {
        let names = try modelNames()
        let data = try CoTReportBuilder.build(database: database, task: task, models: names,
                                              title: "Chain of thought across scale: \(task)")
        guard !data.points.isEmpty else {
            throw CLIError("No stored runs of \(names.joined(separator: ", ")) on \(task); evaluate them first.")
        }
        let files: [URL]
        do { files = try CoTReportWriter.write(data, to: URL(fileURLWithPath: folder, isDirectory: true)) } catch {
            throw CLIError("Cannot write the report into \(folder): \(error.localizedDescription)")
        }
        print("wrote \(files.count) files (\(data.models.count) models, \(data.series.count) strategies) to "
              + URL(fileURLWithPath: folder).appendingPathComponent(CoTReportWriter.markdown).path)
    }

    /// `--show-stored-trees`: the stored traces of each model's matching run, under a `== model ==` line.
    func printStoredTrees(database: ResultsDatabase, task: String, configuration: EvalConfiguration) throws {
        let names = try modelNames()
        var found = false
        for modelName in names {
            let texts = try EvalTrace.storedRenderings(database: database, model: modelName, task: task,
                                                       configuration: configuration, backend: backend)
            guard !texts.isEmpty else { continue }
            found = true
            print("== \(modelName) ==")
            texts.forEach { print($0) }
        }
        if !found {
            throw CLIError("No stored trees or votes for \(names.joined(separator: ", ")) on \(task) with \(configuration.strategy.name) and these settings.")
        }
    }
}

/// `--help` text: every strategy's template, rendered for a sample question.
private let strategyHelp: String = {
    let sample = PromptInput(prompt: "Q: 47+38= A: ", exemplars: [
        (prompt: "Q: 12+34= A: ", solution: "Let's think step by step.\n<worked solution>\nThe answer is 046."),
    ])
    var lines = ["Strategies and the exact prompt each shows (\\n is a newline), for the prompt \"Q: 47+38= A: \":", ""]
    for strategy in Strategy.all {
        let prompt = Elicitor(strategy: strategy, settings: StrategySettings(exemplars: 1)).prompt(for: sample)
        lines.append("  \(strategy.name)")
        lines.append("    \"\(prompt.replacingOccurrences(of: "\n", with: "\\n"))\"")
    }
    lines += ["",
              "few-shot-cot repeats the exemplar block (\"<exemplar prompt> <worked solution>\\n\\n\") --exemplars times.",
              "self-consistency samples --samples chains at --temperature and stores each; the answer is the majority "
                  + "of their extracted answers, ties going to the answer of the earliest sample.",
              "tree-of-thoughts proposes --breadth next lines per node, values them by the task's verifier (or "
                  + "log-probability), expands best first, keeps --breadth frontier nodes, stops at \"The answer is\" "
                  + "or --depth lines.",
              "Answers are extracted from \"The answer is X\", then \"A: X\", then the last number; the rule used is stored.",
              "",
              "BIG-bench tasks (import --kind bigbench, or --task path/task.json) are prompted as BIG-bench renders "
                  + "them: task prefix, then --shots K exemplars (other examples of the task, each followed by one of its targets, drawn with --seed, "
                  + "default 42), then the question. The answer is the generated text post-processed by the task's "
                  + "stop_string and output_regex (rule bigbench), and exact match is BIG-bench's exact_str_match "
                  + "against every acceptable target; choices are scored by log-likelihood. See docs/bigbench.md.",
              "A re-run skips examples already stored for the same model, task, strategy and settings."]
    return lines.joined(separator: "\n")
}()

/// A one-line progress bar on stderr, redrawn at most 10 times a second.
private final class ProgressBar: @unchecked Sendable {
    private var lastDraw = Date.distantPast
    private var drawn = false

    func update(_ p: EvalProgress) {
        let now = Date()
        guard p.done == p.total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let width = 24
        let filled = p.total > 0 ? width * p.done / p.total : width
        let evaluated = p.done - p.skipped
        let rate = p.elapsedSeconds > 0 ? Double(evaluated) / p.elapsedSeconds : 0
        let accuracy = evaluated > 0 ? String(format: " acc %.3f", Double(p.correct) / Double(evaluated)) : ""
        let line = "\r\(p.model) \(p.task) \(p.strategy) [\(String(repeating: "#", count: filled))"
            + "\(String(repeating: ".", count: width - filled))] \(p.done)/\(p.total)"
            + (p.skipped > 0 ? " (\(p.skipped) stored)" : "") + accuracy + String(format: " %.1f ex/s", rate)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
        lastDraw = .distantPast
    }
}

/// Appends strategy outcomes as JSON Lines (`{"example", "outcome"}`).
private final class TraceWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let encoder = JSONEncoder()

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CLIError("Cannot create the traces file \(path).")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CLIError("Cannot write the traces file \(path).") }
        handle.seekToEndOfFile()
        self.handle = handle
        encoder.outputFormatting = [.sortedKeys]
    }

    func write(exampleIndex: Int, outcome: StrategyOutcome) throws {
        struct Line: Encodable { var example: Int; var outcome: StrategyOutcome }
        var data = try encoder.encode(Line(example: exampleIndex, outcome: outcome))
        data.append(0x0A)
        handle.write(data)
    }
}
