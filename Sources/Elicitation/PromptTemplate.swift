import Foundation
import TaskSuite

/// What a template is filled with: one task example and the worked
/// exemplars available for few-shot prompting.
public struct PromptInput: Sendable, Equatable {
    /// The example's prompt exactly as the task gives it, e.g. `Q: 047+821= A: `.
    public var prompt: String
    /// Worked examples (prompt and solution), for `few-shot` (which shows
    /// only the answer each solution states) and `few-shot-cot`.
    public var exemplars: [(prompt: String, solution: String)]

    public init(prompt: String, exemplars: [(prompt: String, solution: String)] = []) {
        self.prompt = prompt; self.exemplars = exemplars
    }

    public static func == (a: PromptInput, b: PromptInput) -> Bool {
        a.prompt == b.prompt && a.exemplars.map(\.prompt) == b.exemplars.map(\.prompt)
            && a.exemplars.map(\.solution) == b.exemplars.map(\.solution)
    }
}

/// A prompt template as data: the exact text a strategy shows the model.
///
/// Rendering concatenates `preamble` (verbatim: it takes no slots), then
/// `exemplar` once per exemplar used, then `body`, replacing these slots
/// (docs/elicitation.md#templates):
/// - `{prompt}`: the example's prompt exactly as given (trailing space kept);
/// - `{question}`: the prompt with trailing whitespace removed;
/// - `{bare_question}`: the question without its `Q:`/`A:` framing
///   (`bareQuestion(of:)`: `Q: 047+821= A: ` gives `047+821=`);
/// - `{exemplar_question}`, `{exemplar_solution}`: an exemplar's prompt
///   (trailing whitespace removed) and its worked solution (surrounding
///   whitespace removed);
/// - `{exemplar_prompt}`: an exemplar's prompt exactly as given;
/// - `{exemplar_bare_question}`: an exemplar's prompt without its framing;
/// - `{exemplar_reasoning}`: its worked solution without the final
///   "The answer is X." sentence (`reasoning(ofSolution:)`);
/// - `{exemplar_answer}`: the answer its solution states
///   (`extractAnswer(fromTarget:)`: "The answer is 046." gives `046`).
public struct PromptTemplate: Sendable, Equatable, Codable {
    public var preamble: String
    public var exemplar: String
    public var body: String

    public init(preamble: String = "", exemplar: String = "", body: String) {
        self.preamble = preamble; self.exemplar = exemplar; self.body = body
    }

    /// The slots `body` may use.
    public static let questionSlots: Set<String> = ["prompt", "question", "bare_question"]
    /// The slots `exemplar` may use.
    public static let exemplarSlots: Set<String> = ["exemplar_prompt", "exemplar_question", "exemplar_bare_question",
                                                    "exemplar_solution", "exemplar_reasoning", "exemplar_answer"]

    /// The prompt for `input`, using at most `exemplarCount` exemplars (in task order).
    public func render(_ input: PromptInput, exemplarCount: Int = 0) -> String {
        var text = preamble
        if !exemplar.isEmpty {
            for shot in input.exemplars.prefix(max(0, exemplarCount)) {
                text += fill(exemplar, Self.exemplarValues(shot))
            }
        }
        text += fill(body, Self.questionValues(input))
        return text
    }

    /// The values of `questionSlots` for `input`.
    static func questionValues(_ input: PromptInput) -> [String: String] {
        ["prompt": input.prompt, "question": input.prompt.trimmingTrailingWhitespace(),
         "bare_question": bareQuestion(of: input.prompt)]
    }

    /// The values of `exemplarSlots` for one exemplar.
    static func exemplarValues(_ shot: (prompt: String, solution: String)) -> [String: String] {
        ["exemplar_question": shot.prompt.trimmingTrailingWhitespace(),
         "exemplar_solution": shot.solution.trimmingCharacters(in: .whitespacesAndNewlines),
         "exemplar_prompt": shot.prompt,
         "exemplar_bare_question": bareQuestion(of: shot.prompt),
         "exemplar_reasoning": reasoning(ofSolution: shot.solution),
         "exemplar_answer": extractAnswer(fromTarget: shot.solution)]
    }
}

