import Foundation
import ResultsStore
import TaskSuite

/// What eval needs beyond the examples to run a BIG-bench JSON task
/// (see `docs/bigbench.md`): the task's formatting keys, each example's
/// formatted input and acceptable targets, and how the task is scored.
public struct BigBenchEvalTask: Sendable, Equatable {
    public var format: BigBenchFormat
    /// Each example's formatted input: its stored zero-shot prompt without the task prefix.
    public var inputs: [String]
    /// Each example's acceptable targets, the stored target first.
    public var targets: [[String]]
    /// generation (the model generates and its answer is post-processed),
    /// multiple-choice (only the choices are scored) or loss (only the target is).
    public var kind: TaskKind

    public init(format: BigBenchFormat, inputs: [String], targets: [[String]], kind: TaskKind) {
        self.format = format; self.inputs = inputs; self.targets = targets; self.kind = kind
    }

    /// The strategy name a run with `shots` exemplars is stored under:
    /// `standard` for zero-shot, `<k>-shot` otherwise, so that zero- and
    /// few-shot runs of one model are separate curves in every listing.
    public static func strategyName(shots: Int) -> String { shots == 0 ? "standard" : "\(shots)-shot" }

    /// The prompt of example `index` with the drawn exemplars (none: zero-shot).
    public func prompt(_ index: Int, exemplars: [BigBenchShot]) -> String {
        BigBenchPrompt.fewShot(question: inputs[index],
                               exemplars: exemplars.map { (inputs[$0.example], targets[$0.example][$0.target]) },
                               format: format)
    }
}

extension EvalTask {
    /// The BIG-bench task `nameOrPath` names, or nil when it names none: a
    /// task the store holds as BIG-bench (`arithmetic:2_digit_addition`), or a
    /// `task.json` path (or a folder holding one), which is imported first
    /// (idempotently) and must hold a single task, not a parent of subtasks.
    public static func bigBench(_ nameOrPath: String, database: ResultsDatabase) throws -> EvalTask? {
        if try database.bigBenchFormat(task: nameOrPath) != nil { return try storedBigBench(nameOrPath, database: database) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: nameOrPath, isDirectory: &isDirectory) else { return nil }
        let isTaskFile = !isDirectory.boolValue && nameOrPath.hasSuffix(".json")
        let holdsTaskFile = isDirectory.boolValue
            && FileManager.default.fileExists(atPath: (nameOrPath as NSString).appendingPathComponent("task.json"))
        guard isTaskFile || holdsTaskFile else { return nil }
        let imported = try database.importBigBench(atPath: nameOrPath)
        guard imported.tasks.count == 1 else {
            throw BigBenchEvalError.severalTasks(path: nameOrPath, names: imported.tasks.map(\.name))
        }
        return try storedBigBench(imported.tasks[0].name, database: database)
    }

    /// The stored BIG-bench task `name`, examples in store order.
    static func storedBigBench(_ name: String, database: ResultsDatabase) throws -> EvalTask {
        guard let format = try database.bigBenchFormat(task: name),
              let stored = try database.tasks().first(where: { $0.name == name }) else {
            throw BigBenchEvalError.damaged(task: name, detail: "it has no stored format")
        }
        let rows = try database.examples(task: name)
        var examples: [TaskExample] = []
        var inputs: [String] = [], targets: [[String]] = []
        for (position, row) in rows.enumerated() {
            // The import stores prompt = task prefix + formatted input, indexes 0, 1, 2, ….
            guard row.index == position, let prompt = row.prompt, let target = row.target,
                  prompt.hasPrefix(format.taskPrefix) else {
                throw BigBenchEvalError.damaged(task: name, detail: "example \(row.index) lacks its prompt or target, or is out of order")
            }
            examples.append(TaskExample(prompt: prompt, target: target, choices: row.choices, gold: row.gold))
            inputs.append(String(prompt.dropFirst(format.taskPrefix.count)))
            targets.append(row.acceptableTargets)
        }
        var task = EvalTask(name: name, examples: examples)
        task.bigBench = BigBenchEvalTask(format: format, inputs: inputs, targets: targets, kind: stored.kind)
        return task
    }
}

/// Why a BIG-bench task cannot be evaluated as asked.
public enum BigBenchEvalError: Error, Equatable, CustomStringConvertible {
    case severalTasks(path: String, names: [String])
    case damaged(task: String, detail: String)
    case strategy(String)
    case shotsNeedBigBench(task: String)
    case seedTooLarge(UInt64)

    public var description: String {
        switch self {
        case let .severalTasks(path, names):
            "\(path) holds \(names.count) BIG-bench tasks; evaluate one of them by name (they are imported now): \(names.joined(separator: ", "))."
        case let .damaged(task, detail):
            "The store's BIG-bench task \(task) cannot be evaluated: \(detail)."
        case let .strategy(name):
            "BIG-bench tasks are prompted in their own format; use --strategy standard with --shots K, not \(name)."
        case let .shotsNeedBigBench(task):
            "--shots applies to BIG-bench tasks; \(task) is not one (use --strategy few-shot-cot --exemplars K)."
        case let .seedTooLarge(seed):
            "BIG-bench draws exemplars with a 32-bit seed; \(seed) is too large."
        }
    }
}
