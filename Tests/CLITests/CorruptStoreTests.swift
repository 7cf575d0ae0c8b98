import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing

/// A store file that is not an emerge store — not SQLite at all, random
/// bytes, or a real store cut in half — is refused by every command with one
/// sentence naming the file, and is left exactly as it was.
@Suite("CLI: a corrupt or non-SQLite store file")
struct CorruptStoreTests {
    /// Bad store files in `dir`, by what is wrong with them, with the words SQLite uses for it.
    static func badStores(in dir: URL) throws -> [(file: URL, problem: String)] {
        let text = dir.appendingPathComponent("notes.sqlite")
        try Data(String(repeating: "These are my notes, not a database. ", count: 40).utf8).write(to: text)
        var generator = SplitMix64(seed: 7)
        let random = dir.appendingPathComponent("random.sqlite")
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: random)
        // A real store with data, cut in half (a copy interrupted mid-way).
        let real = dir.appendingPathComponent("real.sqlite")
        let outputs = dir.appendingPathComponent("outputs.jsonl")
        let lines = (0..<200).map { StoreCommandsTests.outputsLine(model: "m", task: "t", example: $0) }
        try Data(lines.joined(separator: "\n").utf8).write(to: outputs)
        let imported = try CLIRunner.run(["import", outputs.path, "--kind", "outputs", "--db", real.path])
        try #require(imported.exitCode == 0, "\(imported.stderr)")
        // The CLI folds its write-ahead log into the file on exit, so the cut falls inside real pages.
        try #require(!FileManager.default.fileExists(atPath: real.path + "-wal"))
        let bytes = try Data(contentsOf: real)
        try #require(bytes.count > 8192)
        let truncated = dir.appendingPathComponent("truncated.sqlite")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        return [(text, "file is not a database"), (random, "file is not a database"),
                (truncated, "database disk image is malformed")]
    }

    @Test("metrics, models and import refuse the file in one sentence and leave it untouched")
    func refusedInOneSentence() throws {
        let dir = try makeTemporaryDirectory("cli-corrupt-store")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("models.csv")
        try Data("name,params\nm,1000\n".utf8).write(to: csv)
        for (file, problem) in try Self.badStores(in: dir) {
            let before = try Data(contentsOf: file)
            for command in [["metrics"], ["models"], ["import", csv.path, "--kind", "models", "--name-column", "name"]] {
                let result = try CLIRunner.run(command + ["--db", file.path])
                let label = "\(command[0]) on \(file.lastPathComponent)"
                #expect(result.exitCode != 0, "\(label)")
                #expect(result.stdout.isEmpty, "\(label): \(result.stdout)")
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.count == 1, "\(label): \(result.stderr)")
                let line = String(lines.first ?? "")
                #expect(line.contains("cannot open the store \(file.path): \(problem)."), "\(label): \(line)")
                #expect(line.hasPrefix("Error: ") && line.hasSuffix("."), "\(label): \(line)")
            }
            #expect(try Data(contentsOf: file) == before, "\(file.lastPathComponent) was modified")
        }
    }
}
