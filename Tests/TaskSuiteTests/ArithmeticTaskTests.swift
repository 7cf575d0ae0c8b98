import EmergeSupport
import Testing
@testable import TaskSuite

@Suite struct ArithmeticTaskTests {
    @Test func formatMatchesTheProbe() {
        let task = ArithmeticTask(operation: .addition, digits: 3)
        let example = task.example(47, 821)
        #expect(example.prompt == "Q: 047+821= A: ")
        #expect(example.target == "0868\n")
        #expect(example.answer == "0868")
        #expect(task.name == "add3")
    }

    @Test func plainFormatHasNoPadding() {
        let task = ArithmeticTask(operation: .addition, digits: 4, zeroPadded: false)
        #expect(task.example(4721, 388).prompt == "Q: 4721+388= A: ")
        #expect(task.example(4721, 388).target == "5109\n")
    }

    @Test(arguments: ArithmeticOperation.allCases)
    func answersAreCorrectOver100kSamples(operation: ArithmeticOperation) {
        let task = ArithmeticTask(operation: operation, digits: 3)
        var rng = SplitMix64(seed: 42)
        for index in 0..<100_000 {
            let example = task.randomExample(of: index % 2 == 0 ? .train : .test, using: &rng)
            guard let (a, b) = task.operands(of: example.prompt) else {
                Issue.record("unparseable prompt \(example.prompt)"); return
            }
            let expected: Int
            switch operation {
            case .addition: expected = a + b
            case .subtraction: expected = a - b
            case .multiplication: expected = a * b
            }
            #expect(expected >= 0)
            guard Int(example.answer) == expected, example.answer.count == task.answerWidth,
                  example.target.hasSuffix("\n") else {
                Issue.record("wrong answer \(example.target) for \(example.prompt)"); return
            }
        }
    }

    @Test(arguments: ArithmeticOperation.allCases)
    func trainAndTestAreDisjoint(operation: ArithmeticOperation) {
        let task = ArithmeticTask(operation: operation, digits: 2)
        let train = Set(task.examples(of: .train, count: 3_000, seed: 1).map(\.prompt))
        let test = Set(task.examples(of: .test, count: 3_000, seed: 2).map(\.prompt))
        #expect(train.isDisjoint(with: test))
        #expect(test.count > 50)  // 10% of the pairs (ordered pairs for subtraction are fewer)
        #expect(train.count > 1_000)
        // The split is a function of content only, not of the seed.
        for prompt in test { #expect(task.split(of: TaskExample(prompt: prompt, target: "")) == .test) }
    }

    @Test func testShareIsAboutTenPercent() {
        let task = ArithmeticTask(operation: .addition, digits: 3)
        var tests = 0
        for a in 0..<1000 where task.split(of: a, 7) == .test { tests += 1 }
        #expect((60...140).contains(tests))
    }

    @Test func sameSeedSameExamples() {
        let task = ArithmeticTask(operation: .multiplication, digits: 2)
        #expect(task.examples(of: .test, count: 50, seed: 9) == task.examples(of: .test, count: 50, seed: 9))
        #expect(task.examples(of: .test, count: 50, seed: 9) != task.examples(of: .test, count: 50, seed: 10))
    }

    @Test func examplesUseOnlyTheVocabulary() throws {
        for name in ["add3", "sub4", "mul2", "add3-scratchpad", "unscramble"] {
            let task = try #require(TaskCatalog.generator(named: name))
            for example in task.examples(of: .train, count: 200, seed: 3) {
                _ = try task.vocabulary.encode(example.prompt + example.target)
            }
        }
    }

    @Test func catalogParsesNames() throws {
        let task = try #require(TaskCatalog.generator(named: "sub4-plain-scratchpad") as? ArithmeticTask)
        #expect(task.operation == .subtraction && task.digits == 4 && !task.zeroPadded && task.scratchpad)
        #expect(TaskCatalog.generator(named: "div3") == nil)
        #expect(TaskCatalog.generator(named: "add") == nil)
    }
}
