import Elicitation
import Foundation
import ResultsStore
import TaskSuite

/// A task ready to evaluate: its examples in store order, plus what the
/// strategies need beyond the prompt (exemplars, worked solutions, a verifier).
public struct EvalTask: Sendable {
    /// The name the task is stored under.
    public var name: String
    /// The examples; an example's index in this array is its index in the store.
    public var examples: [TaskExample]
    /// The generator, for synthetic tasks (gives exemplars and worked solutions).
    public var generator: (any TaskGenerator)?
    /// For a BIG-bench JSON task: its format, inputs and acceptable targets
    /// (eval then prompts and scores it as BIG-bench does).
    public var bigBench: BigBenchEvalTask?

    /// Examples drawn from a generator's test split when the store has none
    /// for the task yet.
    public static let defaultExampleCount = 200
    /// Seed of that draw (the same seed gives the same examples, and a
    /// longer draw extends a shorter one).
    public static let defaultExampleSeed: UInt64 = 0
    /// Seed of the train-split draw of few-shot exemplars for synthetic tasks.
    public static let exemplarSeed: UInt64 = 17

    public init(name: String, examples: [TaskExample], generator: (any TaskGenerator)? = nil) {
        self.name = name; self.examples = examples; self.generator = generator
    }

    /// Resolves a task name (`add3`, `unscramble`, …), a BIG-bench task (a
    /// name the store holds, or a `task.json` to import; see `bigBench`) or a
    /// `.jsonl` task file.
    ///
    /// A synthetic task draws `count` examples of its test split with `seed`
    /// (a longer draw extends a shorter one). If the store already holds
    /// other examples for the task (drawn with another seed), those are
    /// evaluated instead, so every model and strategy sees the same examples
    /// whoever stored them first.
    public static func resolve(_ nameOrPath: String, database: ResultsDatabase? = nil,
                               count: Int = defaultExampleCount, seed: UInt64 = defaultExampleSeed) throws -> EvalTask {
        if TaskCatalog.generator(named: nameOrPath) == nil, let database,
           let task = try bigBench(nameOrPath, database: database) {
            return task
        }
        switch try TaskCatalog.resolve(nameOrPath) {
        case let .file(name, examples):
            return EvalTask(name: name, examples: examples)
        case let .generated(generator):
            let stored = try database?.examples(task: generator.name) ?? []
            let drawn = generator.examples(of: .test, count: max(count, stored.count), seed: seed)
            let storedPairs = stored.map { [$0.prompt, $0.target] }
            let drawnPairs = drawn.prefix(stored.count).map { [Optional($0.prompt), Optional($0.target)] }
            if storedPairs == Array(drawnPairs) || stored.isEmpty {
                return EvalTask(name: generator.name, examples: drawn, generator: generator)
            }
            // Someone stored other examples under this task: evaluate those.
            let converted = stored.compactMap { e -> TaskExample? in
                guard let prompt = e.prompt, let target = e.target else { return nil }
                return TaskExample(prompt: prompt, target: target)
            }
            guard converted.count == stored.count, stored.map(\.index) == Array(0..<stored.count) else {
                throw EvalTaskError.storedExamplesUnusable(generator.name)
            }
            return EvalTask(name: generator.name, examples: converted, generator: generator)
        }
    }

    /// The store's kind of the task.
    public var kind: TaskKind {
        examples.contains { $0.choices != nil } ? .multipleChoice : .generation
    }

    /// The strategies' view of example `index`: its prompt and the exemplars
    /// for few-shot prompting (the example's own, else — for a generator
    /// that shows its working, such as arithmetic's scratchpads — worked
    /// solutions of the task's train split).
    public func promptInput(_ index: Int, exemplars count: Int) -> PromptInput {
        let example = examples[index]
        if let own = example.exemplars, !own.isEmpty {
            return PromptInput(prompt: example.prompt, exemplars: own.map { ($0.prompt, $0.target) })
        }
        guard count > 0, let worked = generator as? any WorkedSolutionTask else { return PromptInput(prompt: example.prompt) }
        let shots = worked.examples(of: .train, count: count, seed: Self.exemplarSeed)
        return PromptInput(prompt: example.prompt,
                           exemplars: shots.compactMap { shot in worked.workedSolution(of: shot).map { (shot.prompt, $0) } })
    }

    /// The worked solution of example `index` when the task knows one: the
    /// generator's (an arithmetic scratchpad, `Let's think step by step.`
    /// first; see `WorkedSolutionTask`), or the target itself when it
    /// already states "The answer is".
    public func workedSolution(_ index: Int) -> String? {
        let example = examples[index]
        if let worked = generator as? any WorkedSolutionTask, let solution = worked.workedSolution(of: example) {
            return solution
        }
        return extractAnswer(from: example.target).rule == .theAnswerIs ? example.target : nil
    }

    /// The answer of example `index` as exact match sees it (`TaskExample.answer`).
    public func answer(_ index: Int) -> String { examples[index].answer }

    /// The text scored under teacher forcing after the strategy's prompt:
    /// the target for direct strategies; for step-by-step ones the worked
    /// solution after its "Let's think step by step." line (the prompt ends
    /// with it), else "The answer is <answer>.".
    public func teacherForcedTarget(_ index: Int, strategy: Strategy) -> String {
        guard strategy.reasonsStepByStep else { return examples[index].target }
        guard let solution = workedSolution(index) else { return "\(PromptPhrase.theAnswerIs) \(answer(index)).\n" }
        let trigger = PromptPhrase.stepByStep + "\n"
        return solution.hasPrefix(trigger) ? String(solution.dropFirst(trigger.count)) : solution
    }

    /// The verifier tree of thoughts uses for example `index`: the worked
    /// solution step by step when the task has one, else the final answer.
    public func verifier(_ index: Int) -> any StepVerifier {
        if let solution = workedSolution(index) { return ReferenceStepsVerifier(solution: solution) }
        return AnswerVerifier(answer: answer(index))
    }
}

public enum EvalTaskError: Error, CustomStringConvertible, Equatable {
    case storedExamplesUnusable(String)

    public var description: String {
        switch self {
        case let .storedExamplesUnusable(task):
            "The store holds examples of \(task) without prompt or target, or with gaps in their indexes; evaluate it under another name."
        }
    }
}
