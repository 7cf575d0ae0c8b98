import Elicitation
import EmergeSupport
import Foundation
import TaskSuite

/// How much of a ladder's training thinks step by step (docs/design.md#elicitation, docs/ladders.md).
///
/// A share `fraction` of the training examples are worked solutions of the
/// task's scratchpad format, shown exactly as the step-by-step strategies
/// prompt for them: the question, ` Let's think step by step.` and a newline
/// (the `zero-shot-cot` prompt), then the worked lines and `The answer is X.`
/// Each such example is preceded by 0…`exemplars` worked exemplars of the
/// train split, uniformly, rendered by the `few-shot-cot` template itself —
/// so a model trained on the mix has seen every prompt those strategies
/// render with up to `exemplars` exemplars. The rest are direct answers
/// (`Q: 47+38= A: ` → `085`), so the same model can be asked both ways.
public struct ScratchpadMix: Sendable, Equatable, Codable {
    /// Share of step-by-step examples, 0…1 (0: direct answers only).
    public var fraction: Double
    /// The most worked exemplars before a step-by-step example (0: zero-shot prompts only).
    public var exemplars: Int

    public init(fraction: Double, exemplars: Int = 1) {
        precondition((0...1).contains(fraction) && exemplars >= 0, "fraction must be in 0...1, exemplars >= 0")
        self.fraction = fraction; self.exemplars = exemplars
    }

    /// The fraction in whole percent, as ladder names show it (`cot50`).
    public var percent: Int { Int((fraction * 100).rounded()) }
}

/// The training stream of a ladder with a `ScratchpadMix`: a `TaskGenerator`,
/// so `Training` takes it like any task (`TrainingData.generator`).
///
/// Only the answer is trained on (the default loss): in a step-by-step
/// example the prompt is everything up to and including the trigger line,
/// so after `A: ` the model always learns a direct answer and after
/// `Let's think step by step.` a worked solution — the standard prompt
/// stays unambiguous. The split of an example is the split of its question
/// (the last `Q:` of the prompt); exemplars always come from the train
/// split, so no test question is ever trained on, as question or exemplar.
public struct ScratchpadMixTask: TaskGenerator, Equatable {
    /// The direct-answer task (`add2`); its scratchpad twin gives the worked solutions.
    public var task: ArithmeticTask
    public var mix: ScratchpadMix

    public init(task: ArithmeticTask, mix: ScratchpadMix) {
        precondition(!task.scratchpad, "the mix is built from the direct-answer task")
        self.task = task; self.mix = mix
    }

    /// `add2-cot50`: the task and the share of step-by-step examples.
    public var name: String { "\(task.name)-cot\(mix.percent)" }

    /// Printable ASCII: the worked solutions need letters.
    public var vocabulary: CharVocabulary { worked.vocabulary }

    /// The scratchpad variant of the task.
    var worked: ArithmeticTask { task.withScratchpad }

    public func split(of example: TaskExample) -> TaskSplit {
        let prompt = example.prompt
        guard let last = prompt.range(of: "Q: ", options: .backwards) else { return .train }
        return task.split(of: TaskExample(prompt: String(prompt[last.lowerBound...]), target: example.target))
    }

    /// A direct example with probability 1 − fraction, else a step-by-step
    /// one after 0…`exemplars` train-split exemplars (uniformly).
    public func randomExample(of split: TaskSplit, using rng: inout SplitMix64) -> TaskExample {
        guard rng.unitDouble() < mix.fraction else { return task.randomExample(of: split, using: &rng) }
        let question = worked.randomExample(of: split, using: &rng)
        let count = rng.below(mix.exemplars + 1)
        let shots = (0..<count).map { _ in worked.randomExample(of: .train, using: &rng) }
        return stepByStep(question, exemplars: shots)
    }

    /// A worked example as the step-by-step strategies prompt for it: the
    /// `few-shot-cot` rendering (which is the `zero-shot-cot` one without
    /// exemplars) as the prompt, the worked lines after the trigger as the target.
    public func stepByStep(_ question: TaskExample, exemplars: [TaskExample]) -> TaskExample {
        let input = PromptInput(prompt: question.prompt, exemplars: exemplars.map { ($0.prompt, $0.target) })
        let prompt = PromptTemplate.fewShotCoT.render(input, exemplarCount: exemplars.count)
        let trigger = PromptPhrase.stepByStep + "\n"
        let target = question.target.hasPrefix(trigger) ? String(question.target.dropFirst(trigger.count)) : question.target
        return TaskExample(prompt: prompt, target: target)
    }

    /// The most characters of prompt + target of any example of the mix: a
    /// step-by-step example with `exemplars` exemplars, every question and
    /// solution at its longest (`Scratchpad.longestSolution`). The direct
    /// examples are shorter.
    public var longestExample: Int {
        var limit = 1
        for _ in 0..<task.digits { limit *= 10 }
        let longest = TaskExample(prompt: task.prompt(limit - 1, limit - 1),
                                  target: Scratchpad.opening + "\n"
                                      + String(repeating: "0", count: Scratchpad.longestSolution(task: worked) - Scratchpad.opening.count - 2)
                                      + "\n")
        let example = stepByStep(longest, exemplars: Array(repeating: longest, count: mix.exemplars))
        let direct = task.example(limit - 1, limit - 1)
        return max(example.prompt.count + example.target.count, direct.prompt.count + direct.target.count)
    }
}
