import EmergeTestSupport
import Foundation
import ResultsStore

/// A store in a fresh temporary folder.
func makeStore() throws -> (ResultsDatabase, URL) {
    let dir = try makeTemporaryDirectory("results-store")
    let db = try ResultsDatabase(path: dir.appendingPathComponent("store.sqlite").path)
    return (db, dir)
}

/// The path of a file or folder under Tests/ResultsStoreTests/Fixtures.
func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
}

/// Writes text to `name` in `dir` and returns its path.
func write(_ text: String, _ name: String, in dir: URL) throws -> String {
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// One JSONL line per record, as the documented schema writes them.
func jsonl(_ records: [OutputRecord]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try records.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n") + "\n"
}

/// A generation output with `length` teacher-forced target tokens.
func generationRecord(model: String = "m", task: String = "t", example: Int, length: Int = 4,
                      facts: ModelFacts? = nil) -> OutputRecord {
    let tokens = (0..<length).map { p in
        TokenRecord(tokenID: 10 + p, text: "tok\(p % 3)", logprob: -0.25 * Double(p + 1), greedy: p % 2 == 0,
                    rank: 1 + p % 2, entropy: 0.5 + Double(p))
    }
    return OutputRecord(model: model, modelFacts: facts, task: task, example: example, prompt: "Q\(example)",
                        target: "A\(example)", generated: "A\(example)", targetTokens: tokens)
}
