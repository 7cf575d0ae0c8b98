import Foundation
import Testing
@testable import TaskSuite

/// The committed ability catalogue and tutorial question file, and the catalogue reader's errors.
@Suite struct AbilityCatalogueTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data")

    /// The word-problem generator is added beside these tasks; until it is in
    /// the task catalogue, its name is accepted as listed.
    static let pendingTasks: Set<String> = ["word-problems"]

    @Test func theCommittedCatalogueParsesWithTheTutorialsScales() throws {
        let catalogue = try AbilityCatalogue.load(Self.data.appendingPathComponent("ability-catalogue.csv"))
        let scales = Dictionary(uniqueKeysWithValues: catalogue.entries.map { ($0.ability, $0.emergenceFlops) })
        #expect(scales == ["Arithmetic": 1e22, "Word unscrambling": 1e22, "Chain-of-thought": 1e23, "Multi-step math": 1e23,
                           "Code generation": 1e23, "Translation (low-resource)": 1e23, "Analogical reasoning": 1e24,
                           "Theory of mind": 1e24, "Complex logical reasoning": 1e25])
        #expect(catalogue.entries.allSatisfy { $0.source.contains("Wei et al. 2022") && $0.source.contains("approximate") })
        #expect(catalogue.entry(forTask: "add3")?.ability == "Arithmetic")
        #expect(catalogue.entry(forTask: "sub2-scratchpad")?.ability == "Arithmetic")
        #expect(catalogue.entry(forTask: "unscramble")?.ability == "Word unscrambling")
        #expect(catalogue.entry(forTask: "order4")?.ability == "Complex logical reasoning")
        #expect(catalogue.entry(forTask: "analogy")?.ability == "Analogical reasoning")
        #expect(catalogue.entry(forTask: "word-problems")?.ability == "Multi-step math")
        #expect(catalogue.entry(forTask: "simulated-L10") == nil)
    }

    @Test func everyListedTaskIsInTheTaskCatalogue() throws {
        let catalogue = try AbilityCatalogue.load(Self.data.appendingPathComponent("ability-catalogue.csv"))
        for entry in catalogue.entries {
            for task in entry.tasks {
                if task.hasSuffix("*") {
                    let prefix = task.dropLast()
                    let probes = [""] + (1...9).map(String.init)
                    #expect(probes.contains { TaskCatalog.generator(named: prefix + $0) != nil }, "\(task) matches no task")
                } else {
                    #expect(TaskCatalog.generator(named: task) != nil || Self.pendingTasks.contains(task), "\(task) is no task")
                }
            }
        }
    }

    @Test func aBrokenCatalogueIsRefusedWithItsLine() {
        let header = "ability,description,emergence_flops,source,tasks\n"
        let cases: [(String, String)] = [
            ("", "is empty"),
            ("ability,description,flops,source,tasks\n", "expected the columns ability,description,emergence_flops,source,tasks"),
            (header + "Arithmetic,adding,lots,tutorial,add*\n", "line 2 has emergence_flops \"lots\"; expected a positive number"),
            (header + "Arithmetic,adding,-1e22,tutorial,add*\n", "line 2 has emergence_flops \"-1e22\""),
            (header + "Arithmetic,adding,1e22,tutorial\n", "line 2 has 4 fields; expected 5"),
            (header + "A,x,1e22,s,\nA,y,1e23,s,\n", "line 3 repeats the ability \"A\""),
            (header + ",x,1e22,s,\n", "line 2 has an empty ability"),
            (header + "A,x,1e22,s,a*b\n", "line 2 has the task \"a*b\""),
            (header + "A,\"x,1e22,s,\n", "line 2 column 3: expected a closing quote"),
        ]
        for (text, expected) in cases {
            do {
                _ = try AbilityCatalogue.parse(text, file: "cat.csv")
                Issue.record("accepted: \(text)")
            } catch {
                #expect("\(error)".hasPrefix("cat.csv") && "\(error)".contains(expected), "\(error)")
            }
        }
        // Columns in another order read the same.
        let reordered = try? AbilityCatalogue.parse("tasks,source,emergence_flops,description,ability\nadd* sub*,s,1e22,d,Arithmetic\n",
                                                    file: "cat.csv")
        #expect(reordered?.entries == [AbilityCatalogue.Entry(ability: "Arithmetic", description: "d", emergenceFlops: 1e22,
                                                              source: "s", tasks: ["add*", "sub*"])])
    }

    @Test func theTutorialQuestionsLoadWithTheTutorialsAnswers() throws {
        let examples = try TaskFile.load(Self.data.appendingPathComponent("tutorial-questions.jsonl"))
        let answers = Dictionary(uniqueKeysWithValues: examples.map { ($0.prompt, $0.answer) })
        #expect(answers == [
            "Q: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have? A: ": "11",
            "Q: Janet's ducks lay 16 eggs per day. She eats 3 for breakfast and bakes muffins with 4. She sells the rest at $2 each. How much does she make daily? A: ": "18",
            "Q: A juggler can juggle 16 balls. Half are golf balls. Half of the golf balls are blue. How many blue golf balls? A: ": "4",
            "Q: What's 37 × 23? A: ": "851",
            "Q: Calculate 37 times 23 without showing work. A: ": "851",
            "Q: What is 347 × 29? Show your work. A: ": "10063",
            "Q: A train travels 60 km in the first hour and 80 km in the second hour. What is its average speed? A: ": "70",
            "Q: If John is taller than Mary, and Mary is taller than Tom, is John taller than Tom? Explain your reasoning. A: ": "yes",
            "Q: Janet has 10 apples. She gives 3 to her friend. How many does she have? A: ": "7",
            "Q: A store has 24 shirts. If 6 are sold each day, how many days until they're gone? A: ": "4",
        ])
        // The answers are what the questions compute.
        #expect(37 * 23 == 851 && 347 * 29 == 10063 && 5 + 2 * 3 == 11 && (16 - 3 - 4) * 2 == 18 && 16 / 2 / 2 == 4)
        #expect((60 + 80) / 2 == 70 && 10 - 3 == 7 && 24 / 6 == 4)
        // Every question carries the tutorial's two worked exemplars, whose solutions state their answers.
        for example in examples {
            let exemplars = try #require(example.exemplars)
            #expect(exemplars.map { extractAnswer(fromTarget: $0.target) } == ["6", "5"])
            #expect(exemplars[0].target.hasPrefix("We start with 15 trees. Later we have 21 trees. The difference is 21 - 15 = 6.\n"))
            #expect(exemplars[1].target.hasPrefix("There are 3 cars initially. 2 more arrive. 3 + 2 = 5.\n"))
        }
    }
}
