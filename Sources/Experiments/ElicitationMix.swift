import Foundation
import Elicitation
import EmergeSupport
import TaskSuite

/// The training mix of a ladder that reads prompts (docs/ladders.md#the-elicitation-mix):
/// word problems shown in every framing the elicitation strategies use, each
/// exactly as its strategy renders the prompt, in the shares of `Framing.share`.
public struct ElicitationMix: Sendable, Equatable, Codable {
    /// The most exemplars before a `few-shot` question (1…this, uniformly).
    public var fewShotExemplars: Int
    /// The most worked exemplars before a `few-shot-cot` question (1…this, uniformly).
    public var fewShotCoTExemplars: Int
    /// The share of self-verification exchanges whose first answer is wrong.
    public var wrongFirstAnswers: Double

    public init(fewShotExemplars: Int = 2, fewShotCoTExemplars: Int = 1, wrongFirstAnswers: Double = 0.5) {
        precondition(fewShotExemplars >= 1 && fewShotCoTExemplars >= 1 && (0...1).contains(wrongFirstAnswers),
                     "exemplars must be at least 1 and the wrong share in 0...1")
        self.fewShotExemplars = fewShotExemplars; self.fewShotCoTExemplars = fewShotCoTExemplars
        self.wrongFirstAnswers = wrongFirstAnswers
    }
}

/// The training stream of a word-problem ladder with an `ElicitationMix`: a
/// `TaskGenerator`, so `Training` takes it like any task.
///
/// Every example is one problem of the split in one framing, the framing
/// drawn by `Framing.share`. The prompt is what the framing's strategy
/// shows; the target, the only part trained on, is what a model should
/// write after it:
/// - direct framings (standard, personas, few-shot): the answer and a
///   newline, as the task's own target;
/// - step-by-step framings (zero-shot and few-shot CoT, enhanced): the worked
///   solution after its trigger line;
/// - self-verification: the zero-shot CoT prompt, a first chain of thought
///   (right, or with probability `wrongFirstAnswers` one with a slip in one
///   line carried to the end), a blank line and `FramingText.checkAnswer`;
///   the target is the correct worked solution, so the check is a recomputation
///   that keeps a right answer and corrects a wrong one;
/// - confidence: `FramingText.confidencePreamble` and the prompt; the target
///   the answer, a newline and `Confidence: N` (`FramingText.statedConfidence`).
///
/// The split of an example is its question's (the problem it asks last);
/// exemplars always come from the train split, so no test problem is
/// trained on, as question or exemplar.
public struct ElicitationMixTask: TaskGenerator, Equatable {
    public var task: WordProblemTask
    public var mix: ElicitationMix

    public init(task: WordProblemTask, mix: ElicitationMix) {
        precondition(!task.worked, "the mix is built from the direct-answer task")
        self.task = task; self.mix = mix
    }

    /// `word-problems-framed`.
    public var name: String { "\(task.name)-framed" }

    public var vocabulary: CharVocabulary { .printableASCII }

    public func split(of example: TaskExample) -> TaskSplit {
        guard let last = example.prompt.range(of: "Q: ", options: .backwards),
              let end = example.prompt[last.lowerBound...].range(of: " A: ") else {
            // The tutorial personas ask without `Q:`: the problem is after the last "Solve: " or "Problem: ".
            for cue in ["Problem: ", "Solve: "] {
                if let range = example.prompt.range(of: cue, options: .backwards) {
                    return task.split(of: TaskExample(prompt: "Q: \(example.prompt[range.upperBound...]) A: ", target: ""))
                }
            }
            return .train
        }
        return task.split(of: TaskExample(prompt: String(example.prompt[last.lowerBound..<end.upperBound]), target: ""))
    }

    public func randomExample(of split: TaskSplit, using rng: inout SplitMix64) -> TaskExample {
        let framing = Self.framing(at: rng.unitDouble())
        let problem = randomProblem(of: split, using: &rng)
        return example(problem, framing: framing, using: &rng)
    }

    /// The framing whose cumulative share covers `u` in [0, 1).
    static func framing(at u: Double) -> Framing {
        var total = 0.0
        for framing in Framing.allCases {
            total += framing.share
            if u < total { return framing }
        }
        return Framing.allCases.last!
    }

    func randomProblem(of split: TaskSplit, using rng: inout SplitMix64) -> WordProblem {
        while true {
            let problem = task.randomProblem(using: &rng)
            if task.split(of: task.example(problem)) == split { return problem }
        }
    }

