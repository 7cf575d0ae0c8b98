import EmergeSupport

/// Multi-step word problems in the style of GSM8K, small enough for a tiny
/// ladder: `Q: Ann has 7 apples. She buys 5 more. She gives away 3. How many
/// apples does Ann have now? A: ` → `9\n` (see `WordProblem`).
///
/// Difficulty is the number of operations, drawn uniformly from
/// `operations` (2…4 by default), and the size of the numbers
/// (docs/ladders.md#word-problems). By default the start is 2…20; an
/// addition adds 1…20; a subtraction takes 1…20 but leaves at least 1; a
/// multiplication is by 2…5; a division by 2…5 and exact; every count along
/// the way is 1…99. With `smallNumbers` (names ending `-small`) the start and
/// every addend or subtrahend are 1-digit (2…9, 1…9), factors and divisors
/// 2…3, and every count 1…20. Each step's operation is drawn uniformly from
/// those the running count allows, then its operand uniformly from the
/// allowed ones, then its phrasing.
///
/// With `worked` the target is the worked solution (one line of arithmetic
/// per step, ending "The answer is 9."), else the answer and a newline. The
/// split is a fixed hash of the prompt, 10% test, so no test problem is ever
/// trained on, whatever the seed.
public struct WordProblemTask: WorkedSolutionTask, LengthBoundedTask, Equatable {
    /// How many operations a problem has (each count equally likely).
    public var operations: ClosedRange<Int>
    /// Targets are worked solutions rather than answers.
    public var worked: Bool
    /// Per-mille share of problems reserved for the test split (default 100 = 10%).
    public var testPerMille: Int
    /// 1-digit starts and addends, factors 2…3, counts up to 20 (the type's documentation).
    public var smallNumbers: Bool

    /// The largest count a problem reaches.
    public var largestCount: Int { smallNumbers ? 20 : 99 }
    /// The largest start (the smallest is 2).
    public var largestStart: Int { smallNumbers ? 9 : 20 }
    /// The largest number added or taken away.
    public var largestAddend: Int { smallNumbers ? 9 : 20 }
    /// Factors and divisors are 2 … this.
    public var largestFactor: Int { smallNumbers ? 3 : 5 }

    public init(operations: ClosedRange<Int> = 2...4, worked: Bool = false, smallNumbers: Bool = false,
                testPerMille: Int = 100) {
        precondition(operations.lowerBound >= 1 && operations.upperBound <= 9, "operations must lie in 1...9")
        self.operations = operations; self.worked = worked; self.smallNumbers = smallNumbers
        self.testPerMille = testPerMille
    }

    /// `word-problems` (2–4 operations), `word-problems3` (exactly 3), other
    /// ranges `word-problems2-3`; `-small` with `smallNumbers`; `-scratchpad`
    /// when the targets are worked (`word-problems1-2-small-scratchpad`).
    public var name: String {
        let range = operations == 2...4 ? "" : operations.count == 1 ? "\(operations.lowerBound)"
            : "\(operations.lowerBound)-\(operations.upperBound)"
        return "word-problems\(range)" + (smallNumbers ? "-small" : "") + (worked ? "-scratchpad" : "")
    }

    /// The task a name denotes (`word-problems`, `word-problems3`,
    /// `word-problems2-3`, each optionally `-small`, then optionally
    /// `-scratchpad`), or nil.
    public init?(name: String) {
        var rest = Substring(name)
        let worked = rest.hasSuffix("-scratchpad")
        if worked { rest = rest.dropLast("-scratchpad".count) }
        let small = rest.hasSuffix("-small")
        if small { rest = rest.dropLast("-small".count) }
        guard rest.hasPrefix("word-problems") else { return nil }
        rest = rest.dropFirst("word-problems".count)
        let bounds = rest.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let range: ClosedRange<Int>
        switch (rest.isEmpty, bounds.count) {
        case (true, _): range = 2...4
        case (false, 1): guard let n = bounds[0], (1...9).contains(n) else { return nil }; range = n...n
        case (false, 2):
            guard let low = bounds[0], let high = bounds[1], 1 <= low, low < high, high <= 9 else { return nil }
            range = low...high
        default: return nil
        }
        self.init(operations: range, worked: worked, smallNumbers: small)
        guard self.name == name else { return nil }
    }

