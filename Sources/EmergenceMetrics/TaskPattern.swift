/// A task name, or a pattern of names where `*` matches any run of
/// characters and `?` any one character (`hendrycksTest-*`), as `--task`
/// takes them. Matching is case-sensitive and covers the whole name.
public struct TaskPattern: Sendable, Hashable {
    public let text: String

    public init(_ text: String) { self.text = text }

    /// The name itself when the pattern has no wildcard (so a store query can use it).
    public var exactName: String? { text.contains(where: { $0 == "*" || $0 == "?" }) ? nil : text }

    /// Whether `name` matches the whole pattern.
    public func matches(_ name: String) -> Bool {
        let p = Array(text.unicodeScalars), s = Array(name.unicodeScalars)
        // Iterative wildcard matching with backtracking to the last `*`.
        var i = 0, j = 0, star = -1, mark = 0
        while j < s.count {
            if i < p.count, p[i] == "?" || p[i] == s[j] { i += 1; j += 1 }
            else if i < p.count, p[i] == "*" { star = i; mark = j; i += 1 }
            else if star >= 0 { i = star + 1; mark += 1; j = mark }
            else { return false }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }

    /// Whether `name` matches any of `patterns` (all names when there are none).
    public static func any(_ patterns: [TaskPattern], match name: String) -> Bool {
        patterns.isEmpty || patterns.contains { $0.matches(name) }
    }
}
