import Foundation
import TaskSuite
import Training

/// One model size of a ladder.
public struct LadderRung: Sendable, Equatable, Codable {
    public var width: Int
    public var depth: Int
    public var heads: Int

    /// `heads` defaults to 4 when the width allows it (else 2, else 1).
    public init(width: Int, depth: Int, heads: Int? = nil) {
        self.width = width; self.depth = depth
        self.heads = heads ?? (width % 4 == 0 ? 4 : width % 2 == 0 ? 2 : 1)
    }

    /// The rung's directory and store name, sortable by size: `ladder-add3-w064-d3`.
    public func name(task: String) -> String {
        "ladder-\(task)-w" + String(repeating: "0", count: max(0, 3 - String(width).count)) + "\(width)-d\(depth)"
    }

    public func config(vocabularySize: Int, contextLength: Int) -> GPT2Config {
        GPT2Config(vocabSize: vocabularySize, contextLength: contextLength, width: width, depth: depth, heads: heads)
    }
}

/// One model of a ladder: a rung trained from one of its seeds.
///
/// Seed index 0 is the rung as a one-seed ladder trains it: same name, same
/// training seed, same bits. Seed index i > 0 is named `<rung name>-s<i>`
/// (`ladder-add3-w064-d3-s1`) and trains from the ladder's seed + i.
public struct LadderModel: Sendable, Equatable {
    public var rung: LadderRung
    /// 0 ..< `LadderPlan.seeds`.
    public var seedIndex: Int
    /// The seed of its initial weights and data order (`TrainingOptions.seed`).
    public var seed: UInt64
    /// Its directory and store name.
    public var name: String
    /// The name every seed of its size shares: the rung's name without a seed
    /// (the store's `size_group` when the ladder has several seeds).
    public var sizeGroup: String
}

/// A ladder: a task, model sizes, and one training recipe for all of them.
/// The task is any generator whose longest example is known (arithmetic,
/// word unscrambling, the reasoning tasks), so the context holds every one.
///
/// Every rung sees the same number of training sequences (`steps × batch`,
/// fresh examples of the task's train split each step, the same data order
/// for the same seed), so rungs differ only in size and training compute.
/// The test set is `testExamples` examples of the task's test split (disjoint
/// from training by construction). With a `scratchpadMix` part of the
/// training examples are worked solutions (see `ScratchpadMix`), and the
/// ladder is named after the mix (`ladder-add2-cot50-w064-d3`). A
/// word-problem ladder with an `elicitationMix` trains on every framing the
/// strategies use (see `ElicitationMixTask`; `ladder-word-problems-framed-w064-d3`).
///
/// With `seeds` = K > 1 every rung is trained K times, from K initialisations
/// and K data orders (see `LadderModel`); all of them are tested on the same
/// examples, so the seeds of a size differ in the model only.
public struct LadderPlan: Sendable, Equatable {
    /// The task; a `scratchpadMix` needs an arithmetic one (`ArithmeticTask`).
    public var task: any LengthBoundedTask
    public var rungs: [LadderRung]
    /// The recipe; its `seed` is the ladder's seed, the training seed of seed index 0.
    public var training: TrainingOptions
    public var testExamples: Int
    /// Checkpoint every this many steps (resumable training).
    public var checkpointEvery: Int
    /// Step-by-step examples in the training mix; nil: direct answers only.
    public var scratchpadMix: ScratchpadMix?
    /// A word-problem ladder's framings (`ElicitationMix`; the task must be a
    /// `WordProblemTask` without worked targets); nil: direct answers only.
    public var elicitationMix: ElicitationMix?
    /// Models trained per size, each from its own seed (at least 1).
    public var seeds: Int

    public init(task: any LengthBoundedTask, rungs: [LadderRung], training: TrainingOptions, testExamples: Int,
                checkpointEvery: Int = 250, scratchpadMix: ScratchpadMix? = nil, elicitationMix: ElicitationMix? = nil,
                seeds: Int = 1) {
        precondition(seeds >= 1, "a ladder trains at least one seed per size")
        self.task = task; self.rungs = rungs; self.training = training
        self.testExamples = testExamples; self.checkpointEvery = checkpointEvery; self.scratchpadMix = scratchpadMix
        self.elicitationMix = elicitationMix
        self.seeds = seeds
    }

    /// Plans are equal when everything but the task is, and the tasks have one name (a name denotes one generator).
    public static func == (lhs: LadderPlan, rhs: LadderPlan) -> Bool {
        lhs.task.name == rhs.task.name && lhs.rungs == rhs.rungs && lhs.training == rhs.training
            && lhs.testExamples == rhs.testExamples && lhs.checkpointEvery == rhs.checkpointEvery
            && lhs.scratchpadMix == rhs.scratchpadMix && lhs.elicitationMix == rhs.elicitationMix && lhs.seeds == rhs.seeds
    }

