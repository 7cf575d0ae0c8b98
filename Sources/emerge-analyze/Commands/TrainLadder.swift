import ArgumentParser
import Experiments
import Foundation
import ResultsStore
import TaskSuite
import Training

/// `train-ladder`: trains a ladder of tiny GPT-2s on a generated task,
/// then evaluates every rung on the held-out test set and stores the outputs
/// (docs/ladders.md). Re-running continues where it stopped. Thin: parses,
/// calls `Experiments.LadderTrainer` and `LadderEvaluator`, draws progress.
struct TrainLadder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-ladder",
        abstract: "Train a ladder of tiny transformers and evaluate every rung.",
        discussion: """
        Without --sizes and --task, trains the full 3-digit-addition ladder (eleven rungs, 1,500 steps × 64 \
        sequences each, 2,000 test examples, one seed per size unless --seeds); --quick picks the demo ladder \
        (four rungs, two seeds per size, 1,000 test examples). --task unscramble has its own preset (five rungs \
        32x2…128x3, 1,000 test examples; --quick: three rungs, 500). \
        Training FLOPs per token are 6·N + 6·L·T·C (N parameters without position embeddings, L layers, \
        T sequence length, C width).

        --scratchpad-mix F makes a ladder that can think step by step: a share F of the training examples are \
        worked solutions shown as the step-by-step strategies prompt for them ("Q: 47+38= A: Let's think step by \
        step.\n" then one line per digit and "The answer is 085."), each after 0 to --scratchpad-exemplars worked \
        exemplars exactly as few-shot-cot renders them; the rest are direct answers. The rungs are named after the \
        mix (ladder-add2-cot50-w064-d3, family ladder-add2-cot50), their context fits the longest such sequence, \
        and their standard evaluation is the same. --task word-problems --elicitation-mix trains on multi-step \
        word problems shown in every framing the strategies use, each as its strategy renders it \
        (ladder-word-problems-framed-w064-d3). Evaluate the step-by-step strategies with eval --ladder and \
        the --max-tokens train-ladder prints at the end, so no few-shot prompt is cut.

        --seeds K trains every size K times, each from its own initialisation and data order, and tests all of \
        them on the same examples. Seed index i trains from --seed + i; index 0 keeps the rung's name \
        (ladder-add3-w064-d3, the model a one-seed ladder trains, bit for bit) and index i > 0 is named \
        ladder-add3-w064-d3-s<i>. Each is a model of its own (its folder, its checkpoints, its row in the store \
        with the size group ladder-add3-w064-d3 and its training seed), so an interrupted seed resumes alone and \
        a larger --seeds on the same --out trains only the new seeds. The seeds train one whole ladder at a time. \
        See docs/ladders.md.
        """)

    @Option(name: .long, help: "Directory for the checkpoints (one subdirectory per rung and seed) and ladder.json.")
    var out: String
    @Option(name: .long, help: "Task: add3, sub2, mul2, … (default add3), unscramble (its own preset), order1…order8, analogy.")
    var task: String?
    @Option(name: .long, help: "Model sizes WIDTHxDEPTH[xHEADS], comma-separated, e.g. 16x1,24x2,64x3.")
    var sizes: String?
    @Option(name: .long, help: "Training tokens per rung (sets the steps: tokens / (batch × the longest sequence); stored tokens and FLOPs count real positions, padding excluded).")
    var tokens: Double?
    @Option(name: .customLong("batch-size"), help: "Training sequences per step (default 64).")
    var batchSize: Int?
    @Option(name: .long, help: "Seed of the initial weights and the data order (of the first seed per size).")
    var seed: UInt64 = 0
    @Option(name: .long, help: ArgumentHelp(
        "Models per size, each from its own initialisation and data order (default 1; 2 with --quick).",
        discussion: "Seed index i trains from --seed + i and is named <rung>-s<i> (index 0 keeps the rung's name)."))
    var seeds: Int?
    @Option(name: .long, help: "Test examples per rung (default 2,000; 1,000 with --quick).")
    var examples: Int?
    @Flag(name: .long, help: "The quick demo preset (four rungs × two seeds, 1,000 test examples).")
    var quick = false
    @Option(name: .customLong("scratchpad-mix"),
            help: "Share (0-1, in steps of 0.01) of training examples that are worked step-by-step solutions (default 0: direct answers only).")
    var scratchpadMix: Double = 0
    @Option(name: .customLong("scratchpad-exemplars"),
            help: "With --scratchpad-mix: the most worked exemplars (0-K, uniformly) shown before a step-by-step example, as few-shot-cot renders them.")
    var scratchpadExemplars: Int = 1
    @Flag(name: .customLong("elicitation-mix"),
          help: "With --task word-problems: train on every framing the strategies use (personas, enhanced, few-shot, chain of thought, self-verification, confidence; docs/ladders.md).")
    var elicitationMix = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func validate() throws {
        if let tokens { guard tokens > 0, tokens.isFinite else { throw ValidationError("--tokens must be positive.") } }
        if let examples { guard examples > 0 else { throw ValidationError("--examples must be positive.") } }
        if let batchSize { guard batchSize > 0 else { throw ValidationError("--batch-size must be positive.") } }
        if let seeds { guard seeds > 0 else { throw ValidationError("--seeds must be 1 or more.") } }
        guard (0...1).contains(scratchpadMix), abs((scratchpadMix * 100).rounded() - scratchpadMix * 100) < 1e-9 else {
            throw ValidationError("--scratchpad-mix must be a share between 0 and 1 in steps of 0.01.")
        }
        guard scratchpadExemplars >= 0 else { throw ValidationError("--scratchpad-exemplars must be 0 or more.") }
    }

    func makePlan() throws -> LadderPlan {
        var plan: LadderPlan
        do { plan = try LadderPlan.preset(task: task ?? "add3", quick: quick, seed: seed) } catch { throw CLIError("\(error)") }
        if scratchpadMix > 0 {
            guard plan.task is ArithmeticTask else { throw CLIError(LadderError.notArithmetic(plan.task.name).description) }
            plan.scratchpadMix = ScratchpadMix(fraction: scratchpadMix, exemplars: scratchpadExemplars)
        }
        if elicitationMix {
            guard let problems = plan.task as? WordProblemTask, !problems.worked else {
                throw CLIError(LadderError.notWordProblems(plan.task.name).description)
            }
            plan.elicitationMix = ElicitationMix()
        }
        if let sizes {
            do { plan.rungs = try LadderPlan.parseSizes(sizes) } catch { throw CLIError("\(error)") }
        }
        if let batchSize { plan.training.batchSize = batchSize }
        if let tokens {
            plan.training.steps = max(1, Int((tokens / Double(plan.training.batchSize * plan.sequenceLength)).rounded(.up)))
            plan.training.warmupSteps = min(plan.training.warmupSteps, max(1, plan.training.steps / 10))
        }
        if let examples { plan.testExamples = examples }
        if let seeds { plan.seeds = seeds }
        return plan
    }

    func run() async throws {
        let plan = try makePlan()
        let directory = URL(fileURLWithPath: out)
        // One run per folder, training and evaluation both: a second run is refused at once.
        let lock: LadderLock
        do { lock = try LadderLock(directory: directory) } catch { throw CLIError("\(error)") }
        defer { lock.release() }
        let progress = ProgressReporter.standardError()
        let trainer = LadderTrainer(plan: plan, directory: directory, onEvent: { progress.show($0) })
        let results: [LadderRungResult]
        do { results = try trainer.train(holding: lock) } catch {
            progress.finish()
            throw CLIError("\(error)")
        }
        progress.finish()
        let database = try ResultsDatabase(path: store.resolvedPath)
        let evaluator = LadderEvaluator(plan: plan, directory: directory, database: database, progress: { progress.show($0) })
        let summaries: [EvalSummary]
        do { summaries = try evaluator.evaluate(results) } catch {
            progress.finish()
            throw CLIError("\(error)")
        }
        progress.finish()
        var listing = Listing(columns: ["model", "seed", "params", "training_flops", "final_loss", "evaluated", "skipped",
                                        "greedy_accuracy"])
        for (result, summary) in zip(results, summaries) {
            // Models from manifests older than seeds trained from the ladder's seed.
            let seed = result.seed ?? plan.training.seed
            listing.append([Cell(result.name), Cell(Int(truncatingIfNeeded: seed)), Cell(result.params), Cell(result.trainingFlops),
                            Cell(result.finalLoss.map { ($0 * 1000).rounded() / 1000 }), Cell(summary.evaluated),
                            Cell(summary.skipped), Cell(summary.accuracy)])
        }
        print(listing.render(output.format))
        if let tokens = plan.maxStepByStepTokens {
            FileHandle.standardError.write(Data(("step-by-step strategies: eval --ladder \(out) --task \(plan.task.name) "
                + "--max-tokens \(tokens) (--exemplars at most \(plan.scratchpadMix?.exemplars ?? plan.elicitationMix?.fewShotCoTExemplars ?? 0))\n").utf8))
        }
    }
}

