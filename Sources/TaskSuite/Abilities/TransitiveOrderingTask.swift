import EmergeSupport

/// Transitive ordering ("If John is taller than Mary, and Mary is taller
/// than Tom, is John taller than Tom?"): a chain of `chainLength`
/// comparisons between people, stated in random order, then a question
/// about the two ends of the chain, so every comparison is needed.
///
/// Format (`order2`):
///
///     Q: Bob is taller than Cal. Ann is taller than Bob. Is Ann taller than Cal? A:  → yes⏎
///     Q: Eve is older than Dan. Gus is older than Eve. Who is older, Dan or Gus? A:  → Gus⏎
///
/// Half the questions ask yes or no ("Is X taller than Y?", either end
/// first), half ask for a name ("Who is taller, X or Y?"). The relation is
/// one of `relations`, the people `chainLength + 1` distinct names of
/// `names`. Chain length is the difficulty: 1 states the answer outright,
/// 8 needs eight steps. The split is a fixed hash of the prompt; the worked
/// solution (`workedSolution(of:)`) lists the people in order and reads the
/// answer off it. Vocabulary: `CharVocabulary.wordTasks`.
public struct TransitiveOrderingTask: TaskGenerator, WorkedSolutionTask, LengthBoundedTask, Equatable {
    /// A comparison: the comparative of the premises and its superlative (`taller`, `tallest`).
    public struct Relation: Sendable, Equatable, Hashable {
        public var comparative: String
        public var superlative: String
        public init(_ comparative: String, _ superlative: String) {
            self.comparative = comparative; self.superlative = superlative
        }
    }