    /// The training seed of seed index `index`: the ladder's seed + index
    /// (wrapping). Index 0 is the ladder's own seed, so a one-seed ladder
    /// trains exactly what it always did, and seed index i of a ladder is the
    /// same model as a one-seed ladder started with `--seed` (seed + i).
    /// Neighbouring seeds are independent: `Trainer` hashes the seed
    /// (SplitMix64's finaliser) before drawing weights or data.
    public func trainingSeed(seedIndex index: Int) -> UInt64 { training.seed &+ UInt64(index) }

    /// The recipe of seed index `index`: `training` with its training seed.
    public func trainingOptions(seedIndex index: Int) -> TrainingOptions {
        var options = training
        options.seed = trainingSeed(seedIndex: index)
        return options
    }

    /// The name of `rung` trained from seed index `index`: the rung's name for
    /// index 0 (so a ladder grown from one seed to several keeps its models),
    /// `<rung name>-s<index>` after it.
    public func modelName(_ rung: LadderRung, seedIndex index: Int) -> String {
        index == 0 ? rungName(rung) : rungName(rung) + "-s\(index)"
    }

    /// Every model of the ladder in training order: the whole ladder of seed
    /// index 0 first, then of index 1, … — an interrupted run leaves complete
    /// ladders for its first seeds, and adding seeds appends.
    public var models: [LadderModel] {
        (0..<seeds).flatMap { index in
            rungs.map { rung in
                LadderModel(rung: rung, seedIndex: index, seed: trainingSeed(seedIndex: index),
                            name: modelName(rung, seedIndex: index), sizeGroup: rungName(rung))
            }
        }
    }

    /// What the rungs train on: the task, or the task mixed with its worked solutions.
    public var trainingTask: any TaskGenerator {
        if let elicitationMix { return ElicitationMixTask(task: framedTask, mix: elicitationMix) }
        guard let scratchpadMix else { return task }
        return ScratchpadMixTask(task: mixedTask, mix: scratchpadMix)
    }

    /// The ladder's name in rung names and its family: the task (`add3`), or
    /// the task and its mix (`add2-cot50`).
    public var name: String { trainingTask.name }

    /// A rung's directory and model name in this ladder (`ladder-add2-cot50-w064-d3`).
    public func rungName(_ rung: LadderRung) -> String { rung.name(task: name) }

    /// The store family of the ladder's models.
    public var family: String { "ladder-\(name)" }

    /// The characters the rungs read and write.
    public var vocabulary: CharVocabulary { trainingTask.vocabulary }

    /// Token positions per training sequence (prompt + target − 1); with a
    /// mix, of the longest step-by-step example (nearly every batch holds
    /// one, and a batch is as long as its longest sequence).
    public var sequenceLength: Int {
        if let elicitationMix { return ElicitationMixTask(task: framedTask, mix: elicitationMix).longestExample - 1 }
        if let scratchpadMix { return ScratchpadMixTask(task: mixedTask, mix: scratchpadMix).longestExample - 1 }
        return task.longestExample - 1
    }

    /// Learned positions: the sequence plus room for greedy decoding, rounded up to 8.
    public var contextLength: Int { (sequenceLength + 1 + maxAnswerTokens + 7) / 8 * 8 }

    /// New tokens greedy decoding may produce (the answer, its newline, and one spare).
    public var maxAnswerTokens: Int { task.longestTarget + 1 }

    /// New tokens a step-by-step generation needs (the longest worked
    /// solution after its trigger line, and one spare) — the `--max-tokens`
    /// to evaluate a mix ladder's step-by-step strategies with: the context
    /// then holds every prompt the mix trained on plus that many tokens, so
    /// no few-shot prompt is cut. nil without a mix.
    public var maxStepByStepTokens: Int? {
        if elicitationMix != nil {
            // The longest worked lines after the trigger line, "The answer is 99." with its newline, one spare.
            return framedTask.longestSolution - (Scratchpad.opening.count + 1) + 1
        }
        guard scratchpadMix != nil else { return nil }
        // The solution less its trigger line (opening + newline), plus one spare.
        return Scratchpad.longestSolution(task: mixedTask.withScratchpad) - (Scratchpad.opening.count + 1) + 1
    }

    /// The word problems an elicitation mix is built from (`train-ladder` refuses the mix on any other task).
    var framedTask: WordProblemTask {
        guard let problems = task as? WordProblemTask, !problems.worked else {
            preconditionFailure("an elicitation mix needs the word-problem task, not \(task.name)")
        }
        return problems
    }

    /// The arithmetic task a scratchpad mix is built from (`train-ladder` refuses a mix on any other task).
    var mixedTask: ArithmeticTask {
        guard let arithmetic = task as? ArithmeticTask else {
            preconditionFailure("a scratchpad mix needs an arithmetic task, not \(task.name)")
        }
        return arithmetic
    }

