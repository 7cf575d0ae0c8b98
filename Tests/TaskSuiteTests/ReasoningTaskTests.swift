import EmergeSupport
import Testing
@testable import TaskSuite

/// Transitive ordering and analogies: every answer checked by a computation
/// of its own, over 100,000 seeded questions each.
@Suite struct ReasoningTaskTests {
    /// The answer of an ordering prompt, found without the generator: the
    /// premises become edges "greater → lesser", the question's pair is
    /// ordered by reachability.
    static func orderingAnswer(_ prompt: String) -> (answer: String, premises: Int, people: Int)? {
        guard prompt.hasPrefix("Q: "), prompt.hasSuffix(" A: ") else { return nil }
        let body = String(prompt.dropFirst(3).dropLast(4))
        let sentences = body.split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces) }
        var edges: [String: [String]] = [:]
        var people = Set<String>()
        var relation = ""
        for sentence in sentences.dropLast() {
            let words = sentence.split(separator: " ").map(String.init)
            guard words.count == 5, words[1] == "is", words[3] == "than" else { return nil }
            relation = words[2]
            edges[words[0], default: []].append(words[4])
            people.formUnion([words[0], words[4]])
        }
        func reaches(_ from: String, _ to: String) -> Bool {
            var stack = [from], seen = Set<String>()
            while let next = stack.popLast() {
                if next == to { return true }
                if seen.insert(next).inserted { stack += edges[next] ?? [] }
            }
            return false
        }
        let ask = sentences.last!.split(separator: " ").map(String.init)
        if ask.first == "Is" {
            guard ask.count == 5, ask[2] == relation, ask[4].hasSuffix("?") else { return nil }
            let x = ask[1], y = String(ask[4].dropLast())
            guard reaches(x, y) != reaches(y, x) else { return nil }
            return (reaches(x, y) ? "yes" : "no", sentences.count - 1, people.count)
        }
        guard ask.count == 6, ask[0] == "Who", ask[2] == relation + ",", ask[4] == "or" else { return nil }
        let x = ask[3], y = String(ask[5].dropLast())
        guard reaches(x, y) != reaches(y, x) else { return nil }
        return (reaches(x, y) ? x : y, sentences.count - 1, people.count)
    }

    @Test func orderingAnswersAreRightOverAHundredThousandQuestions() throws {
        var rng = SplitMix64(seed: 2024)
        var yesNo = 0, names = 0
        for i in 0..<100_000 {
            let task = TransitiveOrderingTask(chainLength: 1 + i % TransitiveOrderingTask.longestChain)
            let example = task.randomExample(of: i % 10 == 0 ? .test : .train, using: &rng)
            let check = try #require(Self.orderingAnswer(example.prompt), "\(example.prompt)")
            #expect(example.answer == check.answer, "\(example.prompt)")
            // The difficulty knob: chain length comparisons between chain length + 1 people.
            #expect(check.premises == task.chainLength && check.people == task.chainLength + 1)
            if check.answer == "yes" || check.answer == "no" { yesNo += 1 } else { names += 1 }
            if i % 50 == 0 {
                let solution = try #require(task.workedSolution(of: example))
                #expect(solution.hasPrefix(PromptPhrase.stepByStep + "\n"))
                #expect(extractAnswer(from: solution).answer == check.answer)
                #expect(try task.vocabulary.encode(example.prompt + example.target + solution).count > 0)
                #expect(example.prompt.count + example.target.count <= task.longestExample)
                #expect(example.target.count <= task.longestTarget)
            }
        }
        #expect(yesNo > 45_000 && names > 45_000)
    }

    @Test func chainLengthIsTheDifficultyAndTheNameSaysIt() throws {
        for chain in 1...TransitiveOrderingTask.longestChain {
            let task = try #require(TaskCatalog.generator(named: "order\(chain)") as? TransitiveOrderingTask)
            #expect(task.chainLength == chain && task.name == "order\(chain)")
            for example in task.examples(of: .test, count: 50, seed: 3) {
                #expect(example.prompt.components(separatedBy: " than ").count - 1 == chain + (example.prompt.contains("Is ") ? 1 : 0))
            }
        }
        for bad in ["order0", "order9", "order", "order03", "order2x"] { #expect(TaskCatalog.generator(named: bad) == nil) }
        // The longer chain's prompts are longer.
        let short = TransitiveOrderingTask(chainLength: 2).examples(of: .train, count: 100, seed: 1)
        let long = TransitiveOrderingTask(chainLength: 6).examples(of: .train, count: 100, seed: 1)
        #expect(short.map(\.prompt.count).max()! < long.map(\.prompt.count).min()!)
    }

    @Test func orderingIsDeterministicPerSeedAndItsSplitsAreDisjoint() {
        let task = TransitiveOrderingTask(chainLength: 3)
        #expect(task.examples(of: .test, count: 200, seed: 9) == task.examples(of: .test, count: 200, seed: 9))
        #expect(task.examples(of: .test, count: 200, seed: 9) != task.examples(of: .test, count: 200, seed: 10))
        let train = Set(task.examples(of: .train, count: 2_000, seed: 1).map(\.prompt))
        let test = task.examples(of: .test, count: 500, seed: 1)
        #expect(test.count == 500 && test.allSatisfy { !train.contains($0.prompt) && task.split(of: $0) == .test })
    }

    @Test func theOrderingPromptReadsAsTheDocsShow() throws {
        let task = TransitiveOrderingTask(chainLength: 2)
        let q = TransitiveOrderingTask.Question(relation: TransitiveOrderingTask.relations[0], order: ["Ann", "Bob", "Cal"],
                                                statedOrder: [1, 0], first: "Ann", second: "Cal", asksYesNo: true)
        let example = task.example(q)
        #expect(example.prompt == "Q: Bob is taller than Cal. Ann is taller than Bob. Is Ann taller than Cal? A: ")
        #expect(example.target == "yes\n")
        #expect(task.question(of: example.prompt) == q)
        #expect(task.workedSolution(of: example) == """
            Let's think step by step.
            From the tallest: Ann, Bob, Cal.
            Ann comes before Cal, so Ann is taller than Cal.
            The answer is yes.

            """)
        var who = q
        who.asksYesNo = false; who.first = "Cal"; who.second = "Ann"
        #expect(task.example(who).target == "Ann\n")
        #expect(task.workedSolution(of: TaskExample(prompt: "Q: 1+1= A: ", target: "2\n")) == nil)
    }

    /// Each word of the relation table with its relation, its partner and its side, built from the table itself.
    static func inverted() -> [String: (relation: Int, partner: String, left: Bool)] {
        var index: [String: (Int, String, Bool)] = [:]
        for (r, relation) in AnalogyTask.relations.enumerated() {
            for (a, b) in relation.pairs {
                #expect(index[a] == nil && index[b] == nil, "\(a) or \(b) appears twice in the table")
                index[a] = (r, b, true); index[b] = (r, a, false)
            }
        }
        return index.mapValues { (relation: $0.0, partner: $0.1, left: $0.2) }
    }

    @Test func analogyAnswersAreRightOverAHundredThousandQuestions() throws {
        let index = Self.inverted()
        let task = AnalogyTask()
        var rng = SplitMix64(seed: 77)
        var relations = Set<Int>()
        for i in 0..<100_000 {
            let example = task.randomExample(of: i % 5 == 0 ? .test : .train, using: &rng)
            let words = example.prompt.split(separator: " ").map(String.init)
            // Q: a is to b as c is to what? A:
            #expect(words.count == 11 && words[0] == "Q:" && words[9] == "what?")
            let a = try #require(index[words[1]]), c = try #require(index[words[6]])
            #expect(a.partner == words[4], "\(example.prompt)")
            #expect(c.relation == a.relation && c.left == a.left && words[6] != words[1])
            #expect(example.answer == c.partner, "\(example.prompt)")
            relations.insert(a.relation)
            if i % 50 == 0 {
                let solution = try #require(task.workedSolution(of: example))
                #expect(extractAnswer(from: solution).answer == c.partner)
                #expect(try task.vocabulary.encode(example.prompt + example.target + solution).count > 0)
                #expect(example.prompt.count + example.target.count <= task.longestExample)
                #expect(example.target.count <= task.longestTarget)
            }
        }
        #expect(relations.count == AnalogyTask.relations.count)
    }

    @Test func analogiesAreDeterministicSplitAndWorkedAsTheDocsShow() throws {
        let task = try #require(TaskCatalog.generator(named: "analogy") as? AnalogyTask)
        #expect(task.examples(of: .train, count: 100, seed: 5) == task.examples(of: .train, count: 100, seed: 5))
        #expect(task.examples(of: .train, count: 100, seed: 5) != task.examples(of: .train, count: 100, seed: 6))
        let test = task.examples(of: .test, count: 10_000, seed: 1)
        let train = task.examples(of: .train, count: 10_000, seed: 1)
        // The table is finite: every question of a split is found, and the splits share none.
        #expect(!test.isEmpty && Set(test.map(\.prompt)).isDisjoint(with: train.map(\.prompt)))
        #expect(test.count + train.count == AnalogyTask.relations.reduce(0) { $0 + 2 * $1.pairs.count * ($1.pairs.count - 1) })
        let q = AnalogyTask.Question(relation: 1, shown: 0, asked: 1, forward: false)
        let example = task.example(q)
        #expect(example.prompt == "Q: kitten is to cat as puppy is to what? A: " && example.target == "dog\n")
        #expect(task.question(of: example.prompt) == q)
        #expect(task.workedSolution(of: example)
                == "Let's think step by step.\ncat is the adult of kitten.\ndog is the adult of puppy.\nThe answer is dog.\n")
    }
}
