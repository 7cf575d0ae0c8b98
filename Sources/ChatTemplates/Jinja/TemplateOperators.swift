import Foundation

/// Arithmetic, concatenation and comparison with Python's rules.
enum TemplateOperators {
    static func binary(_ op: String, _ a: TemplateValue, _ b: TemplateValue) throws -> TemplateValue {
        if op == "~" { return .string(a.printed + b.printed) }
        switch (op, a, b) {
        case ("+", .string(let x), .string(let y)): return .string(x + y)
        case ("+", .list(let x), .list(let y)): return .list(x + y)
        case ("*", .string(let x), .integer(let n)), ("*", .integer(let n), .string(let x)):
            return .string(String(repeating: x, count: max(n, 0)))
        case ("*", .list(let x), .integer(let n)), ("*", .integer(let n), .list(let x)):
            return .list(Array(repeating: x, count: max(n, 0)).flatMap { $0 })
        default: break
        }
        if case .integer(let x) = number(a), case .integer(let y) = number(b) {
            switch op {
            case "+": return .integer(x &+ y)
            case "-": return .integer(x &- y)
            case "*": return .integer(x &* y)
            case "/":
                guard y != 0 else { throw TemplateError("division by zero") }
                return .double(Double(x) / Double(y))
            case "//":
                guard y != 0 else { throw TemplateError("division by zero") }
                let q = x / y
                return .integer((x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q)
            case "%":
                guard y != 0 else { throw TemplateError("modulo by zero") }
                let r = x % y
                return .integer(r != 0 && (r < 0) != (y < 0) ? r + y : r)
            case "**":
                return y >= 0 ? .integer(Int(pow(Double(x), Double(y)))) : .double(pow(Double(x), Double(y)))
            default: break
            }
        }
        if let x = double(a), let y = double(b) {
            switch op {
            case "+": return .double(x + y)
            case "-": return .double(x - y)
            case "*": return .double(x * y)
            case "/":
                guard y != 0 else { throw TemplateError("division by zero") }
                return .double(x / y)
            case "//":
                guard y != 0 else { throw TemplateError("division by zero") }
                return .double((x / y).rounded(.down))
            case "%":
                guard y != 0 else { throw TemplateError("modulo by zero") }
                let r = x.truncatingRemainder(dividingBy: y)
                return .double(r != 0 && (r < 0) != (y < 0) ? r + y : r)
            case "**": return .double(pow(x, y))
            default: break
            }
        }
        throw TemplateError("unsupported operand types for \(op): '\(a.typeName)' and '\(b.typeName)'")
    }

    /// Booleans take part in arithmetic as 0 and 1, as in Python.
    private static func number(_ v: TemplateValue) -> TemplateValue {
        if case .boolean(let b) = v { return .integer(b ? 1 : 0) }
        return v
    }

    static func double(_ v: TemplateValue) -> Double? {
        switch number(v) {
        case .integer(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    static func compare(_ op: String, _ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
        switch op {
        case "==": return equal(a, b)
        case "!=": return !equal(a, b)
        case "in": return try contains(b, a)
        case "not in": return try !contains(b, a)
        default: break
        }
        let order: Int
        if let x = double(a), let y = double(b) {
            order = x < y ? -1 : (x > y ? 1 : 0)
        } else if case .string(let x) = a, case .string(let y) = b {
            let xs = Array(x.unicodeScalars.map(\.value)), ys = Array(y.unicodeScalars.map(\.value))
            order = xs.lexicographicallyPrecedes(ys) ? -1 : (xs == ys ? 0 : 1)
        } else {
            throw TemplateError("'\(op)' is not supported between '\(a.typeName)' and '\(b.typeName)'")
        }
        switch op {
        case "<": return order < 0
        case "<=": return order <= 0
        case ">": return order > 0
        default: return order >= 0
        }
    }

    /// Python equality: 1 == 1.0, lists and dicts element by element.
    static func equal(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        switch (a, b) {
        case (.undefined, .undefined), (.none, .none): return true
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.dictionary(let x), .dictionary(let y)):
            return Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { equal(x[$0]!, y[$0]!) }
        case (.namespace(let x), .namespace(let y)): return x === y
        default:
            if let x = double(a), let y = double(b) { return x == y }
            return false
        }
    }

    /// `needle in container`.
    static func contains(_ container: TemplateValue, _ needle: TemplateValue) throws -> Bool {
        switch container {
        case .string(let s):
            guard case .string(let n) = needle else { throw TemplateError("'in <string>' needs a string on the left, not \(needle.typeName)") }
            return n.isEmpty || s.contains(n)
        case .list(let list): return list.contains { equal($0, needle) }
        case .dictionary(let d):
            guard case .string(let key) = needle else { return false }
            return d[key] != nil
        case .undefined: return false
        default: throw TemplateError("a \(container.typeName) cannot be searched with 'in'")
        }
    }
}
