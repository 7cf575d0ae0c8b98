import Foundation

/// A task the tools can run: a generator (`add3`, `unscramble`, …) or a task file.
public enum TaskSource: Sendable {
    case generated(any TaskGenerator)
    case file(name: String, examples: [TaskExample])

    public var name: String {
        switch self {
        case let .generated(generator): generator.name
        case let .file(name, _): name
        }
    }
}

/// Resolves task names: `add3`, `sub2`, `mul2` (any 1–9 digits), with optional
/// `-plain` (no zero padding) and `-scratchpad` suffixes, `unscramble`,
/// `order1`…`order8` (transitive ordering, chain length 1–8), `analogy`,
/// `word-problems` (2–4 operations; `word-problems3`, `word-problems2-3`
/// for other counts; `-scratchpad` for worked targets), or a
/// path to a `.jsonl` task file (named after the file without extension).
public enum TaskCatalog {
    /// The generator a name denotes, or nil.
    public static func generator(named name: String) -> (any TaskGenerator)? {
        if name == "unscramble" { return WordUnscrambleTask() }
        if name == "analogy" { return AnalogyTask() }
        if name.hasPrefix("order"), let chain = Int(name.dropFirst(5)), String(chain) == name.dropFirst(5),
           (1...TransitiveOrderingTask.longestChain).contains(chain) {
            return TransitiveOrderingTask(chainLength: chain)
        }
        if let wordProblems = WordProblemTask(name: name) { return wordProblems }
        var rest = Substring(name)
        var scratchpad = false, plain = false
        if rest.hasSuffix("-scratchpad") { scratchpad = true; rest = rest.dropLast("-scratchpad".count) }
        if rest.hasSuffix("-plain") { plain = true; rest = rest.dropLast("-plain".count) }
        guard rest.count >= 4, let operation = ArithmeticOperation(rawValue: String(rest.prefix(3))),
              let digits = Int(rest.dropFirst(3)), (1...9).contains(digits) else { return nil }
        return ArithmeticTask(operation: operation, digits: digits, zeroPadded: !plain, scratchpad: scratchpad)
    }

    /// A generator by name, or a task file by path.
    public static func resolve(_ nameOrPath: String) throws -> TaskSource {
        if let generator = generator(named: nameOrPath) { return .generated(generator) }
        let url = URL(fileURLWithPath: nameOrPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TaskCatalogError(name: nameOrPath)
        }
        return .file(name: url.deletingPathExtension().lastPathComponent, examples: try TaskFile.load(url))
    }
}

public struct TaskCatalogError: Error, CustomStringConvertible {
    public var name: String
    public var description: String {
        "Unknown task \"\(name)\": use add3, sub2, mul2 (1–9 digits, optional -plain/-scratchpad), unscramble, order1…order8, analogy, word-problems (optional operation count such as word-problems3 or word-problems2-3, optional -scratchpad), a .jsonl task file path, a BIG-bench task.json path, or the name of an imported BIG-bench task."
    }
}
