import EmergeSupport

/// Analogies over a fixed table of word relations ("hot is to cold as big
/// is to what?" → `small`): the first pair shows a relation, the answer is
/// the word the same relation gives for the third word.
///
/// Format (`analogy`):
///
///     Q: hot is to cold as big is to what? A:  → small⏎
///     Q: kitten is to cat as puppy is to what? A:  → dog⏎
///
/// Both pairs come from one relation of `relations` (opposites, young
/// animals, irregular plurals, irregular past tenses), both read in the same
/// direction, chosen at random (cat → kitten or kitten → cat). No word
/// appears in two pairs, so a question has exactly one answer, which
/// `answer(to:)` finds by inverting the table. The table is small enough
/// for a tiny ladder to learn; the test split (a fixed hash of the prompt,
/// 20%) holds combinations of pairs never seen together in training. The
/// worked solution names the relation of each pair. Vocabulary:
/// `CharVocabulary.wordTasks`.
public struct AnalogyTask: TaskGenerator, WorkedSolutionTask, LengthBoundedTask, Equatable {
    /// One relation: its pairs (from → to) and what it is called each way.
    public struct Relation: Sendable, Equatable {
        /// "b is the <forward> of a" for a pair (a, b).
        public var forward: String
        /// "a is the <backward> of b" for a pair (a, b).
        public var backward: String
        public var pairs: [(String, String)]

        public static func == (l: Relation, r: Relation) -> Bool {
            l.forward == r.forward && l.backward == r.backward && l.pairs.elementsEqual(r.pairs, by: ==)
        }
    }

    /// The relation table.
    public static let relations: [Relation] = [
        Relation(forward: "opposite", backward: "opposite", pairs: [
            ("hot", "cold"), ("big", "small"), ("up", "down"), ("day", "night"), ("fast", "slow"),
            ("happy", "sad"), ("wet", "dry"), ("full", "empty"), ("rich", "poor"), ("early", "late"),
        ]),
        Relation(forward: "young", backward: "adult", pairs: [
            ("cat", "kitten"), ("dog", "puppy"), ("cow", "calf"), ("sheep", "lamb"), ("horse", "foal"),
            ("duck", "duckling"), ("pig", "piglet"), ("frog", "tadpole"),
        ]),
        Relation(forward: "plural", backward: "singular", pairs: [
            ("mouse", "mice"), ("child", "children"), ("foot", "feet"), ("man", "men"), ("tooth", "teeth"),
            ("goose", "geese"), ("ox", "oxen"), ("person", "people"),
        ]),
        Relation(forward: "past tense", backward: "present tense", pairs: [
            ("go", "went"), ("eat", "ate"), ("see", "saw"), ("run", "ran"), ("take", "took"),
            ("give", "gave"), ("write", "wrote"), ("sing", "sang"),
        ]),
    ]

    /// Per-mille share of prompts reserved for the test split (default 200 = 20%).
    public var testPerMille: Int

    public init(testPerMille: Int = 200) { self.testPerMille = testPerMille }

    public var name: String { "analogy" }
    public var vocabulary: CharVocabulary { .wordTasks }

    /// One question: a relation, the example pair and the query pair (indexes into its pairs), and the direction.
    public struct Question: Sendable, Equatable {
        public var relation: Int
        public var shown: Int
        public var asked: Int
        /// true: a → b (cat → kitten); false: b → a.
        public var forward: Bool
    }

    /// The two words of pair `index` of `relation`, in the question's direction.
    static func words(_ relation: Int, _ index: Int, forward: Bool) -> (String, String) {
        let pair = relations[relation].pairs[index]
        return forward ? pair : (pair.1, pair.0)
    }

    public func prompt(_ q: Question) -> String {
        let (a, b) = Self.words(q.relation, q.shown, forward: q.forward)
        let (c, _) = Self.words(q.relation, q.asked, forward: q.forward)
        return "Q: \(a) is to \(b) as \(c) is to what? A: "
    }

    public func answer(_ q: Question) -> String { Self.words(q.relation, q.asked, forward: q.forward).1 }

    public func example(_ q: Question) -> TaskExample { TaskExample(prompt: prompt(q), target: answer(q) + "\n") }

    public func randomQuestion(using rng: inout SplitMix64) -> Question {
        let relation = rng.below(Self.relations.count)
        let count = Self.relations[relation].pairs.count
        let shown = rng.below(count)
        var asked = rng.below(count - 1)
        if asked >= shown { asked += 1 }
        return Question(relation: relation, shown: shown, asked: asked, forward: rng.below(2) == 0)
    }

    public func split(of example: TaskExample) -> TaskSplit {
        partition(stableHash(example.prompt), salt: 0xA7A1, testPerMille: testPerMille)
    }

    public func randomExample(of split: TaskSplit, using rng: inout SplitMix64) -> TaskExample {
        while true {
            let example = example(randomQuestion(using: &rng))
            if self.split(of: example) == split { return example }
        }
    }

    /// The question a prompt of this task asks, found by looking its words up in the table; nil when it is not one.
    public func question(of prompt: String) -> Question? {
        guard prompt.hasPrefix("Q: "), prompt.hasSuffix(" is to what? A: ") else { return nil }
        let words = prompt.dropFirst(3).dropLast(" is to what? A: ".count).split(separator: " ").map(String.init)
        guard words.count == 6, words[1] == "is", words[2] == "to", words[4] == "as" else { return nil }
        for (r, relation) in Self.relations.enumerated() {
            for forward in [true, false] {
                let oriented = relation.pairs.map { forward ? $0 : ($0.1, $0.0) }
                guard let shown = oriented.firstIndex(where: { $0 == (words[0], words[3]) }),
                      let asked = oriented.firstIndex(where: { $0.0 == words[5] }), asked != shown else { continue }
                return Question(relation: r, shown: shown, asked: asked, forward: forward)
            }
        }
        return nil
    }

    /// Names the relation of each pair:
    ///
    ///     Let's think step by step.
    ///     kitten is the young of cat.
    ///     puppy is the young of dog.
    ///     The answer is puppy.
    public func workedSolution(of example: TaskExample) -> String? {
        guard let q = question(of: example.prompt) else { return nil }
        let relation = Self.relations[q.relation]
        let called = q.forward ? relation.forward : relation.backward
        let (a, b) = Self.words(q.relation, q.shown, forward: q.forward)
        let (c, d) = Self.words(q.relation, q.asked, forward: q.forward)
        let lines = [PromptPhrase.stepByStep, "\(b) is the \(called) of \(a).", "\(d) is the \(called) of \(c).",
                     "\(PromptPhrase.theAnswerIs) \(d)."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The longest word the table holds, in every slot (an upper bound).
    public var longestExample: Int {
        let longest = Self.longestWord
        return prompt(Question(relation: 0, shown: 0, asked: 1, forward: true)).count
            - Self.words(0, 0, forward: true).0.count - Self.words(0, 0, forward: true).1.count
            - Self.words(0, 1, forward: true).0.count + 3 * longest + longestTarget
    }

    public var longestTarget: Int { Self.longestWord + 1 }

    static var longestWord: Int { relations.flatMap { $0.pairs.flatMap { [$0.0.count, $0.1.count] } }.max()! }
}
