import Foundation
import ResultsStore
import Testing

@Suite("Migrations and connection settings")
struct MigrationTests {
    @Test("a fresh store is migrated, in WAL mode, with foreign keys on")
    func freshMigrate() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try db.appliedMigrations() == ["v1-core", "v2-output-trace", "v3-checkpoints-seeds-score-strategy", "v4-example-targets"])
        #expect(try db.rowCounts().values.allSatisfy { $0 == 0 })
        #expect(try db.rowCounts().keys.sorted() == ["choice_score", "example", "example_target", "model", "output", "run",
                                                      "score", "task", "task_format", "token", "token_stream", "token_text"])
        let settings = try db.connectionSettings()
        #expect(settings.journalMode == "wal")
        #expect(settings.foreignKeys)
        #expect(settings.busyTimeoutMilliseconds >= 10_000)
        let schema = try db.schemaSQL()
        #expect(schema["token_stream"]?.contains("WITHOUT ROWID") == true)
        #expect(schema["output"]?.contains("UNIQUE") == true)
    }

    @Test("reopening an existing store keeps its rows and migrates nothing twice")
    func reopen() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.upsertModel(ModelUpdate(name: "a", params: 1e6))
        let again = try ResultsDatabase(path: db.path)
        #expect(try again.models().map(\.name) == ["a"])
        #expect(try again.appliedMigrations() == ["v1-core", "v2-output-trace", "v3-checkpoints-seeds-score-strategy", "v4-example-targets"])
    }

    @Test("a store in a missing folder is a clear error")
    func missingFolder() throws {
        #expect(throws: StoreError.self) { try ResultsDatabase(path: "/nonexistent-emerge/x/store.sqlite") }
    }
}
