/// A generator that can show its working: the step-by-step solution of any
/// of its examples, for few-shot chain-of-thought exemplars, the
/// step-by-step strategies' teacher-forced targets and tree of thoughts'
/// reference steps (docs/elicitation.md).
///
/// A solution has the scratchpad's shape (docs/ladders.md#tasks): the line
/// `Let's think step by step.`, reasoning lines, and `The answer is X.`
/// with X the example's answer, each line ended by a newline.
public protocol WorkedSolutionTask: TaskGenerator {
    /// The worked solution of `example`, or nil when `example` is not one of this task's.
    func workedSolution(of example: TaskExample) -> String?
}

/// A generator whose examples have a known longest length, so a model's
/// context can hold every one of them (what a ladder trains on; see
/// docs/ladders.md).
public protocol LengthBoundedTask: TaskGenerator {
    /// Characters of the longest prompt plus its target (newline included).
    var longestExample: Int { get }
    /// Characters of the longest target (newline included): what greedy decoding must be able to write.
    var longestTarget: Int { get }
}

extension ArithmeticTask: WorkedSolutionTask, LengthBoundedTask {
    /// The scratchpad solution of the operands in `example`'s prompt.
    public func workedSolution(of example: TaskExample) -> String? {
        operands(of: example.prompt).map { Scratchpad.solution(task: self, $0.0, $0.1) }
    }

    /// The zero-padded prompt and answer (a plain number is never longer than its padded form).
    public var longestExample: Int { prompt(0, 0).count + longestTarget }

    /// The direct answer and its newline, or the longest worked solution with `scratchpad`.
    public var longestTarget: Int { scratchpad ? Scratchpad.longestSolution(task: self) : answerWidth + 1 }
}

extension WordUnscrambleTask: LengthBoundedTask {
    /// The longest word's prompt (`Q: unscramble ` + letters + ` A: `) and target (word + newline).
    public var longestExample: Int { example(word: longestWord, scrambled: longestWord).prompt.count + longestTarget }
    public var longestTarget: Int { longestWord.count + 1 }
    var longestWord: String { words.max { $0.count < $1.count } ?? "" }
}
