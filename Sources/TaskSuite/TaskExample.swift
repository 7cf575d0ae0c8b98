/// One example of a task: what the model is shown and what it should answer.
///
/// This is the in-memory form of one line of a task file (see `TaskFile`):
/// generated tasks and user-written task files produce the same values.
public struct TaskExample: Codable, Sendable, Equatable, Hashable {
    /// The text the model conditions on, e.g. `Q: 047+821= A: `.
    public var prompt: String
    /// The expected continuation, e.g. `0868\n`, or a worked solution that
    /// ends "The answer is 0868."; `answer` is what it states.
    public var target: String
    /// Multiple choice: the answer options (each a continuation of `prompt`).
    public var choices: [String]?
    /// Multiple choice: the index of the correct option in `choices`.
    public var gold: Int?
    /// Worked examples for few-shot prompting (docs/design.md#elicitation), each a prompt/target pair.
    public var exemplars: [Exemplar]?

    public init(prompt: String, target: String, choices: [String]? = nil, gold: Int? = nil,
                exemplars: [Exemplar]? = nil) {
        self.prompt = prompt; self.target = target; self.choices = choices
        self.gold = gold; self.exemplars = exemplars
    }

    /// The answer the target states (`extractAnswer(fromTarget:)`): X of a
    /// worked solution's "The answer is X.", the number of "0868\n", else the
    /// target without the whitespace around it.
    public var answer: String { extractAnswer(fromTarget: target) }
}

/// A worked example shown before the question in few-shot prompts.
public struct Exemplar: Codable, Sendable, Equatable, Hashable {
    public var prompt: String
    public var target: String
    public init(prompt: String, target: String) { self.prompt = prompt; self.target = target }
}
