import Foundation
import Testing
@testable import TaskSuite

@Suite struct TaskFileTests {
    @Test func roundTripKeepsEveryField() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("taskfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = ArithmeticTask(operation: .addition, digits: 2).examples(of: .test, count: 20, seed: 5)
        let handWritten = TaskExample(prompt: "Capital of France?", target: " Paris", choices: [" Rome", " Paris"], gold: 1,
                                      exemplars: [Exemplar(prompt: "Capital of Italy?", target: " Rome")])
        let url = directory.appendingPathComponent("mine.jsonl")
        try TaskFile.write(generated + [handWritten], to: url)
        #expect(try TaskFile.load(url) == generated + [handWritten])
        guard case let .file(name, examples) = try TaskCatalog.resolve(url.path) else { Issue.record("not a file"); return }
        #expect(name == "mine" && examples.count == 21)
    }

    @Test func targetDefaultsToTheGoldChoice() throws {
        let examples = try TaskFile.parse(#"{"prompt": "2+2=", "choices": ["3", "4"], "gold": 1}"# + "\n\n", file: "t.jsonl")
        #expect(examples == [TaskExample(prompt: "2+2=", target: "4", choices: ["3", "4"], gold: 1)])
    }

    @Test(arguments: [
        (#"{"prompt": "a", "target": "b"}"# + "\n" + #"{"prompt": "a", "target": 5}"#, 2, 17, "\"target\" must be a string"),
        (#"{"prompt": "a", "taget": "b"}"#, 1, 17, "unknown key \"taget\""),
        (#"{"target": "b"}"#, 1, 1, "lacks the required key \"prompt\""),
        (#"{"prompt": "a", "choices": ["x"], "gold": 3}"#, 1, 35, "\"gold\" is 3 but there are 1 choices"),
        (#"{"prompt": "a", "gold": 0}"#, 1, 17, "must be given together"),
        (#"["prompt"]"#, 1, 1, "must be a JSON object"),
    ])
    func badLinesNameFileLineAndColumn(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try TaskFile.parse(text, file: "bad.jsonl")
            Issue.record("accepted a bad file")
        } catch let error as TaskFileError {
            #expect(error.file == "bad.jsonl")
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.hasPrefix("bad.jsonl:\(line):\(column): "))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func syntaxErrorsCarryTheParsersColumn() {
        do {
            _ = try TaskFile.parse("{\"prompt\": \"a\", \"target\": \"b\"}\n{\"prompt\": x}", file: "bad.jsonl")
            Issue.record("accepted invalid JSON")
        } catch let error as TaskFileError {
            #expect(error.line == 2)
            #expect(error.column == 12, "\(error)")
            #expect(error.description.contains("is not valid JSON"))
        } catch { Issue.record("unexpected \(error)") }
    }
}
