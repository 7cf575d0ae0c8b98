import Foundation
import GRDB

/// The SQLite results store (docs/design.md#store): one file in WAL mode with foreign keys
/// on and a busy timeout, so several processes may read and write it at once
/// (writers queue up behind each other, each import is one transaction).
///
/// Opening creates the file when missing and applies pending migrations.
/// All methods are synchronous and thread-safe.
public final class ResultsDatabase: Sendable {
    /// The store file's path.
    public let path: String
    let pool: DatabasePool

    /// How long a writer waits for another process's transaction before failing.
    public static let busyTimeout: TimeInterval = 120

    /// Opens (creating if needed) and migrates the store at `path`.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(Self.busyTimeout)
        config.prepareDatabase { db in
            // WAL + NORMAL is durable against crashes of the process and keeps commits cheap.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A 64 MiB page cache (allocated on demand) keeps a million-row
            // import from spilling dirty pages mid-transaction.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw StoreError("cannot open the store \(path): the folder \(directory) does not exist.")
        }
        do {
            pool = try Self.retryingWhileBusy { try DatabasePool(path: path, configuration: config) }
            try Self.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError("cannot open the store \(path): \(error.message ?? "\(error.resultCode)").")
        }
    }

    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = Schema.migrator
        let attempts = 40
        for attempt in 1...attempts {
            if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
            do {
                // Migrations run in deferred transactions; two processes creating a
                // fresh store at once may see SQLITE_BUSY, which retryingWhileBusy absorbs.
                try retryingWhileBusy { try migrator.migrate(pool) }
                return
            } catch let error as DatabaseError where attempt < attempts {
                // Another process applied the same migration between our check and
                // our transaction ("table … already exists"): each migration is one
                // transaction, so the store is consistent; look again.
                _ = error
                usleep(UInt32.random(in: 5_000...50_000))
            }
        }
    }

    /// Runs `body`, retrying for up to the busy timeout when another process
    /// holds a lock that SQLite's busy handler cannot wait for (creating the
    /// file, switching to WAL, upgrading a read transaction).
    static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do { return try body() } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                usleep(UInt32.random(in: 5_000...50_000))
            }
        }
    }

    /// Runs `body` in one IMMEDIATE transaction: all of it commits or none
    /// does. IMMEDIATE takes the write lock up front so concurrent writers wait
    /// in the busy handler instead of failing on a lock upgrade.
    /// `retry` re-runs the whole body after a lock failure; callers whose
    /// body consumes a stream pass false (the busy timeout still applies).
    func writeTransaction<T>(retry: Bool = true, _ body: (StoreWriter) throws -> T) throws -> T {
        func attempt() throws -> T {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(StoreWriter(db))
                    return .commit
                }
                return result!
            }
        }
        return retry ? try Self.retryingWhileBusy { try attempt() } : try attempt()
    }

    // MARK: Reading

    /// Every model, sorted by family, then parameters (unknown last), then name.
    public func models() throws -> [StoredModel] {
        try pool.read { db in try ModelRow.fetchAll(db).map(\.stored) }.sorted(by: Self.modelOrder)
    }

    /// The model called `name`, if stored.
    public func model(named name: String) throws -> StoredModel? {
        try pool.read { db in try ModelRow.filter(Column("name") == name).fetchOne(db)?.stored }
    }

    static func modelOrder(_ a: StoredModel, _ b: StoredModel) -> Bool {
        if (a.family ?? "") != (b.family ?? "") { return (a.family ?? "") < (b.family ?? "") }
        switch (a.params, b.params) {
        case let (x?, y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: break
        }
        // Checkpoints of one size by training progress, not by name
        // (`@step1000` before `@step103000`), then seeds in order.
        if (a.sizeGroup ?? "") != (b.sizeGroup ?? "") { return (a.sizeGroup ?? "") < (b.sizeGroup ?? "") }
        if a.step != b.step { return (a.step ?? -1) < (b.step ?? -1) }
        if a.seed != b.seed { return (a.seed ?? -1) < (b.seed ?? -1) }
        return a.name < b.name
    }

    /// Every task with its stored example count, sorted by name.
    public func tasks() throws -> [StoredTask] {
        try pool.read { db in try Self.fetchTasks(db) }.values.sorted { $0.name < $1.name }
    }

    static func fetchTasks(_ db: Database) throws -> [Int64: StoredTask] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT task.id, task.name, task.kind, task.description,
                   (SELECT COUNT(*) FROM example WHERE example.task_id = task.id) AS examples
            FROM task
            """)
        var tasks: [Int64: StoredTask] = [:]
        for row in rows {
            let kind = TaskKind(rawValue: row["kind"]) ?? .generation
            tasks[row["id"]] = StoredTask(name: row["name"], kind: kind, description: row["description"],
                                          exampleCount: row["examples"])
        }
        return tasks
    }

    /// The stored examples of `task`, by index, with their alternative
    /// targets (nil when they have none).
    public func examples(task: String) throws -> [StoredExample] {
        try pool.read { db in
            guard let taskRow = try TaskRow.filter(Column("name") == task).fetchOne(db) else { return [] }
            let alternatives = try Self.alternativeTargets(db, taskID: taskRow.id!)
            return try ExampleRow.filter(Column("task_id") == taskRow.id!).order(Column("idx")).fetchAll(db)
                .map { row in
                    var example = row.example
                    example.alternativeTargets = alternatives[row.id!]
                    return example
                }
        }
    }

    /// The alternative targets of the task's examples, by example row id, in order.
    static func alternativeTargets(_ db: Database, taskID: Int64) throws -> [Int64: [String]] {
        var byExample: [Int64: [String]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT t.example_id, t.text FROM example_target t JOIN example e ON e.id = t.example_id
            WHERE e.task_id = ? ORDER BY t.example_id, t.position
            """, arguments: [taskID])
        while let row = try rows.next() { byExample[row[0], default: []].append(row[1]) }
        return byExample
    }

    /// Runs, optionally narrowed to a task, a model family, a strategy and a
    /// model (each nil = any), sorted by task, family, strategy, parameters, model.
    public func runs(task: String? = nil, family: String? = nil, strategy: String? = nil,
                     model: String? = nil) throws -> [StoredRun] {
        try pool.read { db in
            let models = Dictionary(uniqueKeysWithValues: try ModelRow.fetchAll(db).map { ($0.id!, $0.stored) })
            let tasks = try Self.fetchTasks(db)
            return try RunRow.fetchAll(db).compactMap { row -> StoredRun? in
                guard let m = models[row.modelId], let t = tasks[row.taskId] else { return nil }
                if let task, t.name != task { return nil }
                if let family, m.family != family { return nil }
                if let strategy, row.strategy != strategy { return nil }
                if let model, m.name != model { return nil }
                return StoredRun(id: row.id!, model: m, task: t, strategy: row.strategy, decoding: row.decoding,
                                 toolVersion: row.toolVersion, createdAt: row.createdAt)
            }
        }.sorted { a, b in
            if a.task.name != b.task.name { return a.task.name < b.task.name }
            if (a.model.family ?? "") != (b.model.family ?? "") { return (a.model.family ?? "") < (b.model.family ?? "") }
            if a.strategy != b.strategy { return a.strategy < b.strategy }
            if a.model != b.model { return Self.modelOrder(a.model, b.model) }
            return a.id < b.id
        }
    }

    /// Aggregate scores, optionally narrowed by task, model family and metric,
    /// sorted by task, metric, family, parameters, model.
    public func scores(task: String? = nil, family: String? = nil, metric: String? = nil) throws -> [StoredScore] {
        try pool.read { db in
            let models = Dictionary(uniqueKeysWithValues: try ModelRow.fetchAll(db).map { ($0.id!, $0.stored) })
            let tasks = try Self.fetchTasks(db)
            return try ScoreRow.fetchAll(db).compactMap { row -> StoredScore? in
                guard let m = models[row.modelId], let t = tasks[row.taskId] else { return nil }
                if let task, t.name != task { return nil }
                if let family, m.family != family { return nil }
                if let metric, row.metric != metric { return nil }
                return StoredScore(model: m, task: t.name, metric: row.metric, strategy: row.strategy,
                                   value: row.value, stderr: row.stderr,
                                   n: row.n, classOverride: row.classOverride, source: row.source)
            }
        }.sorted { a, b in
            if a.task != b.task { return a.task < b.task }
            if a.metric != b.metric { return a.metric < b.metric }
            if (a.model.family ?? "") != (b.model.family ?? "") { return (a.model.family ?? "") < (b.model.family ?? "") }
            if a.strategy != b.strategy { return (a.strategy ?? "") < (b.strategy ?? "") }
            return Self.modelOrder(a.model, b.model)
        }
    }

    /// Row counts of the content tables (table name → rows), plus "token":
    /// the number of per-token records held in the packed streams.
    public func rowCounts() throws -> [String: Int] {
        try pool.read { db in
            var counts: [String: Int] = [:]
            // Table names come from a fixed list, never from input.
            for table in Schema.contentTables {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            counts["token"] = try Int.fetchOne(db, sql: "SELECT IFNULL(SUM(count), 0) FROM token_stream") ?? 0
            return counts
        }
    }

    /// The applied migration identifiers, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    // MARK: Writing

    /// Creates or updates a model. Nil fields of `update` keep stored values;
    /// FLOPs given win over 6·N·D, which is re-estimated whenever N or D change.
    @discardableResult
    public func upsertModel(_ update: ModelUpdate) throws -> StoredModel {
        try writeTransaction { w in try w.upsertModel(update).stored }
    }

    /// Creates or updates a task (kind and description are replaced).
    public func upsertTask(name: String, kind: TaskKind, description: String? = nil) throws {
        try writeTransaction { w in _ = try w.taskID(name: name, kind: kind, kindIsExplicit: true, description: description) }
    }

    /// Stores a task's examples (creating the task if needed); existing
    /// examples keep their row and take the new non-nil fields. Atomic.
    @discardableResult
    public func storeExamples(task: String, kind: TaskKind, description: String? = nil,
                              _ examples: [StoredExample]) throws -> ImportSummary {
        try writeTransaction { w in
            let taskID = try w.taskID(name: task, kind: kind, kindIsExplicit: true, description: description)
            for e in examples { _ = try w.exampleID(taskID: taskID, e) }
            return w.summary
        }
    }

    /// Writes aggregate scores, replacing the stored value of each
    /// (model, task, metric); creates models and tasks as needed. Atomic.
    @discardableResult
    public func upsertScores(_ scores: [ScoreInput], source: String? = nil) throws -> ImportSummary {
        try writeTransaction { w in
            for s in scores { try w.upsertScore(s, taskKind: nil, source: source) }
            return w.summary
        }
    }

    /// Imports outputs in one transaction. Idempotent: outputs are keyed by
    /// (run, example, sample) and runs by their natural key, so importing the
    /// same records again replaces rows and adds none. Creates models, tasks,
    /// examples and runs as needed; `modelFacts` update the model.
    @discardableResult
    public func importOutputs(_ records: [OutputRecord], source: String) throws -> ImportSummary {
        try writeTransaction { w in
            for r in records { try w.writeOutput(r, source: source) }
            return w.summary
        }
    }
}

/// The SQLite settings of the store's write connection (for `init` and tests).
public struct ConnectionSettings: Sendable, Equatable {
    public var journalMode: String
    public var foreignKeys: Bool
    public var busyTimeoutMilliseconds: Int
}

extension ResultsDatabase {
    /// The journal mode, foreign-key enforcement and busy timeout in effect.
    public func connectionSettings() throws -> ConnectionSettings {
        try pool.write { db in
            ConnectionSettings(
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false,
                busyTimeoutMilliseconds: try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 0)
        }
    }

    /// The CREATE statements of the store's tables, by table name.
    public func schemaSQL() throws -> [String: String] {
        try pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table'")
                .map { ($0["name"] as String, $0["sql"] as String) })
        }
    }
}
