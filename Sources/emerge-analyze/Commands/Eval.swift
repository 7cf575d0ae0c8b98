import ArgumentParser
import Elicitation
import Experiments
import Foundation
import InferenceCore
import RemoteBackend
import ResultsStore
import TaskSuite

/// `eval`: a model (or every rung of a ladder) × a task × a prompting
/// strategy, every output stored (docs/elicitation.md). Thin: parses, calls
/// `Experiments.EvalRunner`, shows progress on stderr and prints a summary.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model or a ladder on a task with a prompting strategy.",
        discussion: strategyHelp)

    @OptionGroup(title: "Models") var models: ModelSelection
    @Option(name: .long, help: "Task: add3, sub2, mul2 (1-9 digits), unscramble, a .jsonl task file, an imported BIG-bench task (arithmetic:2_digit_addition) or a BIG-bench task.json (imported first).")
    var task: String
    @OptionGroup(title: "Strategy") var strategy: StrategyOptions
    @Option(name: .long, help: "Evaluate only the first N examples.")
    var limit: Int?
    @Option(name: .long, help: "Examples drawn from a synthetic task's test split when the store holds none yet.")
    var examples: Int = EvalTask.defaultExampleCount
    @Option(name: .long, help: "Model family to record when the store has none for the model.")
    var family: String?
    @Flag(name: .customLong("show-trees"), help: "Print every explored tree of thoughts (and self-consistency votes) to stdout.")
    var showTrees = false
    @Option(name: .long, help: "Also write every strategy outcome (samples, votes, trees) as JSON Lines to this file.")
    var traces: String?
    @OptionGroup(title: "Remote backend") var remote: RemoteOptions
    @Flag(name: .customLong("show-stored-trees"), help: "Evaluate nothing: print the stored trees of thoughts and self-consistency votes of these models, task, strategy and settings (the show-trees command; kept for existing scripts).")
    var showStoredTrees = false
    @Option(name: .customLong("cot-report"), help: ArgumentHelp("Evaluate nothing: write the chain-of-thought report of these models on this task into this folder (the cot-report command with --out; kept for existing scripts).", valueName: "dir"))
    var cotReport: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func validate() throws {
        if remote.backend == .openai {
            guard models.ladder == nil else {
                throw ValidationError("--ladder runs local checkpoints; with --backend openai name the served model with --model-name.")
            }
        } else {
            guard (models.model == nil) != (models.ladder == nil) else {
                throw ValidationError("Give exactly one of --model DIR and --ladder DIR.")
            }
        }
        if let limit, limit < 0 { throw ValidationError("--limit must be at least 0.") }
    }

    func run() async throws {
        let configuration = try strategy.configuration(limit: limit)
        let database = try ResultsDatabase(path: store.resolvedPath)
        let evalTask = try resolveEvalTask(task, database: database, count: max(examples, limit ?? 0))
        if showStoredTrees {
            try ShowTrees.printStoredTrees(database: database, task: evalTask.name,
                                           models: try models.storedNames(servedName: remote.modelName),
                                           configuration: configuration, backend: remote.storedBackend)
            return
        }
        if let cotReport {
            try CoTReport.write(database: database, task: evalTask.name,
                                models: try models.storedNames(servedName: remote.modelName), folder: cotReport)
            return
        }
        let traceFile = try traces.map { try TraceWriter(path: $0) }
        let progress = ProgressReporter.standardError()
        let showTrees = self.showTrees
        let runner = EvalRunner(database: database, progress: { progress.update($0.evalLine) }, onOutcome: { index, outcome in
            try? traceFile?.write(exampleIndex: index, outcome: outcome)
            guard showTrees else { return }
            if let tree = outcome.tree { print(EvalTrace.treeText(example: index, answer: outcome.answer, tree: tree)) }
            if let vote = outcome.vote { print(EvalTrace.voteText(example: index, SelfConsistencyTrace(vote))) }
        })
        var summaries: [EvalSummary] = []
        do {
            if remote.backend == .openai {
                summaries.append(try runner.run(model: try await remoteModel(), task: evalTask, configuration: configuration))
                progress.finish()
            } else if let ladder = models.ladder {
                let rungs = try EvalModel.ladderRungs(in: URL(fileURLWithPath: ladder))
                guard !rungs.isEmpty else { throw EvalError.emptyLadder(ladder) }
                for rung in rungs {
                    let model = try EvalModel.load(directory: rung, family: family)
                    summaries.append(try runner.run(model: model, task: evalTask, configuration: configuration))
                    progress.finish()
                }
            } else if let model = models.model {
                let loaded = try EvalModel.load(directory: URL(fileURLWithPath: model), name: models.name, family: family)
                summaries.append(try runner.run(model: loaded, task: evalTask, configuration: configuration))
                progress.finish()
            }
        } catch let error as CLIError {
            throw error
        } catch {
            progress.finish()
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
    /// The served model as an `EvalModel` (backend "openai", or "openai-chat"
    /// with `--api chat`: strategies sent as messages). With `--model DIR`
    /// its tokenizer.json is used to send continuations as ids, tokenized
    /// apart from their prompt exactly as the local core does.
    private func remoteModel() async throws -> EvalModel {
        let (client, served) = try await remote.open()
        var tokenizer: (any TextTokenizer)?
        if let model = models.model {
            do {
                tokenizer = try ByteLevelBPETokenizer(contentsOf: URL(fileURLWithPath: model).appendingPathComponent("tokenizer.json"))
            } catch {
                throw CLIError("Cannot use the tokenizer of \(model): \(error)")
            }
        }
        let stored = models.name ?? served
        let textModel: any TextModel = remote.api == .chat
            ? RemoteChatModel(name: stored, client: client, modelName: served, tokenizer: tokenizer)
            : RemoteTextModel(name: stored, client: client, modelName: served, tokenizer: tokenizer)
        return EvalModel(textModel: textModel, name: stored,
                         facts: ModelFacts(family: family, checkpoint: client.baseURL.absoluteString),
                         backend: remote.storedBackend)
    }
}

extension EvalProgress {
    /// The status line of an evaluation: model, task, strategy, a bar,
    /// examples done, those found stored, accuracy so far and speed.
    var evalLine: String {
        let evaluated = done - skipped
        let rate = elapsedSeconds > 0 ? Double(evaluated) / elapsedSeconds : 0
        let accuracy = evaluated > 0 ? String(format: " acc %.3f", Double(correct) / Double(evaluated)) : ""
        return "\(model) \(task) \(strategy) \(ProgressReporter.bar(done: done, total: total)) \(done)/\(total)"
            + (skipped > 0 ? " (\(skipped) stored)" : "") + accuracy + String(format: " %.1f ex/s", rate)
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
              "few-shot repeats \"<exemplar prompt><answer>\\n\" --exemplars times, the answer being the one the worked solution states.",
              "few-shot-cot repeats the exemplar block (\"<exemplar prompt> <worked solution>\\n\\n\") --exemplars times.",
              "self-consistency samples --samples chains at --temperature and stores each; the answer is the majority "
                  + "of their extracted answers, ties going to the answer of the earliest sample.",
              "tree-of-thoughts proposes --breadth next lines per node, values them by the task's verifier (or "
                  + "log-probability, or with --tree-scoring self the model's own rating from \"State: <problem → steps>\\n"
                  + "Thought: <step>\\nRate this step (0-10):\"), expands best first, keeps --breadth frontier nodes, "
                  + "stops at \"The answer is\" or --depth lines.",
              "self-verification answers the zero-shot-cot prompt, then --verification-rounds times is shown that prompt, "
                  + "its last answer, a blank line and \"\(PromptTemplate.checkAnswer.body.replacingOccurrences(of: "\n", with: "\\n"))\"; "
                  + "the last check's answer is final (a check that states none keeps the one before).",
              "confidence reads \"Confidence: N\" or \"N/10\" (1-10) from the response and takes \"I don't know\" as an "
                  + "abstention (rule abstained, no answer); format:json reads the answer member of the first JSON object "
                  + "(rule json; rule malformed-json and no answer when it cannot).",
              "--template NAME|FILE runs a prompt template instead (a built-in, such as the tutorial's prompts, or your own file) "
                  + "with the answer handling of the strategy it names, stored as template:<name>; emerge-analyze templates "
                  + "prints the built-ins (docs/elicitation.md#templates).",
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
