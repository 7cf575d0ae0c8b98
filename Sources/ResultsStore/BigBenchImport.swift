import Foundation
import GRDB
// The store imports BIG-bench task files as it imports every other format,
// but the format's rules (reading, naming subtasks, rendering prompts) belong
// to TaskSuite, which eval uses too; TaskSuite depends on nothing, so this
// adds no cycle and keeps one implementation of the rules.
import TaskSuite

/// One task a BIG-bench import stored.
public struct BigBenchImportedTask: Sendable, Equatable {
    public var name: String
    public var kind: TaskKind
    public var examples: Int
    /// Examples with choices (`target_scores`).
    public var withChoices: Int
    /// Examples accepting more than one target.
    public var withAlternatives: Int
    /// Exact duplicates BIG-bench drops (and so does the import).
    public var duplicatesDropped: Int
    public var file: String
}

/// What a BIG-bench import stored: the tasks, and the row counts.
public struct BigBenchImportResult: Sendable, Equatable {
    public var tasks: [BigBenchImportedTask]
    public var summary: ImportSummary
}

/// The style name under which `task_format` keeps BIG-bench formatting keys.
let bigBenchFormatStyle = "bigbench"

extension ResultsDatabase {
    /// Imports the BIG-bench JSON tasks at `path` (one `task.json`, or a folder
    /// searched recursively; see `BigBenchTaskReader` and `docs/bigbench.md`)
    /// in one transaction.
    ///
    /// Each task is stored under its BIG-bench name (`parent:subtask` for a
    /// subtask) with kind generation, multiple-choice or loss as its metrics
    /// say; each example with its zero-shot prompt (`BigBenchPrompt.zeroShot`),
    /// its first acceptable target as `target` and the others as alternative
    /// targets, and — with `target_scores` — its choices in file order and the
    /// first highest-scored one as gold. The formatting keys are stored with
    /// the task so `eval` can render few-shot prompts and post-process outputs.
    ///
    /// Idempotent: importing the same files again changes nothing. Refused,
    /// with nothing written, when a file is not a usable BIG-bench task or
    /// when the store already holds a task of the same name with other examples.
    @discardableResult
    public func importBigBench(atPath path: String) throws -> BigBenchImportResult {
        let tasks: [BigBenchTask]
        do { tasks = try BigBenchTaskReader.read(path: path) } catch let error as BigBenchError {
            throw StoreError(file: error.file, line: error.line, column: error.column, error.detail)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try writeTransaction { w in
            var imported: [BigBenchImportedTask] = []
            for task in tasks {
                let kind = TaskKind(rawValue: task.kind.rawValue) ?? .generation
                let examples = task.examples.enumerated().map { index, example in
                    StoredExample(index: index, prompt: BigBenchPrompt.zeroShot(example, format: task.format),
                                target: example.targets[0], choices: example.choices, gold: example.gold,
                                alternativeTargets: Array(example.targets.dropFirst()))
                }
                try Self.refuseChangedExamples(w.db, task: task.name, file: task.file, examples)
                let taskID = try w.taskID(name: task.name, kind: kind, kindIsExplicit: true,
                                          description: task.description)
                for example in examples { _ = try w.exampleID(taskID: taskID, example) }
                let format = String(decoding: try encoder.encode(task.format), as: UTF8.self)
                try w.db.execute(sql: """
                    INSERT INTO task_format (task_id, style, format) VALUES (?, ?, ?)
                    ON CONFLICT(task_id) DO UPDATE SET style = excluded.style, format = excluded.format
                    WHERE style IS NOT excluded.style OR format IS NOT excluded.format
                    """, arguments: [taskID, bigBenchFormatStyle, format])
                imported.append(BigBenchImportedTask(
                    name: task.name, kind: kind, examples: examples.count,
                    withChoices: task.examples.filter { $0.choices != nil }.count,
                    withAlternatives: task.examples.filter { $0.targets.count > 1 }.count,
                    duplicatesDropped: task.duplicatesDropped, file: task.file))
            }
            return BigBenchImportResult(tasks: imported, summary: w.summary)
        }
    }

    /// Throws when the store holds task `task` with examples other than
    /// `examples` (outputs stored against them would silently change meaning).
    private static func refuseChangedExamples(_ db: Database, task: String, file: String,
                                              _ examples: [StoredExample]) throws {
        guard let row = try TaskRow.filter(Column("name") == task).fetchOne(db) else { return }
        let stored = try ExampleRow.filter(Column("task_id") == row.id!).order(Column("idx")).fetchAll(db)
        if stored.isEmpty { return }
        let alternatives = try alternativeTargets(db, taskID: row.id!)
        func differs(_ s: ExampleRow, _ e: StoredExample) -> Bool {
            s.prompt != e.prompt || s.target != e.target || s.choices != e.choices || s.gold != e.gold
                || (alternatives[s.id!] ?? []) != (e.alternativeTargets ?? [])
        }
        if stored.count > examples.count {
            throw StoreError(file: file, "the store already holds \(stored.count) examples of \(task), this file \(examples.count); import it into another store.")
        }
        for s in stored where s.idx < examples.count && differs(s, examples[s.idx]) {
            throw StoreError(file: file, "the store already holds \(task) with a different example \(s.idx); import it into another store.")
        }
    }

    /// The BIG-bench formatting keys stored with `task`, or nil when the task
    /// is not a BIG-bench task (or not stored).
    public func bigBenchFormat(task: String) throws -> BigBenchFormat? {
        let text = try pool.read { db in
            try String.fetchOne(db, sql: """
                SELECT f.format FROM task_format f JOIN task t ON t.id = f.task_id
                WHERE t.name = ? AND f.style = ?
                """, arguments: [task, bigBenchFormatStyle])
        }
        guard let text else { return nil }
        do { return try JSONDecoder().decode(BigBenchFormat.self, from: Data(text.utf8)) } catch {
            throw StoreError("the store's BIG-bench format of \(task) is damaged: \(error).")
        }
    }
}
