import Foundation
import ResultsStore
import Testing

@Suite("Imports are idempotent")
struct IdempotenceTests {
    @Test("the same outputs file twice changes no row count, and replaces rather than duplicates")
    func outputsTwice() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = (0..<50).map { generationRecord(model: "m\($0 % 5)", example: $0 / 5, length: 6,
                                                      facts: ModelFacts(family: "f", params: 1e6 * Double($0 % 5 + 1))) }
        let path = try write(try jsonl(records), "o.jsonl", in: dir)
        let first = try db.importOutputsFile(atPath: path)
        let counts = try db.rowCounts()
        #expect(counts["output"] == 50 && counts["token"] == 300 && counts["run"] == 5 && counts["model"] == 5)
        #expect(counts["example"] == 10 && counts["token_text"] == 3)
        let runsBefore = try db.runs()
        let second = try db.importOutputsFile(atPath: path)
        #expect(try db.rowCounts() == counts)
        #expect(first == second)
        #expect(try db.runs() == runsBefore) // same ids and creation times
    }

    @Test("re-importing changed outputs replaces their tokens in place")
    func replacement() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.importOutputs([generationRecord(example: 0, length: 5)], source: "a")
        var shorter = generationRecord(example: 0, length: 2)
        shorter.generated = "changed"
        try db.importOutputs([shorter], source: "b")
        #expect(try db.rowCounts()["token"] == 2)
        let read = try db.outputs(runID: try db.runs()[0].id)
        #expect(read.count == 1 && read[0].generated == "changed" && read[0].targetTokens?.count == 2)
    }

    @Test("the same models and scores CSVs twice change no row count")
    func csvTwice() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = ModelsCSVOptions(nameColumn: "Model", familyColumn: "Family", paramsColumn: "Model Size (B)",
                                       paramsScale: 1e9)
        try db.importModelsCSV(atPath: fixture("models-real-headers.csv"), options: options)
        try db.importScoresCSV(atPath: fixture("scores-wide.csv"), options: ScoresCSVOptions(nameColumn: "model"))
        try db.importScoresCSV(atPath: fixture("scores-tidy.csv"), options: ScoresCSVOptions())
        try db.importLMEval(atPath: fixture("lm-eval"))
        let counts = try db.rowCounts()
        try db.importModelsCSV(atPath: fixture("models-real-headers.csv"), options: options)
        try db.importScoresCSV(atPath: fixture("scores-wide.csv"), options: ScoresCSVOptions(nameColumn: "model"))
        try db.importScoresCSV(atPath: fixture("scores-tidy.csv"), options: ScoresCSVOptions())
        try db.importLMEval(atPath: fixture("lm-eval"))
        #expect(try db.rowCounts() == counts)
        #expect(counts["score"]! > 0 && counts["model"]! > 0 && counts["output"]! > 0)
    }
}