extension ProgressReporter {
    /// Shows a ladder's training: one line per rung and seed with its step,
    /// loss and speed; a rung found trained says so. Each rung ends its line.
    func show(_ event: LadderEvent) {
        switch event {
        case let .training(index, count, seedIndex, seeds, name, step, steps, loss, tokensPerSecond):
            let seed = seeds > 1 ? "seed \(seedIndex + 1)/\(seeds) " : ""
            update("rung \(index + 1)/\(count) \(seed)\(name) \(Self.bar(done: step, total: max(1, steps))) "
                   + "step \(step)/\(steps) loss \(String(format: "%.4f", loss)) \(String(format: "%.0f", tokensPerSecond)) tok/s")
        case let .trained(result, skipped):
            if skipped { update("\(result.name): already trained (\(result.steps) steps)") }
            finish()
        }
    }

    /// Shows the evaluation of one rung: a bar, examples done, those found
    /// stored and the exact match so far; the rung's last example ends the line.
    func show(_ p: EvalProgress) {
        let evaluated = p.done - p.skipped
        let accuracy = evaluated > 0 ? String(format: " exact %.3f", Double(p.correct) / Double(evaluated)) : ""
        update("eval \(p.model) \(Self.bar(done: p.done, total: p.total)) \(p.done)/\(p.total)"
               + (p.skipped > 0 ? " (\(p.skipped) stored)" : "") + accuracy)
        if p.done == p.total { finish() }
    }
}
