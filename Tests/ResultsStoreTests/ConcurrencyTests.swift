import Foundation
import ResultsStore
import Testing

@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("two connections importing different files at once both succeed with every row present")
    func twoWriters() async throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fileA = try write(try jsonl((0..<300).map { generationRecord(model: "a", example: $0, length: 20) }),
                              "a.jsonl", in: dir)
        let fileB = try write(try jsonl((0..<300).map { generationRecord(model: "b", example: $0, length: 20) }),
                              "b.jsonl", in: dir)
        let path = db.path
        // Separate ResultsDatabase instances have separate SQLite connections,
        // which lock against each other exactly as two processes do.
        async let a = Task.detached { try ResultsDatabase(path: path).importOutputsFile(atPath: fileA) }.value
        async let b = Task.detached { try ResultsDatabase(path: path).importOutputsFile(atPath: fileB) }.value
        let (sa, sb) = try await (a, b)
        #expect(sa.outputs == 300 && sb.outputs == 300)
        let counts = try db.rowCounts()
        #expect(counts["output"] == 600 && counts["token"] == 12_000 && counts["run"] == 2 && counts["example"] == 300)
    }
}
