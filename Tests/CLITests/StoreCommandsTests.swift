import EmergeTestSupport
import Foundation
import Testing

/// End-to-end tests of `init`, `import`, `models` and `tasks` through the built binary.
@Suite("CLI: store commands")
struct StoreCommandsTests {
    static func outputsLine(model: String, task: String, example: Int, tokens: Int = 3) -> String {
        let toks = (0..<tokens).map { p in
            "{\"token_id\": \(p), \"token\": \"t\(p)\", \"logprob\": -0.\(p + 1), \"greedy\": true, \"rank\": 1}"
        }.joined(separator: ", ")
        return "{\"model\": \"\(model)\", \"model_facts\": {\"family\": \"fam\", \"params\": 1000000, \"tokens\": 2000000}, "
            + "\"task\": \"\(task)\", \"example\": \(example), \"target\": \"x\", \"generated\": \"x\", \"target_tokens\": [\(toks)]}"
    }

    static func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test("init creates the store at --db, at $EMERGE_DB, or at ./emerge.sqlite")
    func initPaths() throws {
        let dir = try makeTemporaryDirectory("cli-store")
        defer { try? FileManager.default.removeItem(at: dir) }
        let explicit = dir.appendingPathComponent("a.sqlite").path
        let r1 = try CLIRunner.run(["init", "--db", explicit])
        #expect(r1.exitCode == 0, "\(r1.stderr)")
        #expect(FileManager.default.fileExists(atPath: explicit))
        let fromEnv = dir.appendingPathComponent("b.sqlite").path
        let r2 = try CLIRunner.run(["init"], environment: ["EMERGE_DB": fromEnv])
        #expect(r2.exitCode == 0 && FileManager.default.fileExists(atPath: fromEnv))
        let r3 = try CLIRunner.run(["init"], directory: dir)
        #expect(r3.exitCode == 0 && FileManager.default.fileExists(atPath: dir.appendingPathComponent("emerge.sqlite").path))
        let r4 = try CLIRunner.run(["init", "--db", "/nonexistent-emerge/x.sqlite"])
        #expect(r4.exitCode != 0 && r4.stderr.contains("does not exist"))
    }

    @Test("import outputs twice: same listings; a bad line refuses the file with its line and column")
    func importOutputs() throws {
        let dir = try makeTemporaryDirectory("cli-store")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        let lines = (0..<20).map { Self.outputsLine(model: "m\($0 % 2)", task: "arith", example: $0 / 2) }
        let file = dir.appendingPathComponent("o.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let first = try CLIRunner.run(["import", file.path, "--kind", "outputs", "--db", db])
        #expect(first.exitCode == 0, "\(first.stderr)")
        #expect(first.stdout.contains("20 outputs") && first.stdout.contains("60 token rows"))
        let tasksBefore = try CLIRunner.run(["tasks", "--db", db, "--format", "json"]).stdout
        let second = try CLIRunner.run(["import", file.path, "--kind", "outputs", "--db", db])
        #expect(second.exitCode == 0)
        #expect(try CLIRunner.run(["tasks", "--db", db, "--format", "json"]).stdout == tasksBefore)
        let tasks = try Self.json(tasksBefore)
        #expect(tasks.count == 1)
        #expect(Set(tasks[0].keys).isSuperset(of: ["name", "kind", "examples"]))
        #expect(tasks[0]["name"] as? String == "arith" && tasks[0]["kind"] as? String == "generation")
        #expect(tasks[0]["examples"] as? Int == 10)

        var bad = lines
        bad[14] = bad[14].replacingOccurrences(of: "\"example\": 7", with: "\"example\": \"seven\"")
        let badFile = dir.appendingPathComponent("bad.jsonl")
        try (bad.joined(separator: "\n") + "\n").write(to: badFile, atomically: true, encoding: .utf8)
        let refused = try CLIRunner.run(["import", badFile.path, "--kind", "outputs", "--db", dir.appendingPathComponent("t.sqlite").path])
        #expect(refused.exitCode != 0)
        #expect(refused.stderr.contains("bad.jsonl, line 15, column "))
        #expect(refused.stderr.contains("expected a number for \"example\""))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        let empty = try CLIRunner.run(["tasks", "--db", dir.appendingPathComponent("t.sqlite").path, "--format", "json"])
        #expect(try Self.json(empty.stdout).isEmpty)
    }

    @Test("two processes importing different files into one fresh store at once both succeed")
    func concurrentProcesses() throws {
        let dir = try makeTemporaryDirectory("cli-store")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("shared.sqlite").path
        var files: [String] = []
        for name in ["a", "b"] {
            let url = dir.appendingPathComponent("\(name).jsonl")
            let text = (0..<400).map { Self.outputsLine(model: "model-\(name)", task: "task-\(name)", example: $0, tokens: 50) }
                .joined(separator: "\n") + "\n"
            try text.write(to: url, atomically: true, encoding: .utf8)
            files.append(url.path)
        }
        let results = LockedResults()
        let paths = files
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            results.set(i, Result { try CLIRunner.run(["import", paths[i], "--kind", "outputs", "--db", db]) })
        }
        for i in 0..<2 {
            let r = try results.get(i).get()
            #expect(r.exitCode == 0, "\(r.stderr)")
            #expect(r.stdout.contains("400 outputs, 20000 token rows"))
        }
        let tasks = try Self.json(try CLIRunner.run(["tasks", "--db", db, "--format", "json"]).stdout)
        #expect(tasks.map { $0["name"] as? String } == ["task-a", "task-b"])
        #expect(tasks.map { $0["examples"] as? Int } == [400, 400])
        let models = try Self.json(try CLIRunner.run(["models", "--db", db, "--format", "json"]).stdout)
        #expect(Set(models.compactMap { $0["name"] as? String }) == ["model-a", "model-b"])
    }

