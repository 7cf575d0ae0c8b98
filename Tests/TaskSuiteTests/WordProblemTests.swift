import EmergeSupport
import Foundation
import Testing
@testable import TaskSuite

// The word-problem generator: every answer checked independently of the
// generator's own evaluation, the number ranges docs/ladders.md promises,
// determinism, the split, and reading a prompt back.

/// The problem's arithmetic as a reader finds it in the text: the start, then
/// per sentence the operation its wording names and the number it contains.
private func readProblem(_ prompt: String) throws -> (start: Int, steps: [(Character, Int)]) {
    let sentences = prompt.dropFirst("Q: ".count).dropLast(" A: ".count).components(separatedBy: ". ")
    func number(_ sentence: String) throws -> Int {
        let digits = sentence.split(whereSeparator: { !$0.isNumber }).map(String.init)
        try #require(digits.count == 1, "one number in \(sentence)")
        return try #require(Int(digits[0]))
    }
    let start = try number(sentences[0])
    var steps: [(Character, Int)] = []
    for sentence in sentences.dropFirst().dropLast() {
        let operation: Character
        if sentence.hasSuffix("more") { operation = "+" }
        else if sentence.contains("gives away") || sentence.contains("loses") || sentence.contains("sells") { operation = "-" }
        else if sentence.hasSuffix("times as many") { operation = "*" }
        else if sentence.contains(" equal ") { operation = "/" }
        else { Issue.record("no operation in \(sentence)"); operation = "?" }
        steps.append((operation, try number(sentence)))
    }
    #expect(sentences.last?.hasPrefix("How many ") == true)
    return (start, steps)
}

/// The lines `a<op>b=c` of a worked solution, each checked by plain
/// arithmetic, and the answer its last line states.
private func checkWorkedSolution(_ solution: String) throws -> (lines: [(Int, Character, Int, Int)], answer: Int) {
    var lines = solution.split(separator: "\n").map(String.init)
    #expect(lines.first == "Let's think step by step.")
    let popped = lines.popLast()
    let last = try #require(popped)
    #expect(last.hasPrefix("The answer is ") && last.hasSuffix("."))
    let answer = try #require(Int(last.dropFirst("The answer is ".count).dropLast()))
    var parsed: [(Int, Character, Int, Int)] = []
    for line in lines.dropFirst() {
        let symbol = try #require(line.first(where: { "+-*/".contains($0) }))
        let sides = line.split(separator: "=")
        let operands = sides[0].split(separator: symbol)
        let a = try #require(Int(operands[0])), b = try #require(Int(operands[1])), c = try #require(Int(sides[1]))
        switch symbol {
        case "+": #expect(a + b == c, "\(line)")
        case "-": #expect(a - b == c, "\(line)")
        case "*": #expect(a * b == c, "\(line)")
        default: #expect(b * c == a, "\(line): division must be exact")
        }
        parsed.append((a, symbol, b, c))
    }
    return (parsed, answer)
}

