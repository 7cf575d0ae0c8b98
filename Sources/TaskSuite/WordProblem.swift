import Foundation

/// One arithmetic operation of a word problem, applied to the running count.
public enum WordProblemOperation: Character, Sendable, Codable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    /// The result of applying the operation to `value` (division is exact in
    /// every generated problem).
    public func apply(_ value: Int, _ operand: Int) -> Int {
        switch self {
        case .add: value + operand
        case .subtract: value - operand
        case .multiply: value * operand
        case .divide: value / operand
        }
    }

    /// The sentences that state the operation, `{P}`/`{p}` the person's
    /// pronoun (capitalised / not), `{o}` its object form, `{n}` the operand.
    /// A problem names one of them by index (`WordProblem.Step.phrasing`).
    public var phrasings: [String] {
        switch self {
        case .add: ["{P} buys {n} more.", "{P} finds {n} more.", "A friend gives {o} {n} more."]
        case .subtract: ["{P} gives away {n}.", "{P} loses {n}.", "{P} sells {n}."]
        case .multiply: ["Now {p} has {n} times as many.", "{P} ends up with {n} times as many."]
        case .divide: ["{P} keeps one of {n} equal shares.", "{P} splits them into {n} equal piles and keeps one."]
        }
    }
}

/// A templated multi-step word problem: a person starts with a count of
/// items and changes it step by step; the question asks for the final count.
///
///     Q: Ann has 7 apples. She buys 5 more. She gives away 3. How many apples does Ann have now? A:
///
/// Its worked solution has one line of arithmetic per step, as the
/// step-by-step strategies ask for (docs/ladders.md#word-problems):
///
///     Let's think step by step.
///     7+5=12
///     12-3=9
///     The answer is 9.
public struct WordProblem: Sendable, Equatable, Hashable {
    /// One operation as the text states it.
    public struct Step: Sendable, Equatable, Hashable {
        public var operation: WordProblemOperation
        public var operand: Int
        /// Index into `operation.phrasings`.
        public var phrasing: Int
        public init(operation: WordProblemOperation, operand: Int, phrasing: Int) {
            self.operation = operation; self.operand = operand; self.phrasing = phrasing
        }
    }

    /// Index into `WordProblem.people`.
    public var person: Int
    /// Index into `WordProblem.items`.
    public var item: Int
    public var start: Int
    public var steps: [Step]

    public init(person: Int, item: Int, start: Int, steps: [Step]) {
        self.person = person; self.item = item; self.start = start; self.steps = steps
    }

    /// The people of the problems, with their pronoun (subject, object).
    public static let people: [(name: String, subject: String, object: String)] = [
        ("Ann", "she", "her"), ("Ben", "he", "him"), ("Cara", "she", "her"), ("Dan", "he", "him"),
        ("Eva", "she", "her"), ("Finn", "he", "him"), ("Gina", "she", "her"), ("Hugo", "he", "him"),
    ]
    /// What they count (plural nouns).
    public static let items = ["apples", "books", "coins", "cards", "eggs", "marbles", "pens", "stamps"]

    /// The running count after the start and after each step.
    public var values: [Int] {
        var value = start
        return [start] + steps.map { step in value = step.operation.apply(value, step.operand); return value }
    }

    /// The final count.
    public var answer: Int { values.last ?? start }

    /// The sentence that states `step`, with this problem's pronouns.
    public func sentence(_ step: Step) -> String {
        let who = Self.people[person]
        return step.operation.phrasings[step.phrasing]
            .replacingAll("{P}", with: who.subject.capitalizedFirst)
            .replacingAll("{p}", with: who.subject)
            .replacingAll("{o}", with: who.object)
            .replacingAll("{n}", with: String(step.operand))
    }

    /// The problem's text: the start, one sentence per step, the question.
    public var text: String {
        let name = Self.people[person].name, noun = Self.items[item]
        return (["\(name) has \(start) \(noun)."] + steps.map(sentence) + ["How many \(noun) does \(name) have now?"])
            .joined(separator: " ")
    }

    /// The prompt, `Q: <text> A: `.
    public var prompt: String { "Q: \(text) A: " }

    /// The worked solution: the trigger line, `a<op>b=c` per step, and
    /// "The answer is X."; every line ends with a newline.
    public var workedSolution: String {
        let values = values
        let lines = steps.enumerated().map { index, step in
            "\(values[index])\(step.operation.rawValue)\(step.operand)=\(values[index + 1])"
        }
        return ([PromptPhrase.stepByStep] + lines + ["\(PromptPhrase.theAnswerIs) \(answer)."]).joined(separator: "\n") + "\n"
    }

    /// The problem a prompt of this format states, or nil when the text is not
    /// one (a sentence no phrasing matches, a number out of place).
    public static func parse(prompt: String) -> WordProblem? {
        guard prompt.hasPrefix("Q: "), prompt.hasSuffix(" A: ") else { return nil }
        let text = String(prompt.dropFirst(3).dropLast(4))
        var sentences = text.split(separator: ". ", omittingEmptySubsequences: false).map(String.init)
        guard sentences.count >= 2 else { return nil }
        let opening = sentences.removeFirst().split(separator: " ").map(String.init)
        guard opening.count == 4, opening[1] == "has", let start = Int(opening[2]),
              let person = people.firstIndex(where: { $0.name == opening[0] }),
              let item = items.firstIndex(of: opening[3]) else { return nil }
        guard sentences.removeLast() == "How many \(items[item]) does \(people[person].name) have now?" else { return nil }
        var problem = WordProblem(person: person, item: item, start: start, steps: [])
        for raw in sentences {
            let sentence = raw + "."
            var found: Step?
            search: for operation in WordProblemOperation.allCases {
                for index in operation.phrasings.indices {
                    let probe = Step(operation: operation, operand: 0, phrasing: index)
                    let parts = problem.sentence(probe).components(separatedBy: "0")
                    guard parts.count == 2, sentence.hasPrefix(parts[0]), sentence.hasSuffix(parts[1]),
                          sentence.count > parts[0].count + parts[1].count else { continue }
                    let number = sentence.dropFirst(parts[0].count).dropLast(parts[1].count)
                    if let operand = Int(number), String(operand) == number {
                        found = Step(operation: operation, operand: operand, phrasing: index)
                        break search
                    }
                }
            }
            guard let step = found else { return nil }
            problem.steps.append(step)
        }
        return problem.prompt == prompt ? problem : nil
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }

    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