    @Test("import models CSV with scales; models lists exact JSON keys, CSV and a table")
    func modelsListing() throws {
        let dir = try makeTemporaryDirectory("cli-store")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        let csv = dir.appendingPathComponent("models.csv")
        try "Model,Family,\"Model Size (B)\",\"Pretraining Data Size (T)\",\"FLOPs (1E21)\"\r\nsmall,F,0.5,0.1,\r\nbig,F,2,0.2,3.5\r\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["import", csv.path, "--kind", "models", "--db", db, "--name-column", "Model",
                                   "--family-column", "Family", "--params-column", "Model Size (B)", "--params-scale", "1e9",
                                   "--tokens-column", "Pretraining Data Size (T)", "--tokens-scale", "1e12",
                                   "--flops-column", "FLOPs (1E21)", "--flops-scale", "1e21"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let models = try Self.json(try CLIRunner.run(["models", "--db", db, "--format", "json"]).stdout)
        #expect(models.count == 2)
        #expect(Set(models[0].keys) == ["name", "family", "params", "non_embedding_params", "tokens", "training_flops",
                                        "flops_source"])
        #expect(models[0]["name"] as? String == "small" && models[0]["flops_source"] as? String == "estimated")
        #expect(abs((models[0]["training_flops"] as? Double ?? 0) - 6 * 0.5e9 * 0.1e12) < 1e6)
        #expect(models[0]["non_embedding_params"] is NSNull)
        #expect(models[1]["flops_source"] as? String == "given" && models[1]["training_flops"] as? Double == 3.5e21)
        let csvOut = try CLIRunner.run(["models", "--db", db, "--format", "csv"]).stdout
        #expect(csvOut.hasPrefix("name,family,params,non_embedding_params,tokens,training_flops,flops_source\r\n"))
        #expect(csvOut.contains("small,F,500000000.0,,"))
        let table = try CLIRunner.run(["models", "--db", db]).stdout
        #expect(table.split(separator: "\n").count == 4 && table.hasPrefix("name "))

        let wrong = try CLIRunner.run(["import", csv.path, "--kind", "models", "--db", db, "--name-column", "Name"])
        #expect(wrong.exitCode != 0 && wrong.stderr.contains("\"Name\""))
    }

    @Test("import scores (wide) with empty cells; tasks lists them")
    func scoresImport() throws {
        let dir = try makeTemporaryDirectory("cli-store")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        let csv = dir.appendingPathComponent("wide.csv")
        try "name,arc_acc,arc_acc_norm,gsm8k exact_match\nm1,0.3,,0.01\nm2,,0.5,\n".write(to: csv, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["import", csv.path, "--kind", "scores", "--db", db, "--name-column", "name",
                                   "--continuous", "exact_match"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(r.stdout.contains("6 scores"))
        let tasks = try Self.json(try CLIRunner.run(["tasks", "--db", db, "--format", "json"]).stdout)
        #expect(tasks.map { $0["name"] as? String } == ["arc", "gsm8k"])
        let both = try CLIRunner.run(["import", csv.path, "--kind", "scores", "--db", db, "--name-column", "name",
                                      "--continuous", "acc", "--discontinuous", "acc"])
        #expect(both.exitCode != 0 && both.stderr.contains("both"))
    }
}

private final class LockedResults: @unchecked Sendable {
    private var results: [Int: Result<CLIResult, Error>] = [:]
    private let lock = NSLock()
    func set(_ i: Int, _ r: Result<CLIResult, Error>) { lock.lock(); results[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<CLIResult, Error> { lock.lock(); defer { lock.unlock() }; return results[i]! }
}
