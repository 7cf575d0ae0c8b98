import Foundation

/// The filters and tests chat templates use, with Jinja's (and, for
/// `tojson`, Hugging Face's) behaviour. An unknown name is a `TemplateError`.
enum TemplateFilters {
    static func apply(_ name: String, to value: TemplateValue, positional: [TemplateValue],
                      keyword: [(String, TemplateValue)]) throws -> TemplateValue {
        func argument(_ index: Int, _ key: String) -> TemplateValue? {
            index < positional.count ? positional[index] : keyword.first { $0.0 == key }?.1
        }
        switch name {
        case "trim":
            return .string(try string(value, name).trimmingCharacters(in: .whitespacesAndNewlines))
        case "upper": return .string(try string(value, name).uppercased())
        case "lower": return .string(try string(value, name).lowercased())
        case "capitalize":
            let s = try string(value, name)
            return .string(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        case "title":
            return .string(TemplateMethods.titleCased(try string(value, name)))
        case "length", "count":
            switch value {
            case .string(let s): return .integer(s.unicodeScalars.count)
            case .list(let l): return .integer(l.count)
            case .dictionary(let d): return .integer(d.keys.count)
            case .undefined: return .integer(0)
            default: throw TemplateError("a \(value.typeName) has no length")
            }
        case "string": return .string(value.printed)
        case "int":
            switch value {
            case .integer: return value
            case .double(let d): return .integer(Int(d))
            case .boolean(let b): return .integer(b ? 1 : 0)
            case .string(let s): return .integer(Int(s.trimmingCharacters(in: .whitespaces)) ?? Int(Double(s) ?? 0))
            default: return argument(0, "default") ?? .integer(0)
            }
        case "float":
            return .double(TemplateOperators.double(value) ?? (value.printed.isEmpty ? 0 : Double(value.printed) ?? 0))
        case "abs":
            switch value {
            case .integer(let i): return .integer(abs(i))
            case .double(let d): return .double(abs(d))
            default: throw TemplateError("abs of a \(value.typeName)")
            }
        case "default", "d":
            let fallback = argument(0, "default_value") ?? .string("")
            let boolean = argument(1, "boolean")?.isTruthy ?? false
            if case .undefined = value { return fallback }
            return boolean && !value.isTruthy ? fallback : value
        case "first":
            let items = try sequence(value, name)
            return items.first ?? .undefined
        case "last":
            let items = try sequence(value, name)
            return items.last ?? .undefined
        case "list": return .list(try sequence(value, name))
        case "reverse":
            if case .string(let s) = value { return .string(String(s.reversed())) }
            return .list(try sequence(value, name).reversed())
        case "join":
            let separator = argument(0, "d").map(\.printed) ?? ""
            var items = try sequence(value, name)
            if let attribute = argument(1, "attribute") { items = try items.map { try lookup($0, attribute) } }
            return .string(items.map(\.printed).joined(separator: separator))
        case "replace":
            guard let old = argument(0, "old")?.printed, let new = argument(1, "new")?.printed else {
                throw TemplateError("replace needs the text to replace and its replacement")
            }
            let s = try string(value, name)
            if let count = argument(2, "count"), case .integer(let n) = count {
                var result = s
                var done = 0
                var searchStart = result.startIndex
                while done < n, let range = result.range(of: old, range: searchStart..<result.endIndex) {
                    result.replaceSubrange(range, with: new)
                    searchStart = result.index(range.lowerBound, offsetBy: new.count)
                    done += 1
                }
                return .string(result)
            }
            return .string(s.replacingOccurrences(of: old, with: new))
        case "items":
            guard case .dictionary(let d) = value else {
                if case .undefined = value { return .list([]) }
                throw TemplateError("items of a \(value.typeName)")
            }
            return .list(d.pairs.map { .list([.string($0.0), $0.1]) })
        case "tojson":
            let indent: Int? = { if case .integer(let i)? = argument(0, "indent") { return i }; return nil }()
            let sortKeys = keyword.first { $0.0 == "sort_keys" }?.1.isTruthy ?? false
            return .string(try TemplateJSON.encode(value, indent: indent, sortKeys: sortKeys))
        case "safe":
            return value
        case "escape", "e":
            let s = value.printed
            return .string(s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&#34;")
                .replacingOccurrences(of: "'", with: "&#39;"))
        case "indent":
            let width: String = {
                switch argument(0, "width") {
                case .integer(let i)?: return String(repeating: " ", count: i)
                case .string(let s)?: return s
                default: return "    "
                }
            }()
            let first = argument(1, "first")?.isTruthy ?? false
            let blank = argument(2, "blank")?.isTruthy ?? false
            let lines = try string(value, name).components(separatedBy: "\n")
            return .string(lines.enumerated().map { index, line in
                (index == 0 && !first) || (line.isEmpty && !blank) ? line : width + line
            }.joined(separator: "\n"))
        case "map":
            let items = try sequence(value, name)
            if let attribute = keyword.first(where: { $0.0 == "attribute" })?.1 {
                let fallback = keyword.first { $0.0 == "default" }?.1
                return .list(try items.map { item in
                    let found = try lookup(item, attribute)
                    if case .undefined = found, let fallback { return fallback }
                    return found
                })
            }
            guard case .string(let filter)? = positional.first else { throw TemplateError("map needs a filter name or attribute=") }
            return .list(try items.map { try apply(filter, to: $0, positional: Array(positional.dropFirst()), keyword: []) })
        case "select", "reject", "selectattr", "rejectattr":
            let byAttribute = name.hasSuffix("attr")
            let keep = name.hasPrefix("select")
            var rest = positional
            let attribute = byAttribute ? (rest.isEmpty ? nil : rest.removeFirst()) : nil
            let testName: String? = rest.isEmpty ? nil : { if case .string(let t) = rest.removeFirst() { return t }; return nil }()
            return .list(try sequence(value, name).filter { item in
                let subject = try attribute.map { try lookup(item, $0) } ?? item
                let passes = try testName.map { try test($0, subject, arguments: rest) } ?? subject.isTruthy
                return passes == keep
            })
        case "unique":
            var seen: [TemplateValue] = []
            for item in try sequence(value, name) where !seen.contains(where: { TemplateOperators.equal($0, item) }) {
                seen.append(item)
            }
            return .list(seen)
        case "sort":
            let reverse = argument(0, "reverse")?.isTruthy ?? false
            let attribute = keyword.first { $0.0 == "attribute" }?.1
            var failure: (any Error)?
            let sorted = try sequence(value, name).sorted { a, b in
                do {
                    let x = try attribute.map { try lookup(a, $0) } ?? a
                    let y = try attribute.map { try lookup(b, $0) } ?? b
                    return try TemplateOperators.compare(reverse ? ">" : "<", x, y)
                } catch { failure = error; return false }
            }
            if let failure { throw failure }
            return .list(sorted)
        case "round":
            guard let d = TemplateOperators.double(value) else { throw TemplateError("round of a \(value.typeName)") }
            let digits: Int = { if case .integer(let i)? = argument(0, "precision") { return i }; return 0 }()
            let scale = pow(10.0, Double(digits))
            return .double((d * scale).rounded(.toNearestOrEven) / scale)
        case "wordcount":
            return .integer(try string(value, name).split(whereSeparator: { $0.isWhitespace }).count)
        default:
            throw TemplateError("the filter '\(name)' is not supported")
        }
    }

    static func test(_ name: String, _ value: TemplateValue, arguments: [TemplateValue]) throws -> Bool {
        switch name {
        case "defined": if case .undefined = value { return false }; return true
        case "undefined": if case .undefined = value { return true }; return false
        case "none": if case .none = value { return true }; return false
        case "string": if case .string = value { return true }; return false
        case "mapping": if case .dictionary = value { return true }; return false
        case "sequence": switch value { case .list, .string, .dictionary: return true; default: return false }
        case "iterable": switch value { case .list, .string, .dictionary: return true; default: return false }
        case "number": switch value { case .integer, .double: return true; default: return false }
        case "integer": if case .integer = value { return true }; return false
        case "float": if case .double = value { return true }; return false
        case "boolean": if case .boolean = value { return true }; return false
        case "true": if case .boolean(true) = value { return true }; return false
        case "false": if case .boolean(false) = value { return true }; return false
        case "callable": if case .function = value { return true }; return false
        case "odd", "even":
            guard case .integer(let i) = value else { throw TemplateError("'\(name)' needs an integer") }
            return (i % 2 != 0) == (name == "odd")
        case "divisibleby":
            guard case .integer(let i) = value, case .integer(let n)? = arguments.first, n != 0 else {
                throw TemplateError("'divisibleby' needs integers")
            }
            return i % n == 0
        case "eq", "equalto", "==", "sameas":
            return arguments.first.map { TemplateOperators.equal(value, $0) } ?? false
        case "ne", "!=": return !(arguments.first.map { TemplateOperators.equal(value, $0) } ?? false)
        case "in": return try arguments.first.map { try TemplateOperators.contains($0, value) } ?? false
        case "lower": if case .string(let s) = value { return s == s.lowercased() }; return false
        case "upper": if case .string(let s) = value { return s == s.uppercased() }; return false
        case "gt", "ge", "lt", "le":
            guard let other = arguments.first else { throw TemplateError("'\(name)' needs a value to compare with") }
            return try TemplateOperators.compare(["gt": ">", "ge": ">=", "lt": "<", "le": "<="][name]!, value, other)
        default:
            throw TemplateError("the test '\(name)' is not supported")
        }
    }

    private static func string(_ value: TemplateValue, _ filter: String) throws -> String {
        switch value {
        case .string(let s): return s
        case .undefined: return ""
        default: return value.printed
        }
    }

    private static func sequence(_ value: TemplateValue, _ filter: String) throws -> [TemplateValue] {
        switch value {
        case .list(let l): return l
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .dictionary(let d): return d.keys.map { .string($0) }
        case .undefined: return []
        default: throw TemplateError("the filter '\(filter)' needs a sequence, not a \(value.typeName)")
        }
    }

    /// `attribute` (a name, or dotted names) of `item`, for map/selectattr/sort/join.
    private static func lookup(_ item: TemplateValue, _ attribute: TemplateValue) throws -> TemplateValue {
        var current = item
        for part in attribute.printed.split(separator: ".") {
            switch current {
            case .dictionary(let d): current = d[String(part)] ?? .undefined
            case .namespace(let n): current = n.values[String(part)] ?? .undefined
            case .list(let l): current = Int(part).flatMap { l.indices.contains($0) ? l[$0] : nil } ?? .undefined
            default: current = .undefined
            }
        }
        return current
    }
}

/// `tojson` as Hugging Face defines it: Python's `json.dumps` with
/// `ensure_ascii=False` (", " and ": " between items, or "," and newlines
/// with `indent`), not Jinja's HTML-escaping filter.
enum TemplateJSON {
    static func encode(_ value: TemplateValue, indent: Int?, sortKeys: Bool, level: Int = 0) throws -> String {
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) }
        let closing = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        let itemSeparator = indent == nil ? ", " : ","
        switch value {
        case .none, .undefined: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .double(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            return TemplateValue.pythonFloat(d)
        case .string(let s): return quote(s)
        case .list(let items):
            guard !items.isEmpty else { return "[]" }
            let parts = try items.map { (newline ?? "") + (try encode($0, indent: indent, sortKeys: sortKeys, level: level + 1)) }
            return "[" + parts.joined(separator: itemSeparator) + closing + "]"
        case .dictionary(let d):
            guard !d.keys.isEmpty else { return "{}" }
            let keys = sortKeys ? d.keys.sorted() : d.keys
            let parts = try keys.map { key in
                (newline ?? "") + quote(key) + ": " + (try encode(d[key]!, indent: indent, sortKeys: sortKeys, level: level + 1))
            }
            return "{" + parts.joined(separator: itemSeparator) + closing + "}"
        case .namespace, .function:
            throw TemplateError("a \(value.typeName) cannot be written as JSON")
        }
    }

    /// A JSON string as Python writes it with `ensure_ascii=False`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}