    /// `problem` in `framing`; draws exemplars (and a slip) from `rng`.
    public func example(_ problem: WordProblem, framing: Framing, using rng: inout SplitMix64) -> TaskExample {
        let direct = "\(problem.answer)\n"
        let input = PromptInput(prompt: problem.prompt)
        let afterTrigger = String(problem.workedSolution.dropFirst((PromptPhrase.stepByStep + "\n").count))
        switch framing {
        case .standard: return TaskExample(prompt: problem.prompt, target: direct)
        case .personaExpert: return TaskExample(prompt: PromptTemplate.persona(.expert).render(input), target: direct)
        case .personaTeacher: return TaskExample(prompt: PromptTemplate.persona(.teacher).render(input), target: direct)
        case .personaProgrammer:
            return TaskExample(prompt: PromptTemplate.persona(.programmer).render(input), target: direct)
        case .tutorialBasic, .tutorialExpert, .tutorialTeacher, .tutorialProgrammer:
            return TaskExample(prompt: FramingText.tutorialPersona(framing, prompt: problem.prompt)!, target: direct)
        case .fewShot:
            let shots = exemplars(1 + rng.below(mix.fewShotExemplars), using: &rng)
            return TaskExample(prompt: PromptTemplate.fewShot.render(PromptInput(prompt: problem.prompt, exemplars: shots),
                                                                     exemplarCount: shots.count), target: direct)
        case .zeroShotCoT: return TaskExample(prompt: PromptTemplate.zeroShotCoT.render(input), target: afterTrigger)
        case .fewShotCoT:
            let shots = exemplars(1 + rng.below(mix.fewShotCoTExemplars), using: &rng)
            return TaskExample(prompt: PromptTemplate.fewShotCoT.render(PromptInput(prompt: problem.prompt, exemplars: shots),
                                                                        exemplarCount: shots.count), target: afterTrigger)
        case .enhanced: return TaskExample(prompt: PromptTemplate.enhanced.render(input), target: afterTrigger)
        case .selfVerification:
            let wrong = rng.unitDouble() < mix.wrongFirstAnswers
            let first = wrong ? Self.slippedChain(problem, using: &rng) : afterTrigger
            // The strategy shows the first chain as generated: cut before the newline that ends its answer line.
            let shown = first.hasSuffix("\n") ? String(first.dropLast()) : first
            return TaskExample(prompt: PromptTemplate.zeroShotCoT.render(input) + shown + "\n\n" + FramingText.checkAnswer,
                               target: afterTrigger)
        case .confidence:
            let confidence = FramingText.statedConfidence(operations: problem.steps.count)
            return TaskExample(prompt: FramingText.confidencePreamble + problem.prompt,
                               target: direct + "\(FramingText.confidenceCue) \(confidence)\n")
        }
    }

    /// `count` worked exemplars of the train split, as (prompt, worked solution).
    func exemplars(_ count: Int, using rng: inout SplitMix64) -> [(prompt: String, solution: String)] {
        (0..<count).map { _ in
            let shot = randomProblem(of: .train, using: &rng)
            return (shot.prompt, shot.workedSolution)
        }
    }

    /// The problem's worked lines after the trigger with one slip: the result
    /// of one line (drawn uniformly) off by 1 or 2, carried through every
    /// later line as a careful solver who slipped once would, ending "The
    /// answer is Y." with Y ≠ the answer. A later division the slip makes
    /// inexact, or a count it makes negative, moves the slip to the last line.
    static func slippedChain(_ problem: WordProblem, using rng: inout SplitMix64) -> String {
        let values = problem.values
        let count = problem.steps.count
        var line = rng.below(count)
        let delta = [-2, -1, 1, 2][rng.below(4)]
        func chain(slipAt slip: Int) -> [Int]? {
            var results: [Int] = []
            var value = values[0]
            for (index, step) in problem.steps.enumerated() {
                if step.operation == .divide && value % step.operand != 0 { return nil }
                value = step.operation.apply(value, step.operand)
                if index == slip { value += delta; if value < 0 { value -= 2 * delta } }
                if value < 0 { return nil }
                results.append(value)
            }
            return results
        }
        var results = chain(slipAt: line)
        if results == nil || results!.last == problem.answer { line = count - 1; results = chain(slipAt: line) }
        let finals = results!
        var inputs = [values[0]] + finals.dropLast()
        inputs = Array(inputs.prefix(count))
        let lines = problem.steps.enumerated().map { index, step in
            "\(inputs[index])\(step.operation.rawValue)\(step.operand)=\(finals[index])"
        }
        return (lines + ["\(PromptPhrase.theAnswerIs) \(finals.last!)."]).joined(separator: "\n") + "\n"
    }

    /// An upper bound on the characters of prompt + target of any example
    /// of the mix: each framing at its longest, with the longest question
    /// and solution (`WordProblemTask.longestPrompt`, `.longestSolution`) as
    /// question and every exemplar.
    public var longestExample: Int {
        let question = task.longestPrompt, solution = task.longestSolution
        let trigger = PromptPhrase.stepByStep.count + 2   // " Let's think step by step.\n" after the trimmed question
        let answer = String(task.largestCount).count + 1
        let worked = solution - (PromptPhrase.stepByStep.count + 1)   // the target after the trigger line
        let zeroShot = question - 1 + trigger
        // An exemplar: few-shot shows its prompt and answer line; few-shot-cot its trimmed question, a space,
        // its trimmed solution and a blank line.
        let fewShot = mix.fewShotExemplars * (question + answer) + question + answer
        let fewShotCoT = mix.fewShotCoTExemplars * (question + solution + 1) + zeroShot + worked
        let enhanced = PromptTemplate.enhanced.preamble.count + zeroShot + worked
        // A slipped chain's counts may pass 99 (by at most 2 · 5 + 20 per later line): allow a third digit per number.
        let verification = zeroShot + worked + 3 * task.operations.upperBound + 2 + FramingText.checkAnswer.count + worked
        let persona = Persona.allCases.map { $0.sentence.count + 2 }.max()! + question + answer
        let tutorial = Framing.allCases.compactMap { FramingText.tutorialPersona($0, prompt: "")?.count }.max()!
            + question + answer
        let confidence = FramingText.confidencePreamble.count + question + answer + (FramingText.confidenceCue + " 10\n").count
        return [fewShot, fewShotCoT, enhanced, verification, persona, tutorial, confidence].max()!
    }
}
