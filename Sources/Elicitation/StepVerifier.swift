import Foundation
import TaskSuite

/// Judges a partial chain of thought for tree-of-thoughts search.
///
/// `score` returns the value of the chain `steps` (the lines generated after
/// the prompt, in order) in [0, 1]: 0 means the chain is wrong and is pruned,
/// 1 that it is right so far; nil that the verifier cannot judge it yet (the
/// search then treats it as 0.5 and falls back on the log-probability).
public protocol StepVerifier: Sendable {
    func score(steps: [String]) -> Double?
}

/// Checks a chain against a known worked solution, step by step: a chain
/// scores 1 while each of its steps equals the reference step at the same
/// depth (whitespace-trimmed) and 0 from the first step that differs; a
/// step that states an answer ("The answer is X") is judged by that answer
/// alone, compared under `AnswerRule.normalized`. For synthetic tasks the reference
/// is the task's own scratchpad solution, so this is a perfect verifier.
public struct ReferenceStepsVerifier: StepVerifier {
    public var reference: [String]
    public var answer: String?

    /// `solution` is the worked solution text (one step per line).
    public init(solution: String) {
        reference = solution.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && $0 != PromptPhrase.stepByStep }
        answer = extractAnswer(from: solution).answer
    }

    public func score(steps: [String]) -> Double? {
        for (depth, step) in steps.enumerated() {
            let extracted = extractAnswer(from: step)
            if extracted.rule == .theAnswerIs, let stated = extracted.answer {
                guard let answer else { return nil }
                return AnswerRule.normalized.matches(stated, answer) ? 1 : 0
            }
            let trimmed = step.trimmingCharacters(in: .whitespacesAndNewlines)
            guard depth < reference.count, trimmed == reference[depth] else { return 0 }
        }
        return 1
    }
}

/// Knows only the expected final answer: a chain that states an answer
/// ("The answer is X") scores 1 when X equals it (under
/// `AnswerRule.normalized`) and 0 otherwise; a chain without a stated answer cannot
/// be judged yet (nil).
public struct AnswerVerifier: StepVerifier {
    public var answer: String
    public init(answer: String) { self.answer = answer }

    public func score(steps: [String]) -> Double? {
        for step in steps {
            let extracted = extractAnswer(from: step)
            if extracted.rule == .theAnswerIs, let stated = extracted.answer {
                return AnswerRule.normalized.matches(stated, answer) ? 1 : 0
            }
        }
        return nil
    }
}
