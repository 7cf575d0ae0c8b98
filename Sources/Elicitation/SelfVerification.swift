import Foundation
import TaskSuite

/// One check of `self-verification`: what the model wrote when shown its
/// answer and `PromptTemplate.checkAnswer`, and the answer found in it.
public struct VerificationRound: Codable, Sendable, Equatable {
    public var generation: TextGeneration
    /// The answer extraction found in the check (rule `none` when it states none).
    public var extracted: ExtractedAnswer

    public init(generation: TextGeneration, extracted: ExtractedAnswer) {
        self.generation = generation; self.extracted = extracted
    }
}

/// What `self-verification` did on one example: the first answer, every
/// check, and the answer that stands after them.
///
/// The model first answers the zero-shot chain-of-thought prompt (greedy,
/// as `zero-shot-cot` does). Each of `StrategySettings.verificationRounds`
/// checks then shows it that prompt, the answer it gave last (its chain of
/// thought, or the previous check) and, after a blank line, the check
/// prompt; it writes a check ending in "The answer is X." (greedy, stopped
/// like a chain of thought). A check's answer is found by the usual rules;
/// a check that states none leaves the answer before it standing. A chat
/// model sees the same as turns: the prompt's turns, its answer as an
/// assistant turn, the check as a user turn.
public struct SelfVerification: Codable, Sendable, Equatable {
    /// The first answer (the chain of thought) with its extracted answer.
    public var initial: Sample
    /// The checks, in order.
    public var rounds: [VerificationRound]
    /// The answer after the last check.
    public var final: ExtractedAnswer

    public init(initial: Sample, rounds: [VerificationRound], final: ExtractedAnswer) {
        self.initial = initial; self.rounds = rounds; self.final = final
    }

    /// Whether the checks changed the answer: the final answer differs from
    /// the first under `AnswerRule.normalized` ("085" and "85" are one
    /// answer), or exactly one of them is missing.
    public var changed: Bool {
        switch (initial.extracted.answer, final.answer) {
        case (nil, nil): false
        case let (a?, b?): !AnswerRule.normalized.matches(a, b)
        default: true
        }
    }

    /// Runs the first answer and `rounds` checks (at least one).
    static func run(prompt: StrategyPrompt, rounds: Int, model: some TextModel,
                    settings: GenerationSettings) throws -> SelfVerification {
        let first = try model.generate(prompt, continuing: "", settings: settings)
        let initial = Sample(generation: first, extracted: extractAnswer(from: first.text), seed: 0)
        var answer = initial.extracted
        var shown = first.text
        var checks: [VerificationRound] = []
        for _ in 0..<max(1, rounds) {
            let check = try model.generate(checkPrompt(after: prompt, answer: shown), continuing: "", settings: settings)
            let extracted = extractAnswer(from: check.text)
            checks.append(VerificationRound(generation: check, extracted: extracted))
            if extracted.answer != nil { answer = extracted }
            shown = check.text
        }
        return SelfVerification(initial: initial, rounds: checks, final: answer)
    }

    /// The prompt of a check: `prompt`, the model's `answer`, a blank line and
    /// `PromptTemplate.checkAnswer` (as text); the same as turns for a chat model.
    public static func checkPrompt(after prompt: StrategyPrompt, answer: String) -> StrategyPrompt {
        let check = PromptTemplate.checkAnswer.render(PromptInput(prompt: ""))
        let text = prompt.text + answer + "\n\n" + check
        let turns = prompt.turns + [ChatTurn(.assistant, answer.trimmingCharacters(in: .whitespacesAndNewlines)),
                                    ChatTurn(.user, check.trimmingCharacters(in: .whitespacesAndNewlines))]
        return StrategyPrompt(text: text, turns: turns)
    }
}
