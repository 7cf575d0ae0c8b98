import EmergeTestSupport
import Foundation
import ResultsStore
import Testing

/// A trace as eval writes one: nested objects, arrays, integers, fractions, null, text.
private let sampleTrace = TraceValue.object([
    "votes": .object(["18": .integer(3), "-7": .integer(1)]),
    "winner": .string("18"), "margin": .number(0.5), "tie_rule": .string("earliest-sample"),
    "nodes": .array([.object(["id": .integer(0), "parent": .null, "chain_logprob": .number(-1.25),
                              "step": .string("8+7=15, write 5 \"carry\" 1")])]),
    "ended": .bool(true),
])

@Suite("Output traces")
struct TraceTests {
    @Test("a trace survives the outputs JSONL import and reads back equal; outputs without one read nil")
    func fileRoundTrip() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var traced = generationRecord(example: 0)
        traced.trace = sampleTrace
        let plain = generationRecord(example: 1)
        let text = try jsonl([traced, plain])
        #expect(text.contains(#""trace":{"#)) // written as a JSON object, not a string
        try db.importOutputsFile(atPath: try write(text, "o.jsonl", in: dir))
        let read = try db.outputs(runID: try db.runs()[0].id)
        #expect(read.map(\.example) == [0, 1])
        #expect(read[0].trace == sampleTrace)
        #expect(read[0].trace?["votes"]?["18"] == .integer(3))
        #expect(read[1].trace == nil)
        var visited: [TraceValue?] = []
        try db.forEachOutput(runID: try db.runs()[0].id) { visited.append($0.trace) }
        #expect(visited == [sampleTrace, nil])
    }

    @Test("importOutputs keeps the trace; importing again replaces it and adds no row")
    func apiRoundTripAndIdempotence() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var record = generationRecord(example: 0)
        record.trace = sampleTrace
        try db.importOutputs([record], source: "a")
        let counts = try db.rowCounts()
        try db.importOutputs([record], source: "a")
        #expect(try db.rowCounts() == counts)
        #expect(try db.outputs(runID: try db.runs()[0].id)[0].trace == sampleTrace)
        // A changed trace replaces the old one; a record without one clears it.
        record.trace = .object(["winner": .string("17")])
        try db.importOutputs([record], source: "b")
        #expect(try db.outputs(runID: try db.runs()[0].id)[0].trace == .object(["winner": .string("17")]))
        record.trace = nil
        try db.importOutputs([record], source: "c")
        #expect(try db.outputs(runID: try db.runs()[0].id)[0].trace == nil)
        #expect(try db.rowCounts() == counts)
    }

    @Test("a trace that is not an object, or holds NaN, is refused with its line")
    func malformedTrace() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = #"{"model": "m", "task": "t", "example": 0, "trace": {"a": [1, 2.5, null]}}"#
        let notObject = #"{"model": "m", "task": "t", "example": 1, "trace": [1, 2]}"#
        let withNaN = #"{"model": "m", "task": "t", "example": 2, "trace": {"x": NaN}}"#
        for (bad, needle) in [(notObject, "expected an object for \"trace\""), (withNaN, "\"trace\"")] {
            let path = try write(good + "\n" + bad + "\n", "bad.jsonl", in: dir)
            let error = try #require(throws: StoreError.self) { try db.importOutputsFile(atPath: path) }
            #expect(error.description.contains("line 2") && error.description.contains(needle))
        }
        #expect(try db.rowCounts()["output"] == 0) // nothing written
        #expect(throws: StoreError.self) {
            try db.importOutputs([OutputRecord(model: "m", task: "t", example: 0, trace: .array([]))], source: "x")
        }
        #expect(throws: StoreError.self) {
            try db.importOutputs([OutputRecord(model: "m", task: "t", example: 0,
                                               trace: .object(["x": .number(.infinity)]))], source: "x")
        }
        // `null` is the same as no trace.
        let path = try write(#"{"model": "m", "task": "t", "example": 0, "trace": null}"# + "\n", "null.jsonl", in: dir)
        try db.importOutputsFile(atPath: path)
        #expect(try db.outputs(runID: try db.runs()[0].id)[0].trace == nil)
    }

    @Test("a store created before traces existed migrates, keeps its outputs and takes traces")
    func oldStoreMigrates() throws {
        let dir = try makeTemporaryDirectory("results-store-v1")
        defer { try? FileManager.default.removeItem(at: dir) }
        // store-v1.db: a store written by the v1-core schema only, holding
        // one output (model "m", task "t", example 0) with 4 target tokens;
        // store-v1.sql beside it is the SQL that made it.
        let path = dir.appendingPathComponent("store.sqlite").path
        try FileManager.default.copyItem(atPath: fixture("store-v1.db"), toPath: path)
        let db = try ResultsDatabase(path: path)
        #expect(try db.appliedMigrations() == ["v1-core", "v2-output-trace", "v3-checkpoints-seeds-score-strategy", "v4-example-targets"])
        #expect(try db.schemaSQL()["output"]?.contains("trace") == true)
        let run = try #require(try db.runs().first)
        let before = try db.outputs(runID: run.id)
        #expect(before.count == 1 && before[0].trace == nil && before[0].targetTokens?.count == 4)
        var traced = before[0]
        traced.trace = sampleTrace
        try db.importOutputs([traced], source: "after")
        let after = try db.outputs(runID: run.id)
        #expect(after.count == 1 && after[0].trace == sampleTrace && after[0].targetTokens == before[0].targetTokens)
    }

    @Test("TraceValue keeps integers, compares numbers by value and decodes into Codable types")
    func traceValueConversions() throws {
        struct Point: Codable, Equatable { var x: Int; var y: Double; var label: String? }
        let point = Point(x: 3, y: -0.1, label: nil)
        let value = try TraceValue(encoding: point)
        #expect(value["x"] == .integer(3) && value["y"] == .number(-0.1))
        #expect(try value.decode(Point.self) == point)
        #expect(try TraceValue(jsonText: try value.jsonText()) == value)
        #expect(TraceValue.integer(2) == .number(2) && TraceValue.integer(2) != .number(2.5))
        #expect(try TraceValue(jsonText: #"{"b":1,"a":[true,"s"]}"#).jsonText() == #"{"a":[true,"s"],"b":1}"#)
    }
}
