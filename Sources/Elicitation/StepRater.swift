/// Tree of thoughts scored by the model itself (`--tree-scoring self`): the
/// model rates each proposed step 0–10 with `PromptTemplate.rateStep`, as in
/// the tutorial's `evaluate_thought`, and the step's value is rating / 10.
///
/// The state shown is the problem followed by the steps before the rated one,
/// each after " → " (the tutorial's `state + " → " + thought`). The rating
/// is a greedy generation of at most `maxTokens` tokens, ended by a newline;
/// a chat model gets the prompt as one user turn.
///
/// **Reading the rating**: after any spaces, a number (digits, optionally a
/// decimal part: "7", "7.5", "10"; what follows it, such as "/10", is
/// ignored) from 0 to 10. Anything else — no number first, a number above
/// 10 — is *unparsed*: the step's value is then 0.5, as for a verifier that
/// cannot judge, so the log-probability decides; the tree counts such
/// steps (`ThoughtTree.unparsedRatings`).
public struct StepRater: Sendable {
    /// The problem the state starts from (the task's prompt, trailing whitespace removed).
    public var problem: String
    /// The most tokens a rating may take.
    public var maxTokens: Int

    public init(problem: String, maxTokens: Int = 8) {
        self.problem = problem; self.maxTokens = max(1, maxTokens)
    }

    /// The rating prompt of the last of `steps` (the chain from the root).
    public func prompt(steps: [String]) -> String {
        let state = ([problem] + steps.dropLast()).joined(separator: " → ")
        return PromptTemplate.rateStep.renderStepRating(state: state, thought: steps.last ?? "")
    }

    /// The model's rating of the last of `steps`: the text it wrote and the number read from it.
    public func rate(steps: [String], model: some TextModel) throws -> (text: String, rating: Double?) {
        let settings = GenerationSettings(maxTokens: maxTokens, temperature: 0, stop: ["\n"])
        let generation = try model.generate(StrategyPrompt(text: prompt(steps: steps)), continuing: "", settings: settings)
        return (generation.text, Self.rating(in: generation.text))
    }

    /// The rating `text` states by the rule above; nil when unparsed.
    public static func rating(in text: String) -> Double? {
        let characters = Array(text)
        var i = 0
        while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
        let start = i
        while i < characters.count, characters[i].isASCIIDigit { i += 1 }
        guard i > start else { return nil }
        if i + 1 < characters.count, characters[i] == ".", characters[i + 1].isASCIIDigit {
            i += 1
            while i < characters.count, characters[i].isASCIIDigit { i += 1 }
        }
        guard let value = Double(String(characters[start..<i])), value <= 10 else { return nil }
        return value
    }
}
