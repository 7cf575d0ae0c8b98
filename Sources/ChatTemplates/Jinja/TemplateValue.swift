/// A value inside a rendering: what Jinja sees of the Python objects
/// Hugging Face passes (strings, numbers, booleans, None, lists, dicts) plus
/// namespaces and callables. Dictionaries keep their insertion order, as
/// Python's do, so iteration and `tojson` write keys in the order given.
enum TemplateValue {
    case undefined
    case none
    case boolean(Bool)
    case integer(Int)
    case double(Double)
    case string(String)
    case list([TemplateValue])
    case dictionary(OrderedDictionary)
    case namespace(Namespace)
    case function(Function)

    /// A callable: a macro, a global such as `raise_exception`, or a bound method.
    struct Function {
        let name: String
        let call: (_ positional: [TemplateValue], _ keyword: [(String, TemplateValue)]) throws -> TemplateValue
    }

    /// Jinja's `namespace(...)`: the one mutable object a template may assign attributes of.
    final class Namespace {
        var values: OrderedDictionary
        init(_ values: OrderedDictionary) { self.values = values }
    }

    /// Python truthiness.
    var isTruthy: Bool {
        switch self {
        case .undefined, .none: false
        case .boolean(let b): b
        case .integer(let i): i != 0
        case .double(let d): d != 0
        case .string(let s): !s.isEmpty
        case .list(let l): !l.isEmpty
        case .dictionary(let d): !d.keys.isEmpty
        case .namespace, .function: true
        }
    }

    /// Python's type name, for error messages.
    var typeName: String {
        switch self {
        case .undefined: "undefined"
        case .none: "NoneType"
        case .boolean: "bool"
        case .integer: "int"
        case .double: "float"
        case .string: "str"
        case .list: "list"
        case .dictionary: "dict"
        case .namespace: "Namespace"
        case .function: "function"
        }
    }

    /// What `{{ value }}` prints: Python's `str()`, with undefined as "".
    var printed: String {
        switch self {
        case .undefined: ""
        case .string(let s): s
        default: repr
        }
    }

    /// Python's `repr()` (strings quoted as Python quotes them).
    var repr: String {
        switch self {
        case .undefined: return ""
        case .none: return "None"
        case .boolean(let b): return b ? "True" : "False"
        case .integer(let i): return String(i)
        case .double(let d): return Self.pythonFloat(d)
        case .string(let s):
            let quote = s.contains("'") && !s.contains("\"") ? "\"" : "'"
            var out = quote
            for c in s.unicodeScalars {
                switch c {
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default: out += String(c) == quote ? "\\" + quote : String(c)
                }
            }
            return out + quote
        case .list(let l): return "[" + l.map(\.repr).joined(separator: ", ") + "]"
        case .dictionary(let d): return "{" + d.pairs.map { "'\($0.0)': \($0.1.repr)" }.joined(separator: ", ") + "}"
        case .namespace(let n): return "<Namespace " + n.values.pairs.map { "\($0.0)=\($0.1.repr)" }.joined(separator: ", ") + ">"
        case .function(let f): return "<function \(f.name)>"
        }
    }

    /// Python's float repr: shortest round-trip digits, always with a point or exponent.
    static func pythonFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        var text = "\(d)"
        if !text.contains(".") && !text.contains("e") { text += ".0" }
        return text
    }
}

/// String-keyed dictionary that remembers insertion order.
struct OrderedDictionary {
    private(set) var keys: [String] = []
    private var storage: [String: TemplateValue] = [:]

    init() {}
    init(_ pairs: [(String, TemplateValue)]) { for (k, v) in pairs { self[k] = v } }

    subscript(key: String) -> TemplateValue? {
        get { storage[key] }
        set {
            if storage[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            storage[key] = newValue
        }
    }

    var pairs: [(String, TemplateValue)] { keys.map { ($0, storage[$0]!) } }
}
