import Foundation
import ResultsStore
import Testing

@Suite("Malformed input is refused with its position, and nothing is written")
struct MalformedInputTests {
    @Test("a bad line 500 of an outputs file imports nothing and names line 500")
    func badLine500() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = try jsonl((0..<999).map { generationRecord(example: $0) }).split(separator: "\n").map(String.init)
        // A string where the logprob of the second target token should be.
        let good = lines[499]
        let bad = good.replacingOccurrences(of: "\"logprob\":-0.5", with: "\"logprob\":\"oops\"")
        #expect(bad != good)
        lines[499] = bad
        let path = try write(lines.joined(separator: "\n") + "\n", "bad.jsonl", in: dir)
        let expectedColumn = bad.distance(from: bad.startIndex, to: bad.range(of: "\"oops\"")!.lowerBound) + 1
        let error = try #require(throws: StoreError.self) { try db.importOutputsFile(atPath: path) }
        #expect(error.file == "bad.jsonl")
        #expect(error.line == 500)
        #expect(error.column == expectedColumn)
        #expect(error.message.contains("expected a number for \"logprob\""))
        #expect(error.description.hasPrefix("bad.jsonl, line 500, column \(expectedColumn): "))
        #expect(try db.rowCounts().values.allSatisfy { $0 == 0 })
    }

    @Test("a failure after earlier imports leaves those imports intact")
    func atomicOverExistingData() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.importOutputs([generationRecord(example: 0)], source: "first")
        let counts = try db.rowCounts()
        let text = try jsonl([generationRecord(model: "new", example: 1)]) + "{\"model\": \"x\", \"task\": \"t\"}\n"
        let path = try write(text, "partial.jsonl", in: dir)
        let error = try #require(throws: StoreError.self) { try db.importOutputsFile(atPath: path) }
        #expect(error.line == 2 && error.column == 1 && error.message.contains("\"example\""))
        #expect(try db.rowCounts() == counts)
        #expect(try db.model(named: "new") == nil)
    }

    @Test("syntax errors name the column of the offending character", arguments: [
        ("{\"model\": \"m\", \"task\": \"t\", \"example\": 0,}", 42, "expected a quoted key"),
        ("{\"model\": \"m\" \"task\": \"t\"}", 15, "expected ',' or '}'"),
        ("{\"model\": \"é\", \"task\": 5, \"example\": 0}", 24, "expected a string for \"task\""),
        ("{\"model\": \"m\", \"task\": \"t\", \"example\": 0} x", 43, "expected the end of the line"),
        ("{\"model\": \"m\", \"task\": \"t\", \"example\": 0, \"gold\": 2, \"choices\": [{\"text\": \"a\", \"loglikelihood\": -1}]}",
         1, "expected \"gold\" to index into the 1 choices"),
        ("{\"model\": \"m\", \"task\": \"t\", \"example\": 1.5}", 40, "expected an integer for \"example\""),
        ("{\"model\": \"m\", \"task\": \"t\", \"example\": 0, \"task_kind\": \"essay\"}", 56, "expected \"task_kind\" to be"),
        ("[1, 2]", 1, "expected an object for the output record"),
        ("{\"model\": \"m\\q\", \"task\": \"t\", \"example\": 0}", 13, "expected a valid escape"),
    ])
    func syntaxErrors(line: String, column: Int, message: String) throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write("\n" + line + "\n", "e.jsonl", in: dir)
        let error = try #require(throws: StoreError.self) { try db.importOutputsFile(atPath: path) }
        #expect(error.line == 2)
        #expect(error.column == column)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("JSON escapes, unicode and exponents are read exactly")
    func jsonDetails() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = #"{"model":"m","task":"t","example":0,"prompt":"a\"b\\c\n\u00e9\ud83d\ude00","unknown_key":{"x":[1,null,true]},"target_tokens":[{"token_id":1,"token":"\t","logprob":-1.5e-3,"entropy":null}]}"#
        let path = try write(line + "\r\n", "u.jsonl", in: dir)
        try db.importOutputsFile(atPath: path)
        let read = try db.outputs(runID: try db.runs()[0].id)
        #expect(read[0].prompt == "a\"b\\c\né😀")
        #expect(read[0].targetTokens == [TokenRecord(tokenID: 1, text: "\t", logprob: -1.5e-3)])
    }

    @Test("a missing file is one clear sentence")
    func missingFile() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = try #require(throws: StoreError.self) { try db.importOutputsFile(atPath: "/nope/x.jsonl") }
        #expect(error.description == "/nope/x.jsonl: no such file.")
    }
}
