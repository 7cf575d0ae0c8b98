/// The step-by-step ("scratchpad") solution of an arithmetic example:
///
///     Let's think step by step.
///     7+1+0=8, digit 8, carry 0
///     4+2+0=6, digit 6, carry 0
///     0+8+0=8, digit 8, carry 0
///     The answer is 0868.
///
/// One line per digit place, least significant first: addition shows
/// `a+b+carry=sum, digit d, carry c`; subtraction `a-b-borrow=diff, digit d,
/// borrow c` (digit = diff + 10·borrow); multiplication one line per digit of
/// the second operand, `x*d=p, shift k gives p·10^k, total t`. Every line is
/// checkable arithmetic (the tests check them all).
public enum Scratchpad {
    /// The first line of every solution.
    public static let opening = PromptPhrase.stepByStep

    /// The solution text for the ordered operands, ending with a newline.
    public static func solution(task: ArithmeticTask, _ a: Int, _ b: Int) -> String {
        var lines = [opening]
        let da = digitsLeastFirst(a, count: task.digits)
        let db = digitsLeastFirst(b, count: task.digits)
        switch task.operation {
        case .addition:
            var carry = 0
            for i in 0..<task.digits {
                let sum = da[i] + db[i] + carry
                lines.append("\(da[i])+\(db[i])+\(carry)=\(sum), digit \(sum % 10), carry \(sum / 10)")
                carry = sum / 10
            }
        case .subtraction:
            var borrow = 0
            for i in 0..<task.digits {
                let difference = da[i] - db[i] - borrow
                let next = difference < 0 ? 1 : 0
                lines.append("\(da[i])-\(db[i])-\(borrow)=\(difference), digit \(difference + 10 * next), borrow \(next)")
                borrow = next
            }
        case .multiplication:
            var total = 0
            var scale = 1
            let first = task.format(a, width: task.digits)
            for k in 0..<task.digits {
                let product = a * db[k]
                total += product * scale
                lines.append("\(first)*\(db[k])=\(product), shift \(k) gives \(product * scale), total \(total)")
                scale *= 10
            }
        }
        lines.append("\(PromptPhrase.theAnswerIs) \(task.answer(a, b)).")
        return lines.joined(separator: "\n") + "\n"
    }

    /// An upper bound on the characters of any solution of `task` (the
    /// newline that ends it included), so a model's context can be sized for
    /// the longest. Exact for addition (every line of 9…9 + 9…9 is longest):
    /// a line is at most `9+9+1=19, digit 9, carry 1` (26 characters);
    /// subtraction `0-9-1=-10, digit 0, borrow 1` (28); multiplication
    /// `x*d=p, shift k gives q, total t` with x of n digits, p of n + 1,
    /// q and t of 2n and k of one (6n + 28).
    public static func longestSolution(task: ArithmeticTask) -> Int {
        let line: Int
        switch task.operation {
        case .addition: line = 26
        case .subtraction: line = 28
        case .multiplication: line = 6 * task.digits + 28
        }
        return opening.count + 1 + task.digits * (line + 1) + (PromptPhrase.theAnswerIs + " ").count + task.answerWidth + ".\n".count
    }

    static func digitsLeastFirst(_ value: Int, count: Int) -> [Int] {
        var digits: [Int] = []
        var rest = value
        for _ in 0..<count { digits.append(rest % 10); rest /= 10 }
        return digits
    }
}