@Suite struct WordProblemTests {
    @Test func answersAreRightOverAHundredThousandSeededProblems() throws {
        let direct = WordProblemTask(), worked = WordProblemTask(worked: true)
        var rngDirect = SplitMix64(seed: 2024), rngWorked = SplitMix64(seed: 2024)
        var operationCounts: [Int: Int] = [:], operationsUsed: [Character: Int] = [:]
        for index in 0..<100_000 {
            let split: TaskSplit = index % 10 == 0 ? .test : .train
            let answerOnly = direct.randomExample(of: split, using: &rngDirect)
            let solved = worked.randomExample(of: split, using: &rngWorked)
            #expect(answerOnly.prompt == solved.prompt)   // the same problems, answered two ways
            let (start, steps) = try readProblem(solved.prompt)
            let (lines, answer) = try checkWorkedSolution(solved.target)
            // The text, read by its wording, computes what the solution's lines do.
            #expect(lines.count == steps.count)
            var value = start
            for ((symbol, operand), line) in zip(steps, lines) {
                #expect(line.0 == value && line.1 == symbol && line.2 == operand)
                #expect((1...20).contains(operand) && (symbol == "+" || symbol == "-" || operand <= 5))
                value = line.3
                #expect((1...99).contains(value))
            }
            #expect((2...20).contains(start))
            #expect(answer == value)
            #expect(answerOnly.target == "\(value)\n")
            #expect(answerOnly.answer == String(value) && solved.answer == String(value))
            operationCounts[steps.count, default: 0] += 1
            for (symbol, _) in steps { operationsUsed[symbol, default: 0] += 1 }
        }
        // Difficulty 2, 3 and 4 about equally often; every operation occurs.
        #expect(Set(operationCounts.keys) == [2, 3, 4])
        for count in operationCounts.values { #expect(abs(count - 33_333) < 1_000) }
        #expect(Set(operationsUsed.keys) == ["+", "-", "*", "/"])
    }

    @Test func smallNumbersStayWithinTheirBoundsOverAHundredThousandSeededProblems() throws {
        let task = try #require(WordProblemTask(name: "word-problems1-2-small"))
        #expect(task == WordProblemTask(operations: 1...2, smallNumbers: true))
        #expect(WordProblemTask(name: "word-problems1-2-small-scratchpad") == task.withWorkedSolutions)
        #expect(WordProblemTask(name: "word-problems-small-1") == nil)
        var rng = SplitMix64(seed: 2025)
        var counts: [Int: Int] = [:], answers = Set<Int>()
        for index in 0..<100_000 {
            let worked = task.withWorkedSolutions.randomExample(of: index % 10 == 0 ? .test : .train, using: &rng)
            let (start, steps) = try readProblem(worked.prompt)
            let (lines, answer) = try checkWorkedSolution(worked.target)
            #expect((2...9).contains(start) && lines.count == steps.count)
            var value = start
            for ((symbol, operand), line) in zip(steps, lines) {
                #expect(line.0 == value && line.1 == symbol && line.2 == operand)
                #expect(symbol == "+" || symbol == "-" ? (1...9).contains(operand) : (2...3).contains(operand))
                value = line.3
                #expect((1...20).contains(value))
            }
            #expect(answer == value)
            #expect(worked.prompt.count + worked.target.count <= task.longestWorkedExample)
            counts[steps.count, default: 0] += 1
            answers.insert(value)
        }
        #expect(abs(counts[1, default: 0] - 50_000) < 1_000 && abs(counts[2, default: 0] - 50_000) < 1_000)
        #expect(answers == Set(1...20))
    }

    @Test func theSameSeedDrawsTheSameProblems() {
        let task = WordProblemTask()
        #expect(task.examples(of: .test, count: 300, seed: 5) == task.examples(of: .test, count: 300, seed: 5))
        #expect(task.examples(of: .test, count: 300, seed: 5) != task.examples(of: .test, count: 300, seed: 6))
        // A longer draw extends a shorter one.
        #expect(Array(task.examples(of: .train, count: 500, seed: 1).prefix(200)) == task.examples(of: .train, count: 200, seed: 1))
    }

    @Test func trainAndTestNeverShareAProblem() {
        let task = WordProblemTask()
        let train = Set(task.examples(of: .train, count: 20_000, seed: 3).map(\.prompt))
        let test = task.examples(of: .test, count: 2_000, seed: 3)
        #expect(test.count == 2_000 && test.allSatisfy { !train.contains($0.prompt) && task.split(of: $0) == .test })
        // About 10% of the problems are test problems.
        var rng = SplitMix64(seed: 9)
        let share = Double((0..<20_000).filter { _ in task.split(of: task.example(task.randomProblem(using: &rng))) == .test }.count) / 20_000
        #expect(abs(share - 0.1) < 0.01)
    }

    @Test func thePromptReadsBackAsItsProblem() throws {
        let task = WordProblemTask(operations: 1...6)
        var rng = SplitMix64(seed: 77)
        for _ in 0..<5_000 {
            let problem = task.randomProblem(using: &rng)
            #expect(WordProblem.parse(prompt: problem.prompt) == problem)
            #expect(task.workedSolution(ofPrompt: problem.prompt) == problem.workedSolution)
            #expect(problem.prompt.count + problem.workedSolution.count <= task.longestWorkedExample)
        }
        #expect(WordProblem.parse(prompt: "Q: Ann has 7 apples. She flies 3 kites. How many apples does Ann have now? A: ") == nil)
        #expect(WordProblem.parse(prompt: "Q: 47+38= A: ") == nil)
        let roger = try #require(WordProblem.parse(
            prompt: "Q: Ben has 5 coins. He buys 6 more. Now he has 2 times as many. He gives away 4. How many coins does Ben have now? A: "))
        #expect(roger.answer == 18)
        #expect(roger.workedSolution == "Let's think step by step.\n5+6=11\n11*2=22\n22-4=18\nThe answer is 18.\n")
    }

    @Test func namesSelectTheOperationCount() throws {
        #expect(WordProblemTask(name: "word-problems") == WordProblemTask())
        #expect(WordProblemTask(name: "word-problems3")?.operations == 3...3)
        #expect(WordProblemTask(name: "word-problems2-3-scratchpad") == WordProblemTask(operations: 2...3, worked: true))
        for bad in ["word-problems0", "word-problems3-2", "word-problems2-4", "word-problemsx", "word-problems-scratchpad-x"] {
            #expect(WordProblemTask(name: bad) == nil, "\(bad)")
        }
        let three = try #require(TaskCatalog.generator(named: "word-problems3") as? WordProblemTask)
        var rng = SplitMix64(seed: 1)
        #expect(try readProblem(three.randomExample(of: .train, using: &rng).prompt).steps.count == 3)
        #expect(try TaskCatalog.resolve("word-problems").name == "word-problems")
    }
}
