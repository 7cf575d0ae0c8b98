/// One example of a task: what the model is shown and what it should answer.
///
/// This is the in-memory form of one line of a task file (see `TaskFile`):
/// generated tasks and user-written task files produce the same values.
public struct TaskExample: Codable, Sendable, Equatable, Hashable {
    /// The text the model conditions on, e.g. `Q: 047+821= A: `.
    public var prompt: String
    /// The expected continuation, e.g. `0868\n`; exact match compares the
    /// extracted answer against this text with surrounding whitespace trimmed.
    public var target: String
    /// Multiple choice: the answer options (each a continuation of `prompt`).
    public var choices: [String]?
    /// Multiple choice: the index of the correct option in `choices`.
    public var gold: Int?
    /// Worked examples for few-shot prompting (SPEC §10), each a prompt/target pair.
    public var exemplars: [Exemplar]?

    public init(prompt: String, target: String, choices: [String]? = nil, gold: Int? = nil,
                exemplars: [Exemplar]? = nil) {
        self.prompt = prompt; self.target = target; self.choices = choices
        self.gold = gold; self.exemplars = exemplars
    }

    /// The answer: the `The answer is X.` statement of a worked (scratchpad)
    /// target, else the target without the newline or spaces that end it.
    public var answer: String { Scratchpad.statedAnswer(in: target) ?? target.trimmingWhitespace() }
}

/// A worked example shown before the question in few-shot prompts.
public struct Exemplar: Codable, Sendable, Equatable, Hashable {
    public var prompt: String
    public var target: String
    public init(prompt: String, target: String) { self.prompt = prompt; self.target = target }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