    /// Printable ASCII: the problems are English sentences.
    public var vocabulary: CharVocabulary { .printableASCII }

    /// The same problems with worked targets.
    public var withWorkedSolutions: WordProblemTask {
        var task = self
        task.worked = true
        return task
    }

    public func split(of example: TaskExample) -> TaskSplit {
        partition(stableHash(example.prompt), salt: 0x3057_0B1E, testPerMille: testPerMille)
    }

    /// The example a problem gives.
    public func example(_ problem: WordProblem) -> TaskExample {
        TaskExample(prompt: problem.prompt, target: worked ? problem.workedSolution : "\(problem.answer)\n")
    }

    public func randomExample(of split: TaskSplit, using rng: inout SplitMix64) -> TaskExample {
        while true {
            let example = example(randomProblem(using: &rng))
            if self.split(of: example) == split { return example }
        }
    }

    /// One problem, drawn as the type's documentation says (either split).
    public func randomProblem(using rng: inout SplitMix64) -> WordProblem {
        let count = operations.lowerBound + rng.below(operations.count)
        var problem = WordProblem(person: rng.below(WordProblem.people.count), item: rng.below(WordProblem.items.count),
                                  start: 2 + rng.below(largestStart - 1), steps: [])
        var value = problem.start
        for _ in 0..<count {
            let choices = WordProblemOperation.allCases.compactMap { operation -> (WordProblemOperation, [Int])? in
                let allowed = operands(operation, value: value)
                return allowed.isEmpty ? nil : (operation, allowed)
            }
            let (operation, allowed) = choices[rng.below(choices.count)]
            let operand = allowed[rng.below(allowed.count)]
            problem.steps.append(.init(operation: operation, operand: operand, phrasing: rng.below(operation.phrasings.count)))
            value = operation.apply(value, operand)
        }
        return problem
    }

    /// The operands `operation` may take at the running count `value`.
    func operands(_ operation: WordProblemOperation, value: Int) -> [Int] {
        switch operation {
        case .add: Array(stride(from: 1, through: min(largestAddend, largestCount - value), by: 1))
        case .subtract: Array(stride(from: 1, through: min(largestAddend, value - 1), by: 1))
        case .multiply: (2...largestFactor).filter { value * $0 <= largestCount }
        case .divide: (2...largestFactor).filter { value % $0 == 0 }
        }
    }

    /// The worked solution of a prompt of this task, or nil when it is not one.
    public func workedSolution(ofPrompt prompt: String) -> String? {
        WordProblem.parse(prompt: prompt)?.workedSolution
    }

    /// The worked solution of `example`'s problem (`WorkedSolutionTask`).
    public func workedSolution(of example: TaskExample) -> String? { workedSolution(ofPrompt: example.prompt) }

    /// The longest prompt and target (`LengthBoundedTask`).
    public var longestExample: Int { longestPrompt + longestTarget }

    /// The longest worked solution, or the longest answer (two digits) and its newline.
    public var longestTarget: Int { worked ? longestSolution : String(largestCount).count + 1 }

    /// An upper bound on the characters of any prompt of the task: the
    /// longest name, item and phrasing in every step, two-digit numbers.
    public var longestPrompt: Int {
        let longestName = WordProblem.people.map(\.name.count).max()!, longestItem = WordProblem.items.map(\.count).max()!
        // A phrasing's placeholders never grow: "{P}"→"She"/"He", "{o}"→"her"/"him", "{n}"→at most two digits.
        let longestPhrasing = WordProblemOperation.allCases.flatMap(\.phrasings).map(\.count).max()!
        return "Q: ".count + longestName + " has 99 ".count + longestItem + ".".count
            + operations.upperBound * (1 + longestPhrasing)
            + " How many  does  have now?".count + longestItem + longestName + " A: ".count
    }

    /// An upper bound on the characters of any worked solution (its final newline included).
    public var longestSolution: Int {
        (PromptPhrase.stepByStep + "\n").count + operations.upperBound * "99+99=99\n".count
            + (PromptPhrase.theAnswerIs + " 99.\n").count
    }

    /// An upper bound on the characters of a prompt and its worked solution.
    public var longestWorkedExample: Int { longestPrompt + longestSolution }
}
