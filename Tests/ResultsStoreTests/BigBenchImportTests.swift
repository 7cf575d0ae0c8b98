import EmergeTestSupport
import Foundation
import ResultsStore
import TaskSuite
import Testing

/// The BIG-bench fixtures live with the TaskSuite tests, which own the format.
private let bigBenchFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("TaskSuiteTests/Fixtures/bigbench")

@Suite("BIG-bench task import")
struct BigBenchImportTests {
    @Test("a folder of tasks: parent:subtask names, kinds, example counts")
    func importsTheFixtureFolder() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try db.importBigBench(atPath: bigBenchFixtures.path)
        #expect(result.tasks.map(\.name) == ["analogical_similarity", "arithmetic:2_digit_addition",
                                             "arithmetic:3_digit_subtraction", "simple_arithmetic_json", "word_unscrambling"])
        #expect(result.summary.tasks == 5 && result.summary.examples == 105)
        let stored = try db.tasks()
        #expect(stored.map(\.name) == result.tasks.map(\.name))
        #expect(stored.map(\.exampleCount) == [20, 20, 20, 30, 15])
        #expect(stored.map(\.kind) == [.multipleChoice, .generation, .generation, .generation, .generation])
        #expect(stored[1].description == "2-digit addition.")
        #expect(result.tasks[4].withAlternatives == 5 && result.tasks[1].withChoices == 20)
    }

    @Test("examples: zero-shot prompt, first target, choices in file order, gold from target_scores")
    func examplesAreStoredAsBigBenchFormatsThem() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.importBigBench(atPath: bigBenchFixtures.path)

        let addition = try db.examples(task: "arithmetic:2_digit_addition")
        #expect(addition[0].prompt == "\nQ: What is 80 plus 29?\n  choice: 109\n  choice: 378\n  choice: banana\n  choice: 388\n  choice: 54942\n  choice: 4\n  choice: house\nA: ")
        #expect(addition[0].target == "109")
        #expect(addition[0].choices == ["378", "388", "4", "54942", "banana", "house", "109"])
        #expect(addition[0].gold == 6)
        #expect(addition[0].alternativeTargets == nil)

        // Multiple choice without "target": the target is the gold choice.
        let analogy = try db.examples(task: "analogical_similarity")
        #expect(analogy[1].gold == 3 && analogy[1].target == "surface similarity.")
        #expect(analogy[1].choices?[3] == "surface similarity.")

        let words = try db.examples(task: "word_unscrambling")
        #expect(words[4].target == "this")
        #expect(words[4].alternativeTargets == ["hits", "hist", "shit", "sith"])
        #expect(words[4].acceptableTargets == ["this", "hits", "hist", "shit", "sith"])
        #expect(words[0].alternativeTargets == nil)

        #expect(try db.bigBenchFormat(task: "arithmetic:3_digit_subtraction")
            == BigBenchFormat(outputRegex: #"[-+]?\d+"#))
        #expect(try db.bigBenchFormat(task: "simple_arithmetic_json")?.outputPrefix == " ")
        #expect(try db.bigBenchFormat(task: "no-such-task") == nil)
    }

    @Test("importing the same files twice changes nothing")
    func idempotent() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try db.importBigBench(atPath: bigBenchFixtures.path)
        let counts = try db.rowCounts()
        let examples = try db.examples(task: "word_unscrambling")
        #expect(counts["example_target"] == 9) // word_unscrambling's alternatives: 4 + 1 + 2 + 1 + 1
        let second = try db.importBigBench(atPath: bigBenchFixtures.path)
        #expect(second == first)
        #expect(try db.rowCounts() == counts)
        #expect(try db.examples(task: "word_unscrambling") == examples)
        // A single subtask file adds nothing either.
        try db.importBigBench(atPath: bigBenchFixtures.appendingPathComponent("arithmetic/2_digit_addition/task.json").path)
        #expect(try db.rowCounts() == counts)
    }

    @Test("a bad file anywhere in the folder writes nothing and names the file and example")
    func badFileWritesNothing() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tasks = dir.appendingPathComponent("tasks")
        try FileManager.default.copyItem(at: bigBenchFixtures.appendingPathComponent("simple_arithmetic_json"),
                                         to: tasks.appendingPathComponent("a_good"))
        let bad = tasks.appendingPathComponent("b_bad/task.json")
        try FileManager.default.createDirectory(at: bad.deletingLastPathComponent(), withIntermediateDirectories: true)
        try #"{"name": "bad", "examples": [{"input": "1", "target": "1"}, {"input": "2"}]}"#
            .write(to: bad, atomically: true, encoding: .utf8)
        let error = try #require(throws: StoreError.self) { try db.importBigBench(atPath: tasks.path) }
        #expect(error.file == bad.path)
        #expect(error.description == "\(bad.path): example 1: has neither \"target\" nor \"target_scores\"; one of them is needed.")
        #expect(try db.rowCounts().values.allSatisfy { $0 == 0 })

        // Malformed JSON: line and column, nothing written.
        try "{\"name\": \"bad\",\n \"examples\": [}\n".write(to: bad, atomically: true, encoding: .utf8)
        let syntax = try #require(throws: StoreError.self) { try db.importBigBench(atPath: tasks.path) }
        #expect(syntax.line == 2 && syntax.column == 15)
        #expect(syntax.message.hasPrefix("is not valid JSON: expected a value"))
        #expect(try db.rowCounts().values.allSatisfy { $0 == 0 })
    }

    @Test("a task stored with other examples is refused, the store unchanged")
    func changedExamplesAreRefused() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try String(contentsOf: bigBenchFixtures.appendingPathComponent("simple_arithmetic_json/task.json"),
                                  encoding: .utf8)
        let file = dir.appendingPathComponent("task.json")
        try original.write(to: file, atomically: true, encoding: .utf8)
        try db.importBigBench(atPath: file.path)
        let counts = try db.rowCounts()
        let changed = original.replacingOccurrences(of: #"{"input": "4 + 9 =", "target": "13"}"#,
                                                    with: #"{"input": "4 + 9 =", "target": ["13", "thirteen"]}"#)
        #expect(changed != original)
        try changed.write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: StoreError.self) { try db.importBigBench(atPath: file.path) }
        #expect(error.message.contains("different example 1"))
        #expect(try db.rowCounts() == counts)
    }

    @Test("alternative targets travel through the outputs JSONL and come back with every output")
    func alternativeTargetsInOutputs() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = #"{"model": "m", "task": "words", "example": 0, "target": "not", "alternative_targets": ["ton"], "generated": "ton", "extracted_answer": "ton", "extraction_rule": "bigbench"}"#
        let path = try write(line + "\n", "outputs.jsonl", in: dir)
        try db.importOutputsFile(atPath: path)
        let output = try #require(try db.outputs(runID: try db.runs()[0].id).first)
        #expect(output.alternativeTargets == ["ton"])
        #expect(output.acceptableTargets == ["not", "ton"])
        #expect(try db.examples(task: "words")[0].alternativeTargets == ["ton"])
    }
}