    /// The relations questions use.
    public static let relations = [Relation("taller", "tallest"), Relation("older", "oldest"),
                                   Relation("heavier", "heaviest"), Relation("faster", "fastest")]
    /// The names people are drawn from (three letters each, distinct).
    public static let names = ["Ann", "Bob", "Cal", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kim", "Lee"]
    /// The longest chain a task may ask for (`names` must hold one more person).
    public static let longestChain = 8

    /// Comparisons in the chain (1…`longestChain`); the people number one more.
    public var chainLength: Int
    /// Per-mille share of prompts reserved for the test split (default 100 = 10%).
    public var testPerMille: Int

    public init(chainLength: Int, testPerMille: Int = 100) {
        precondition((1...Self.longestChain).contains(chainLength), "chain length must be 1...\(Self.longestChain)")
        self.chainLength = chainLength; self.testPerMille = testPerMille
    }

    /// `order2`: the chain length.
    public var name: String { "order\(chainLength)" }
    public var vocabulary: CharVocabulary { .wordTasks }

    /// One question: the people from greatest to least, the order the premises are stated in
    /// (indexes of the comparisons `order[i]` > `order[i+1]`), the pair asked about and the kind.
    public struct Question: Sendable, Equatable {
        public var relation: Relation
        /// The people from the greatest (tallest, oldest, …) to the least.
        public var order: [String]
        /// The comparisons in the order stated: `i` states `order[i]` is <comparative> than `order[i + 1]`.
        public var statedOrder: [Int]
        /// The two people asked about, in the order the question names them.
        public var first: String
        public var second: String
        /// A yes/no question ("Is first taller than second?") or a name question ("Who is taller, first or second?").
        public var asksYesNo: Bool
    }

    /// The prompt of a question.
    public func prompt(_ q: Question) -> String {
        let premises = q.statedOrder.map { "\(q.order[$0]) is \(q.relation.comparative) than \(q.order[$0 + 1])." }
        let ask = q.asksYesNo ? "Is \(q.first) \(q.relation.comparative) than \(q.second)?"
            : "Who is \(q.relation.comparative), \(q.first) or \(q.second)?"
        return "Q: " + premises.joined(separator: " ") + " " + ask + " A: "
    }

    /// The answer: `yes`/`no`, or the greater person's name.
    public func answer(_ q: Question) -> String {
        let firstIsGreater = q.order.firstIndex(of: q.first)! < q.order.firstIndex(of: q.second)!
        if q.asksYesNo { return firstIsGreater ? "yes" : "no" }
        return firstIsGreater ? q.first : q.second
    }

    public func example(_ q: Question) -> TaskExample { TaskExample(prompt: prompt(q), target: answer(q) + "\n") }

    /// A random question: relation, people, stated order, which end is named first, and the kind.
    public func randomQuestion(using rng: inout SplitMix64) -> Question {
        let relation = Self.relations[rng.below(Self.relations.count)]
        var pool = Self.names
        var order: [String] = []
        for _ in 0...chainLength { order.append(pool.remove(at: rng.below(pool.count))) }
        var stated = Array(0..<chainLength)
        for i in stride(from: stated.count - 1, to: 0, by: -1) { stated.swapAt(i, rng.below(i + 1)) }
        let greaterFirst = rng.below(2) == 0
        let asksYesNo = rng.below(2) == 0
        return Question(relation: relation, order: order, statedOrder: stated,
                        first: greaterFirst ? order[0] : order[chainLength],
                        second: greaterFirst ? order[chainLength] : order[0], asksYesNo: asksYesNo)
    }

    public func split(of example: TaskExample) -> TaskSplit {
        partition(stableHash(example.prompt), salt: 0x0DE2 &+ UInt64(chainLength), testPerMille: testPerMille)
    }

    public func randomExample(of split: TaskSplit, using rng: inout SplitMix64) -> TaskExample {
        while true {
            let example = example(randomQuestion(using: &rng))
            if self.split(of: example) == split { return example }
        }
    }

    /// The question a prompt of this task asks, or nil when it is not one.
    public func question(of prompt: String) -> Question? {
        guard prompt.hasPrefix("Q: "), prompt.hasSuffix(" A: ") else { return nil }
        let sentences = prompt.dropFirst(3).dropLast(4).split(separator: " ").map(String.init)
        // Premises: "X is R than Y." (5 words each), then the question.
        guard sentences.count >= 5 * chainLength else { return nil }
        let relationWord = sentences[2]
        guard let relation = Self.relations.first(where: { $0.comparative == relationWord }) else { return nil }
        var pairs: [(String, String)] = []
        for i in 0..<chainLength {
            let w = Array(sentences[(5 * i)..<(5 * i + 5)])
            guard w[1] == "is", w[2] == relation.comparative, w[3] == "than", w[4].hasSuffix(".") else { return nil }
            pairs.append((w[0], String(w[4].dropLast())))
        }
        // Rebuild the chain: the greatest is the one never on the right.
        let rights = Set(pairs.map(\.1))
        guard let top = pairs.map(\.0).first(where: { !rights.contains($0) }) else { return nil }
        var order = [top]
        var stated = [Int](repeating: 0, count: chainLength)
        for position in 0..<chainLength {
            guard let index = pairs.firstIndex(where: { $0.0 == order.last! }) else { return nil }
            stated[position] = index
            order.append(pairs[index].1)
        }
        // stated[position] is the premise index stating order[position]; invert it.
        var statedOrder = [Int](repeating: 0, count: chainLength)
        for (position, index) in stated.enumerated() { statedOrder[index] = position }
        let ask = Array(sentences[(5 * chainLength)...])
        let yesNo = ask.count == 5 && ask[0] == "Is" && ask[2] == relation.comparative && ask[3] == "than" && ask[4].hasSuffix("?")
        let who = ask.count == 6 && ask[0] == "Who" && ask[1] == "is" && ask[2] == relation.comparative + ","
            && ask[4] == "or" && ask[5].hasSuffix("?")
        guard yesNo || who else { return nil }
        let first = yesNo ? ask[1] : ask[3], second = String(ask[yesNo ? 4 : 5].dropLast())
        guard first != second, order.contains(first), order.contains(second) else { return nil }
        let q = Question(relation: relation, order: order, statedOrder: statedOrder, first: first, second: second,
                         asksYesNo: yesNo)
        return self.prompt(q) == prompt ? q : nil
    }

    /// The people in order from the greatest, then the pair read off that order:
    ///
    ///     Let's think step by step.
    ///     From the tallest: Ann, Bob, Cal.
    ///     Ann comes before Cal, so Ann is taller than Cal.
    ///     The answer is yes.
    public func workedSolution(of example: TaskExample) -> String? {
        guard let q = question(of: example.prompt) else { return nil }
        let firstIsGreater = q.order.firstIndex(of: q.first)! < q.order.firstIndex(of: q.second)!
        let (greater, lesser) = firstIsGreater ? (q.first, q.second) : (q.second, q.first)
        let lines = [PromptPhrase.stepByStep,
                     "From the \(q.relation.superlative): " + q.order.joined(separator: ", ") + ".",
                     "\(greater) comes before \(lesser), so \(greater) is \(q.relation.comparative) than \(lesser).",
                     "\(PromptPhrase.theAnswerIs) \(answer(q))."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The longest relation and names: a "Who is …" question (longer than "Is …").
    public var longestExample: Int {
        let relation = Self.relations.max { $0.comparative.count < $1.comparative.count }!
        let people = Array(Self.names.prefix(chainLength + 1))
        let q = Question(relation: relation, order: people, statedOrder: Array(0..<chainLength),
                         first: people[0], second: people[chainLength], asksYesNo: false)
        return prompt(q).count + longestTarget
    }

    /// The longest name (every name and "yes" have three letters; "no" two) and its newline.
    public var longestTarget: Int { max(3, Self.names.map(\.count).max()!) + 1 }
}
