import Foundation

/// Reads BIG-bench JSON tasks from `task.json` files (see `docs/bigbench.md`).
///
/// Where tasks are found, given a path:
/// - a file: the task it holds. A file without `examples` is a parent: its
///   subtasks are the `task.json` files of the folders directly inside its
///   own folder (in BIG-bench's order: sorted by path), each named
///   `parent:subtask`. A subtask's file read on its own is named the same
///   way when the folder above holds its parent;
/// - a folder holding a `task.json`: as that file;
/// - any other folder: every task found in its subfolders, searched
///   recursively in name order (a parent's subfolders belong to the parent
///   and are not searched again).
///
/// What a task file must hold, as BIG-bench checks it: a JSON object with a
/// string `name`, and either `examples` (a non-empty array of objects, each
/// with a string `input` and `target` — a string or a non-empty list of
/// strings — and/or `target_scores` — an object of numbers) or subtasks.
/// When the metrics need it, every example must have `target` (generative
/// metrics, `log_likelihood`) or `target_scores` (multiple-choice metrics); an
/// example with scores and no target needs one choice scored above the others.
/// The formatting keys must be strings (`append_choices_to_input` a boolean),
/// and `output_regex` a regular expression with at most one group.
public enum BigBenchTaskReader {
    /// Every task under `path`, in the order described above.
    public static func read(path: String) throws -> [BigBenchTask] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BigBenchError(file: path, "no such file or folder.")
        }
        var tasks: [BigBenchTask] = []
        if isDirectory.boolValue {
            try collect(folder: path, into: &tasks)
            guard !tasks.isEmpty else { throw BigBenchError(file: path, "no task.json was found in this folder or below it.") }
        } else {
            tasks = try readFile(path)
        }
        var seen: [String: String] = [:]
        for task in tasks {
            if let other = seen[task.name] {
                throw BigBenchError(file: task.file, "the task name \"\(task.name)\" is also the name of \(other).")
            }
            seen[task.name] = task.file
        }
        return tasks
    }

    /// The task (or, for a parent, the subtasks) of one `task.json` file.
    static func readFile(_ path: String) throws -> [BigBenchTask] {
        let root = try parse(contentsOf: path)
        let name = try taskName(root, file: path)
        if root["examples"] != nil {
            let full = enclosingParent(of: path).map { $0 + ":" + name } ?? name
            return [try task(root, name: full, file: path)]
        }
        // A parent: its subtasks live in the folders next to it.
        let folder = (path as NSString).deletingLastPathComponent
        let subtaskFiles = subfolders(of: folder)
            .map { (folder as NSString).appendingPathComponent($0 + "/task.json") }
            .filter { FileManager.default.fileExists(atPath: $0) }
        guard !subtaskFiles.isEmpty else {
            throw BigBenchError(file: path, "is not a BIG-bench task: it has no \"examples\" and no subfolder holds a subtask's task.json.")
        }
        return try subtaskFiles.map { file in
            let sub = try parse(contentsOf: file)
            let subName = try taskName(sub, file: file)
            guard sub["examples"] != nil else {
                throw BigBenchError(file: file, "is a subtask of \(name) without \"examples\" (subtasks cannot have subtasks).")
            }
            return try task(sub, name: name + ":" + subName, file: file)
        }
    }

    /// The name of the parent task whose subtask `path` is — the `task.json`
    /// one folder up, when it is a parent (named, without examples) — so a
    /// subtask read on its own is named as when read through its parent.
    private static func enclosingParent(of path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        let above = ((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent("task.json")
        guard above != path, FileManager.default.fileExists(atPath: above),
              let parent = try? parse(contentsOf: above), parent["examples"] == nil else { return nil }
        return try? taskName(parent, file: above)
    }

    private static func collect(folder: String, into tasks: inout [BigBenchTask]) throws {
        let own = (folder as NSString).appendingPathComponent("task.json")
        if FileManager.default.fileExists(atPath: own) {
            tasks += try readFile(own)
            return
        }
        for name in subfolders(of: folder) {
            try collect(folder: (folder as NSString).appendingPathComponent(name), into: &tasks)
        }
    }

    /// The folders directly inside `folder`, in BIG-bench's order: it sorts the
    /// subtask paths `…/<name>/task.json` as Python sorts strings (by code
    /// point), so names compare with a "/" after them.
    private static func subfolders(of folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name),
                                                  isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted { ($0 + "/").utf8.lexicographicallyPrecedes(($1 + "/").utf8) }
    }

    // MARK: One file

    static func parse(contentsOf path: String) throws -> OrderedJSON {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw BigBenchError(file: path, "cannot be read (\(error.localizedDescription)).")
        }
        return try parse(Array(data), file: path)
    }

    /// The JSON value of a task file's bytes; a syntax error names its line and column.
    static func parse(_ bytes: [UInt8], file: String) throws -> OrderedJSON {
        do { return try OrderedJSON.parse(bytes) } catch let e as OrderedJSONError {
            throw BigBenchError(file: file, line: e.line, column: e.column, "is not valid JSON: \(e.message).")
        }
    }

    /// Reads one task file's bytes as a task named by its own `name` (tests and
    /// fuzzing use this; `read(path:)` resolves subtasks and names).
    public static func task(fromJSON bytes: [UInt8], file: String) throws -> BigBenchTask {
        let root = try parse(bytes, file: file)
        let name = try taskName(root, file: file)
        guard root["examples"] != nil else {
            throw BigBenchError(file: file, "is not a BIG-bench task with examples: it has no \"examples\".")
        }
        return try task(root, name: name, file: file)
    }

    private static func taskName(_ root: OrderedJSON, file: String) throws -> String {
        guard root.members != nil else {
            throw BigBenchError(file: file, "is not a BIG-bench task: expected a JSON object, found \(root.kindName).")
        }
        guard let value = root["name"] else { throw BigBenchError(file: file, key: "name", "is missing; every task needs a name.") }
        guard let name = value.string, !name.isEmpty else {
            throw BigBenchError(file: file, key: "name", "must be a non-empty string, found \(value.kindName).")
        }
        // BIG-bench replaces what ASCII cannot spell with "?" in task names.
        return String(String.UnicodeScalarView(name.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
    }

    private static func task(_ root: OrderedJSON, name: String, file: String) throws -> BigBenchTask {
        let format = try self.format(root, file: file)
        let metrics = try strings(root, "metrics", file: file) ?? []
        let keywords = try strings(root, "keywords", file: file) ?? []
        let description = try optionalString(root, "description", file: file)
        let preferred = try optionalString(root, "preferred_score", file: file)
        guard let list = root["examples"]?.array else {
            throw BigBenchError(file: file, key: "examples", "must be an array of examples, found \(root["examples"]!.kindName).")
        }
        guard !list.isEmpty else { throw BigBenchError(file: file, key: "examples", "is empty; a task needs examples.") }
        let needsTarget = metrics.contains { BigBenchMetrics.generative.contains($0) || BigBenchMetrics.scoring.contains($0) }
        let needsScores = metrics.contains(where: BigBenchMetrics.multipleChoice.contains)
        var examples: [BigBenchExample] = []
        var distinct: Set<OrderedJSON> = []
        var duplicates = 0
        for (index, raw) in list.enumerated() {
            let example = try self.example(raw, index: index, file: file)
            if needsTarget && !example.hasTarget {
                throw BigBenchError(file: file, example: index, key: "target",
                                    "is missing, and the task's metrics (\(metrics.joined(separator: ", "))) need it.")
            }
            if needsScores && example.choices == nil {
                throw BigBenchError(file: file, example: index, key: "target_scores",
                                    "is missing, and the task's metrics (\(metrics.joined(separator: ", "))) need it.")
            }
            // BIG-bench keeps the first of examples whose JSON is identical.
            guard distinct.insert(raw).inserted else { duplicates += 1; continue }
            examples.append(example)
        }
        return BigBenchTask(name: name, description: description, keywords: keywords, metrics: metrics,
                            preferredScore: preferred, format: format, examples: examples,
                            duplicatesDropped: duplicates, file: file)
    }

    private static func format(_ root: OrderedJSON, file: String) throws -> BigBenchFormat {
        var format = BigBenchFormat()
        if let v = try optionalString(root, "task_prefix", file: file) { format.taskPrefix = v }
        if let v = try optionalString(root, "example_input_prefix", file: file) { format.inputPrefix = v }
        if let v = try optionalString(root, "example_output_prefix", file: file) { format.outputPrefix = v }
        if let v = try optionalString(root, "choice_prefix", file: file) { format.choicePrefix = v }
        if let v = try optionalString(root, "few_shot_example_separator", file: file) { format.fewShotSeparator = v }
        format.stopString = try optionalString(root, "stop_string", file: file)
        format.outputRegex = try optionalString(root, "output_regex", file: file)
        if let value = root["append_choices_to_input"] {
            guard let flag = value.bool else {
                throw BigBenchError(file: file, key: "append_choices_to_input", "must be true or false, found \(value.kindName).")
            }
            format.appendChoicesToInput = flag
        }
        if format.outputRegex != nil {
            do { _ = try BigBenchPostProcessor(format: format) } catch let error as BigBenchRegexError {
                throw BigBenchError(file: file, key: "output_regex", "\(error.message).")
            }
        }
        return format
    }

    private static func example(_ raw: OrderedJSON, index: Int, file: String) throws -> BigBenchExample {
        guard raw.members != nil else {
            throw BigBenchError(file: file, example: index, "must be a JSON object, found \(raw.kindName).")
        }
        guard let inputValue = raw["input"] else {
            throw BigBenchError(file: file, example: index, key: "input", "is missing; every example needs an input.")
        }
        guard let input = inputValue.string else {
            throw BigBenchError(file: file, example: index, key: "input", "must be a string, found \(inputValue.kindName).")
        }
        var targets: [String]?
        if let value = raw["target"] {
            switch value {
            case .string(let s): targets = [s]
            case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.string != nil }):
                targets = items.map { $0.string! }
            default:
                throw BigBenchError(file: file, example: index, key: "target",
                                    "must be a string or a non-empty list of strings, found \(value.kindName).")
            }
        }
        var choices: [String]?, scores: [Double]?, gold: Int?
        if let value = raw["target_scores"] {
            guard let members = value.members else {
                throw BigBenchError(file: file, example: index, key: "target_scores",
                                    "must be an object mapping each choice to its score, found \(value.kindName).")
            }
            guard !members.isEmpty else {
                throw BigBenchError(file: file, example: index, key: "target_scores", "is empty; it needs at least one choice.")
            }
            // A key written twice keeps its first place and its last score, as Python's json does.
            var order: [String] = [], byChoice: [String: Double] = [:]
            for member in members {
                guard let score = member.value.number else {
                    throw BigBenchError(file: file, example: index, key: "target_scores",
                                        "must map choices to numbers, but \"\(member.key)\" maps to \(member.value.kindName).")
                }
                if byChoice[member.key] == nil { order.append(member.key) }
                byChoice[member.key] = score
            }
            let values = order.map { byChoice[$0]! }
            let best = values.max()!
            choices = order
            scores = values
            gold = values.firstIndex(of: best)
            if targets == nil {
                // BIG-bench's rule: the scores must single out a correct choice.
                if (values.count == 1 && best == 0) || (values.count > 1 && best <= values.min()!) {
                    throw BigBenchError(file: file, example: index, key: "target_scores",
                                        "gives no choice a higher score than the others, so no choice is correct.")
                }
                targets = [order[gold!]]
            }
        }
        guard let targets else {
            throw BigBenchError(file: file, example: index, "has neither \"target\" nor \"target_scores\"; one of them is needed.")
        }
        return BigBenchExample(input: input, targets: targets, choices: choices, scores: scores, gold: gold,
                               hasTarget: raw["target"] != nil)
    }

    private static func optionalString(_ root: OrderedJSON, _ key: String, file: String) throws -> String? {
        guard let value = root[key] else { return nil }
        guard let s = value.string else { throw BigBenchError(file: file, key: key, "must be a string, found \(value.kindName).") }
        return s
    }

    private static func strings(_ root: OrderedJSON, _ key: String, file: String) throws -> [String]? {
        guard let value = root[key] else { return nil }
        guard let items = value.array, items.allSatisfy({ $0.string != nil }) else {
            throw BigBenchError(file: file, key: key, "must be a list of strings, found \(value.kindName).")
        }
        return items.map { $0.string! }
    }
}

/// A BIG-bench task file that cannot be used, said in one sentence naming the
/// file and, where they apply, the line and column (JSON syntax), the example
/// (0-based index into `examples`) and the key.
public struct BigBenchError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var example: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, example: Int? = nil, key: String? = nil,
                _ message: String) {
        self.file = file; self.line = line; self.column = column; self.example = example; self.key = key
        self.message = message
    }

    /// What is wrong, after the place: the example and key it concerns, then
    /// the message, e.g. `example 3: "target" is missing, and … need it.`
    public var detail: String {
        (example.map { "example \($0): " } ?? "") + (key.map { "\"\($0)\" " } ?? "") + message
    }

    /// E.g. `…/task.json: example 3: "target" is missing, …` or
    /// `…/task.json, line 7, column 12: is not valid JSON: expected ',' or '}' ….`
    public var description: String {
        var place = file
        if let line { place += ", line \(line)" }
        if let column { place += ", column \(column)" }
        return "\(place): \(detail)"
    }
}
