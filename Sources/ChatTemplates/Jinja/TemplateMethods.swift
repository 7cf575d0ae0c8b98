import Foundation

/// The Python methods a sandboxed template may call on strings and dicts
/// (`content.strip()`, `message.get('name')`, `d.items()`), as bound functions.
enum TemplateMethods {
    static func method(_ name: String, of value: TemplateValue) -> TemplateValue? {
        switch value {
        case .string(let s): return stringMethod(name, s)
        case .dictionary(let d): return dictionaryMethod(name, d)
        default: return nil
        }
    }

    private static func bound(_ name: String, _ body: @escaping ([TemplateValue], [(String, TemplateValue)]) throws -> TemplateValue) -> TemplateValue {
        .function(.init(name: name, call: body))
    }

    private static func dictionaryMethod(_ name: String, _ d: OrderedDictionary) -> TemplateValue? {
        switch name {
        case "items": return bound(name) { _, _ in .list(d.pairs.map { .list([.string($0.0), $0.1]) }) }
        case "keys": return bound(name) { _, _ in .list(d.keys.map { .string($0) }) }
        case "values": return bound(name) { _, _ in .list(d.pairs.map(\.1)) }
        case "get":
            return bound(name) { positional, _ in
                guard case .string(let key)? = positional.first else { return positional.count > 1 ? positional[1] : .none }
                return d[key] ?? (positional.count > 1 ? positional[1] : .none)
            }
        default: return nil
        }
    }

    private static func stringMethod(_ name: String, _ s: String) -> TemplateValue? {
        func characters(_ arguments: [TemplateValue]) -> CharacterSet {
            if case .string(let chars)? = arguments.first { return CharacterSet(charactersIn: chars) }
            return .whitespacesAndNewlines
        }
        switch name {
        case "strip": return bound(name) { a, _ in .string(s.trimmingCharacters(in: characters(a))) }
        case "lstrip":
            return bound(name) { a, _ in
                let set = characters(a)
                return .string(String(String.UnicodeScalarView(s.unicodeScalars.drop { set.contains($0) })))
            }
        case "rstrip":
            return bound(name) { a, _ in
                let set = characters(a)
                var scalars = Array(s.unicodeScalars)
                while let last = scalars.last, set.contains(last) { scalars.removeLast() }
                return .string(String(String.UnicodeScalarView(scalars)))
            }
        case "upper": return bound(name) { _, _ in .string(s.uppercased()) }
        case "lower": return bound(name) { _, _ in .string(s.lowercased()) }
        case "title": return bound(name) { _, _ in .string(titleCased(s)) }
        case "capitalize": return bound(name) { _, _ in .string(s.prefix(1).uppercased() + s.dropFirst().lowercased()) }
        case "startswith", "endswith":
            return bound(name) { a, _ in
                let options: [String]
                switch a.first {
                case .string(let p)?: options = [p]
                case .list(let list)?: options = list.map(\.printed)
                default: throw TemplateError("\(name) needs a string or a tuple of strings")
                }
                return .boolean(options.contains { name == "startswith" ? s.unicodeScalars.starts(with: $0.unicodeScalars)
                    : s.unicodeScalars.reversed().starts(with: $0.unicodeScalars.reversed()) })
            }
        case "split":
            return bound(name) { a, _ in
                let limit: Int = { if a.count > 1, case .integer(let n) = a[1] { return n }; return -1 }()
                if case .string(let separator)? = a.first, !separator.isEmpty {
                    var parts = s.components(separatedBy: separator)
                    if limit >= 0, parts.count > limit + 1 {
                        parts = Array(parts.prefix(limit)) + [parts.dropFirst(limit).joined(separator: separator)]
                    }
                    return .list(parts.map { .string($0) })
                }
                return .list(s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) })
            }
        case "splitlines": return bound(name) { _, _ in .list(s.split(separator: "\n", omittingEmptySubsequences: false).map { .string(String($0)) }) }
        case "replace":
            return bound(name) { a, _ in
                guard a.count >= 2 else { throw TemplateError("replace needs the text to replace and its replacement") }
                return .string(s.replacingOccurrences(of: a[0].printed, with: a[1].printed))
            }
        case "find":
            return bound(name) { a, _ in
                guard case .string(let needle)? = a.first, let range = s.range(of: needle) else { return .integer(-1) }
                return .integer(s.unicodeScalars.distance(from: s.unicodeScalars.startIndex, to: range.lowerBound))
            }
        case "count":
            return bound(name) { a, _ in
                guard case .string(let needle)? = a.first, !needle.isEmpty else { return .integer(0) }
                return .integer(s.components(separatedBy: needle).count - 1)
            }
        case "join":
            return bound(name) { a, _ in
                guard case .list(let items)? = a.first else { throw TemplateError("join needs a list") }
                return .string(items.map(\.printed).joined(separator: s))
            }
        default: return nil
        }
    }

    /// Python's `str.title()`: a letter after a non-letter is upper-cased, other letters lower-cased.
    static func titleCased(_ s: String) -> String {
        var out = ""
        var previousIsLetter = false
        for c in s {
            out += previousIsLetter ? c.lowercased() : c.uppercased()
            previousIsLetter = c.isLetter
        }
        return out
    }
}
