import EmergeSupport
import Testing
@testable import TaskSuite

@Suite struct ScratchpadTests {
    @Test func additionExampleReadsAsSpecified() {
        let task = ArithmeticTask(operation: .addition, digits: 4, scratchpad: true)
        #expect(task.example(4721, 388).target == """
        Let's think step by step.
        1+8+0=9, digit 9, carry 0
        2+8+0=10, digit 0, carry 1
        7+3+1=11, digit 1, carry 1
        4+0+1=5, digit 5, carry 0
        The answer is 05109.

        """)
        #expect(task.example(4721, 388).answer == "05109")
    }

    /// Re-checks every line of 3,000 random scratchpads per operation.
    @Test(arguments: ArithmeticOperation.allCases)
    func everyLineIsArithmeticallyCorrect(operation: ArithmeticOperation) throws {
        let task = ArithmeticTask(operation: operation, digits: 3, scratchpad: true)
        var rng = SplitMix64(seed: 7)
        for _ in 0..<3_000 {
            let example = task.randomExample(of: .train, using: &rng)
            let (a, b) = try #require(task.operands(of: example.prompt))
            var lines = example.target.split(separator: "\n").map(String.init)
            #expect(lines.removeFirst() == Scratchpad.opening)
            #expect(lines.removeLast() == "The answer is \(task.answer(a, b)).")
            #expect(lines.count == task.digits)
            var carry = 0, accumulated = 0, scale = 1
            for (place, line) in lines.enumerated() {
                let numbers = integers(in: line)
                let da = a / scale % 10, db = b / scale % 10
                switch operation {
                case .addition:   // a+b+c=s, digit d, carry c'
                    #expect(numbers == [da, db, carry, da + db + carry, (da + db + carry) % 10, (da + db + carry) / 10])
                    carry = (da + db + carry) / 10
                    accumulated += numbers[4] * scale
                case .subtraction:  // a-b-c=s, digit d, borrow c'
                    #expect(numbers[0] == da && numbers[1] == db && numbers[2] == carry)
                    #expect(numbers[3] == da - db - carry)
                    #expect(numbers[4] == numbers[3] + 10 * numbers[5] && (0...9).contains(numbers[4]))
                    carry = numbers[5]
                    accumulated += numbers[4] * scale
                case .multiplication:  // x*d=p, shift k gives q, total t
                    #expect(numbers[0] == a && numbers[1] == db && numbers[2] == a * db)
                    #expect(numbers[3] == place && numbers[4] == a * db * scale)
                    accumulated += numbers[4]
                    #expect(numbers[5] == accumulated)
                }
                scale *= 10
            }
            #expect(accumulated + (operation == .addition ? carry * scale : 0) == task.result(a, b))
        }
    }

    /// Non-negative integers in a line, in order, with a leading minus kept
    /// only when it follows `=` (a negative difference).
    func integers(in line: String) -> [Int] {
        var result: [Int] = []
        var current = "", previous: Character = " ", negative = false
        for character in line + " " {
            if character.isNumber { current.append(character) } else {
                if !current.isEmpty { result.append((negative ? -1 : 1) * Int(current)!); current = ""; negative = false }
                if character == "-" && previous == "=" { negative = true }
            }
            previous = character
        }
        return result
    }
}
