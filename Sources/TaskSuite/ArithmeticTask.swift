import EmergeSupport

/// The three arithmetic operations the emergence literature tests.
public enum ArithmeticOperation: String, Sendable, Codable, CaseIterable {
    case addition = "add", subtraction = "sub", multiplication = "mul"

    public var symbol: Character {
        switch self { case .addition: "+"; case .subtraction: "-"; case .multiplication: "*" }
    }
}

/// n-digit addition, subtraction or multiplication in the format
/// `Q: 047+821= A: ` → `0868\n`.
///
/// Padding (a choice, documented in docs/ladders.md#tasks): with `zeroPadded` (the
/// default) both operands have exactly `digits` digits and the answer has a
/// fixed width — `digits + 1` for addition, `digits` for subtraction and
/// `2 × digits` for multiplication — so every example has the same length and
/// every answer position means the same digit place. Without it numbers are
/// written plainly (`Q: 47+821= A: 868`). Subtraction orders the operands so
/// the result is never negative. The target ends with a newline, which is the
/// model's stop token.
///
/// With `scratchpad` the target is a worked solution (see `Scratchpad`),
/// ending in `The answer is 0868.`
public struct ArithmeticTask: TaskGenerator, Equatable {
    public var operation: ArithmeticOperation
    public var digits: Int
    public var zeroPadded: Bool
    public var scratchpad: Bool
    /// The same task with worked (scratchpad) targets: the same questions and
    /// splits, each answered step by step.
    public var withScratchpad: ArithmeticTask {
        var worked = self
        worked.scratchpad = true
        return worked
    }
    /// Per-mille share of operand pairs reserved for the test split (default 100 = 10%).
    public var testPerMille: Int

    public init(operation: ArithmeticOperation, digits: Int, zeroPadded: Bool = true,
                scratchpad: Bool = false, testPerMille: Int = 100) {
        precondition((1...9).contains(digits), "digits must be 1...9")
        self.operation = operation; self.digits = digits; self.zeroPadded = zeroPadded
        self.scratchpad = scratchpad; self.testPerMille = testPerMille
    }

    /// `add3`, `sub2`, `mul2`, with `-scratchpad` and `-plain` (unpadded) suffixes.
    public var name: String {
        "\(operation.rawValue)\(digits)" + (zeroPadded ? "" : "-plain") + (scratchpad ? "-scratchpad" : "")
    }

    public var vocabulary: CharVocabulary {
        scratchpad ? .printableASCII : .arithmetic
    }

    /// Width of the zero-padded answer.
    public var answerWidth: Int {
        switch operation {
        case .addition: digits + 1
        case .subtraction: digits
        case .multiplication: 2 * digits
        }
    }

    /// The exact result of the operation on the (ordered) operands.
    public func result(_ a: Int, _ b: Int) -> Int {
        switch operation {
        case .addition: a + b
        case .subtraction: a - b
        case .multiplication: a * b
        }
    }

    /// Operands in canonical order (subtraction puts the larger first).
    public func canonical(_ a: Int, _ b: Int) -> (Int, Int) {
        operation == .subtraction && a < b ? (b, a) : (a, b)
    }

    /// Which split the operand pair belongs to: a fixed hash of the canonical pair.
    public func split(of a: Int, _ b: Int) -> TaskSplit {
        let (x, y) = canonical(a, b)
        return partition(UInt64(x) << 32 | UInt64(y), salt: UInt64(digits) << 8 | UInt64(operation.hashSalt),
                         testPerMille: testPerMille)
    }

    public func split(of example: TaskExample) -> TaskSplit {
        guard let (a, b) = operands(of: example.prompt) else { return .train }
        return split(of: a, b)
    }

    /// The operands written in a prompt of this task, or nil if it is not one.
    public func operands(of prompt: String) -> (Int, Int)? {
        guard prompt.hasPrefix("Q: "), let equals = prompt.firstIndex(of: "=") else { return nil }
        let body = prompt[prompt.index(prompt.startIndex, offsetBy: 3)..<equals]
        let parts = body.split(separator: operation.symbol, omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        return (a, b)
    }

    func format(_ value: Int, width: Int) -> String {
        let plain = String(value)
        guard zeroPadded, plain.count < width else { return plain }
        return String(repeating: "0", count: width - plain.count) + plain
    }

    /// The prompt for an operand pair, e.g. `Q: 047+821= A: `.
    public func prompt(_ a: Int, _ b: Int) -> String {
        let (x, y) = canonical(a, b)
        return "Q: \(format(x, width: digits))\(operation.symbol)\(format(y, width: digits))= A: "
    }

    /// The answer text without terminator, e.g. `0868`.
    public func answer(_ a: Int, _ b: Int) -> String {
        let (x, y) = canonical(a, b)
        return format(result(x, y), width: answerWidth)
    }

    /// The example for an operand pair.
    public func example(_ a: Int, _ b: Int) -> TaskExample {
        let (x, y) = canonical(a, b)
        let target = scratchpad ? Scratchpad.solution(task: self, x, y) : answer(x, y) + "\n"
        return TaskExample(prompt: prompt(x, y), target: target)
    }

    public func randomExample(of split: TaskSplit, using rng: inout SplitMix64) -> TaskExample {
        var limit = 1
        for _ in 0..<digits { limit *= 10 }
        while true {
            let (a, b) = canonical(rng.below(limit), rng.below(limit))
            if self.split(of: a, b) == split { return example(a, b) }
        }
    }
}

extension ArithmeticOperation {
    var hashSalt: UInt8 {
        switch self { case .addition: 1; case .subtraction: 2; case .multiplication: 3 }
    }
}