    /// The full ladder for `make reproduce-mirage` (3-digit addition). At
    /// 1,500 steps × 64 the exact-match cliff lies between about 60k and 340k
    /// parameters (docs/ladders.md#the-presets); the rungs 64×3…80×3, in
    /// steps of 4 in width, sit inside it, with rungs on each side to anchor
    /// floor and ceiling. 2,000 test examples give 95%
    /// intervals of at most ±2.2 points.
    public static func full(seed: UInt64 = 0) -> LadderPlan {
        LadderPlan(task: ArithmeticTask(operation: .addition, digits: 3),
                   rungs: [(32, 2), (48, 2), (48, 3), (56, 3), (64, 3), (68, 3), (72, 3), (76, 3), (80, 3), (96, 3), (128, 3)]
                       .map { LadderRung(width: $0.0, depth: $0.1) },
                   training: TrainingOptions(steps: 1500, batchSize: 64, seed: seed), testExamples: 2000)
    }

    /// The `--quick` preset for `make demo`: the same task and recipe (so its
    /// models are the full ladder's, bit for bit), two seeds per size, four
    /// sizes — two at the floor (32×2, 48×3), one inside the cliff (64×3) and
    /// one past it (76×3) — and 1,000 test examples (95% intervals of at most
    /// ±3.1 points).
    ///
    /// Why these four: a demo has five minutes after the build, and training
    /// is nearly all of it (evaluating 1,000 examples takes a second or two
    /// per model). A rung's training costs about its parameter count; these
    /// four with two seeds take about 3 minutes on two idle cores
    /// (docs/ladders.md has the measurements). Where the seeds put the
    /// largest change of exact match decides what the verdict can say: after
    /// 64×3 it has three sizes before it and the surprise rule tests it;
    /// into 64×3 it does not, and the verdict says `insufficient-data`,
    /// naming the sizes to add (docs/verdict.md).
    public static func quick(seed: UInt64 = 0) -> LadderPlan {
        LadderPlan(task: ArithmeticTask(operation: .addition, digits: 3),
                   rungs: [(32, 2), (48, 3), (64, 3), (76, 3)].map { LadderRung(width: $0.0, depth: $0.1) },
                   training: TrainingOptions(steps: 1500, batchSize: 64, seed: seed), testExamples: 1000, seeds: 2)
    }

    /// Parses `16x1,24x2,64x3x8` (width × depth [× heads]).
    public static func parseSizes(_ text: String) throws -> [LadderRung] {
        let rungs = try text.split(separator: ",").map { item -> LadderRung in
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: "x").map { Int($0) }
            guard (2...3).contains(parts.count), parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw LadderError.badSizes(String(item))
            }
            let rung = LadderRung(width: parts[0]!, depth: parts[1]!, heads: parts.count == 3 ? parts[2] : nil)
            guard rung.width % rung.heads == 0 else { throw LadderError.badSizes(String(item)) }
            return rung
        }
        guard !rungs.isEmpty else { throw LadderError.badSizes(text) }
        return rungs
    }
}

public enum LadderError: Error, CustomStringConvertible, Equatable {
    case badSizes(String)
    case notArithmetic(String)
    /// A task name `train-ladder` cannot train a ladder on.
    case notTrainable(String)
    /// `--elicitation-mix` on a task other than word problems.
    case notWordProblems(String)
    case mismatchedPlan(String)
    /// Another run holds the ladder folder (see `LadderLock`): the folder and the holder's process id.
    case busy(String, holder: Int32?)
    /// The lock file could not be opened or locked: its path and the system's reason.
    case lockFailed(String, String)

    public var description: String {
        switch self {
        case let .badSizes(text):
            "The size \"\(text)\" is not WIDTHxDEPTH or WIDTHxDEPTHxHEADS with positive numbers (heads dividing the width)."
        case let .notArithmetic(task):
            "--scratchpad-mix trains on worked arithmetic solutions (add3, sub2, mul2, …); \"\(task)\" is not an arithmetic task."
        case let .notWordProblems(task):
            "--elicitation-mix trains on word problems (word-problems, word-problems3, …); \"\(task)\" is not that task."
        case let .notTrainable(task):
            "train-ladder trains on a generated task (add3, sub2, mul2, … without -scratchpad; unscramble; order1…order8; "
                + "analogy); \"\(task)\" is not one."
        case let .mismatchedPlan(path):
            "The ladder in \(path) was started with other settings; use another --out directory or the same options."
        case let .busy(path, holder):
            "Another train-ladder run\(holder.map { " (process \($0))" } ?? "") is writing the ladder folder \(path); "
                + "wait for it to finish, or use another --out folder."
        case let .lockFailed(path, reason):
            "Could not lock \(path) against a second train-ladder run: \(reason)."
        }
    }
}