/// The question a task prompt asks, without its framing: surrounding
/// whitespace removed, then a leading `Q:` and a trailing `A:` (an `A:` that
/// stands alone or follows whitespace), each with the whitespace next to it.
/// `Q: 047+821= A: ` gives `047+821=`; `Q: What is 2+3?\nA:` gives
/// `What is 2+3?`; a prompt without that framing is only trimmed.
public func bareQuestion(of prompt: String) -> String {
    var text = Substring(prompt.trimmingCharacters(in: .whitespacesAndNewlines))
    if text.hasPrefix("Q:") { text = text.dropFirst(2).drop(while: \.isWhitespace) }
    if text.hasSuffix("A:") {
        let before = text.dropLast(2)
        if before.isEmpty || before.last!.isWhitespace {
            text = before
            while let last = text.last, last.isWhitespace { text = text.dropLast() }
        }
    }
    return String(text)
}

/// A worked solution's reasoning: the solution (surrounding whitespace
/// removed) up to its last "The answer is" (`PromptPhrase.theAnswerIs`,
/// case as written), trailing whitespace removed. A solution that never
/// states "The answer is" is all reasoning and is returned trimmed.
/// "Let's think step by step.\n2+4+0=6, digit 6, carry 0\nThe answer is 6."
/// gives "Let's think step by step.\n2+4+0=6, digit 6, carry 0".
public func reasoning(ofSolution solution: String) -> String {
    let text = solution.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let statement = text.range(of: PromptPhrase.theAnswerIs, options: .backwards) else { return text }
    return String(text[..<statement.lowerBound]).trimmingTrailingWhitespace()
}

extension PromptTemplate {
    /// `standard`: the task's prompt, unchanged.
    public static let standard = PromptTemplate(body: "{prompt}")
    /// `few-shot`: exemplars with their answers only, no reasoning, one per
    /// line (as the task's own targets end in a newline), then the prompt unchanged.
    public static let fewShot = PromptTemplate(exemplar: "{exemplar_prompt}{exemplar_answer}\n", body: "{prompt}")
    /// `zero-shot-cot`: the question followed by the step-by-step trigger on the answer line.
    public static let zeroShotCoT = PromptTemplate(body: "{question} \(PromptPhrase.stepByStep)\n")
    /// `few-shot-cot`: worked exemplars, a blank line after each, then the question with the trigger.
    public static let fewShotCoT = PromptTemplate(
        exemplar: "{exemplar_question} {exemplar_solution}\n\n",
        body: "{question} \(PromptPhrase.stepByStep)\n")
    /// `enhanced`: stepwise expert instructions before the zero-shot CoT prompt.
    public static let enhanced = PromptTemplate(
        preamble: """
            You are an expert problem solver. Solve the problem below step by step: \
            work on one small step per line, check each step before you go on, \
            and finish with a line "\(PromptPhrase.theAnswerIs) X." where X is the final answer.


            """,
        body: "{question} \(PromptPhrase.stepByStep)\n")
    /// `persona:<name>`: a one-sentence role before the unchanged prompt.
    public static func persona(_ persona: Persona) -> PromptTemplate {
        PromptTemplate(preamble: persona.sentence + "\n\n", body: "{prompt}")
    }
}

/// The roles of the `persona:` strategies.
public enum Persona: String, Sendable, Codable, CaseIterable {
    case expert, teacher, programmer

    /// The sentence the persona template opens with.
    public var sentence: String {
        switch self {
        case .expert: "You are an expert mathematician who answers precisely."
        case .teacher: "You are a patient teacher who gives students the correct answer."
        case .programmer: "You are a programmer who computes answers exactly, like a computer."
        }
    }
}

/// `template` with every `{name}` that `values` knows replaced by its value,
/// in one pass (so braces inside a value are never expanded); unknown
/// `{…}` stay as written.
func fill(_ template: String, _ values: [String: String]) -> String {
    var output = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{") {
        output += rest[..<open]
        if let close = rest[open...].firstIndex(of: "}"),
           let value = values[String(rest[rest.index(after: open)..<close])] {
            output += value
            rest = rest[rest.index(after: close)...]
        } else {
            output.append("{")
            rest = rest[rest.index(after: open)...]
        }
    }
    return output + rest
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}

extension String {
    func range(ofLiteral needle: String) -> Range<Index>? { Substring(self).range(ofLiteral: needle) }
}

extension Substring {
    /// The first range where `needle` occurs, compared character by character.
    func range(ofLiteral needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var start = startIndex
        while start < endIndex {
            if self[start...].hasPrefix(needle) {
                return start..<index(start, offsetBy: needle.count)
            }
            start = index(after: start)
        }
        return nil
    }
}
