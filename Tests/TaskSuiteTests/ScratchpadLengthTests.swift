import EmergeSupport
import Testing
@testable import TaskSuite

/// `Scratchpad.longestSolution` sizes a ladder's context: it must bound every
/// solution, and for addition it is reached.
@Suite struct ScratchpadLengthTests {
    @Test(arguments: ArithmeticOperation.allCases)
    func everySolutionFitsTheBound(operation: ArithmeticOperation) {
        for digits in [1, 2, 3, 5] {
            for padded in [true, false] {
                let task = ArithmeticTask(operation: operation, digits: digits, zeroPadded: padded, scratchpad: true)
                let bound = Scratchpad.longestSolution(task: task)
                var rng = SplitMix64(seed: UInt64(digits))
                var longest = 0
                for _ in 0..<2_000 {
                    longest = max(longest, task.randomExample(of: .train, using: &rng).target.count)
                }
                var limit = 1
                for _ in 0..<digits { limit *= 10 }
                // The extreme operands, where lines are longest.
                for (a, b) in [(limit - 1, limit - 1), (limit / 10 * 10 % limit, limit - 1), (limit - 1, 1), (0, limit - 1)] {
                    longest = max(longest, task.example(a, b).target.count)
                }
                #expect(longest <= bound, "\(task.name)")
                // Never generous by more than a few characters per line.
                #expect(bound - longest <= 4 * digits + 2, "\(task.name): bound \(bound), longest seen \(longest)")
            }
        }
    }

    @Test func additionReachesTheBoundAtNinesPlusNines() {
        for digits in 1...6 {
            let task = ArithmeticTask(operation: .addition, digits: digits, scratchpad: true)
            let nines = Int(String(repeating: "9", count: digits))!
            #expect(task.example(nines, nines).target.count == Scratchpad.longestSolution(task: task))
        }
    }
}
