import EmergeTestSupport
import Foundation
import ResultsStore
import Testing

/// End-to-end tests of BIG-bench tasks through the built binary: `import
/// --kind bigbench`, then `eval --shots` with the tiny GPT-2 checkpoint of
/// the InferenceCore tests, then `metrics`.
@Suite("CLI: BIG-bench tasks")
struct BigBenchCommandsTests {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = tests.appendingPathComponent("TaskSuiteTests/Fixtures/bigbench").path
    static let gpt2 = tests.appendingPathComponent("InferenceCoreTests/Fixtures/models/gpt2-tiny").path

    @Test("import a folder: one line per task, idempotent, tasks listed with their kinds")
    func importFolder() throws {
        let root = try makeTemporaryDirectory("cli-bigbench")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = ["--db", root.appendingPathComponent("store.sqlite").path]
        let first = try CLIRunner.run(["import", Self.fixtures, "--kind", "bigbench"] + store)
        #expect(first.exitCode == 0, "\(first.stderr)")
        #expect(first.stdout.contains("arithmetic:2_digit_addition: generation, 20 examples, 20 with choices\n"))
        #expect(first.stdout.contains("word_unscrambling: generation, 15 examples, 5 with several acceptable targets\n"))
        #expect(first.stdout.contains(": 5 tasks, 105 examples."))
        let second = try CLIRunner.run(["import", Self.fixtures, "--kind", "bigbench"] + store)
        #expect(second.exitCode == 0 && second.stdout == first.stdout)

        let tasks = try CLIRunner.run(["tasks", "--format", "json"] + store)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(tasks.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String ?? "" } == ["analogical_similarity", "arithmetic:2_digit_addition",
                                                             "arithmetic:3_digit_subtraction", "simple_arithmetic_json",
                                                             "word_unscrambling"])
        #expect(rows.map { $0["kind"] as? String ?? "" } == ["multiple-choice", "generation", "generation", "generation",
                                                             "generation"])
        #expect(rows.map { $0["examples"] as? Int ?? 0 } == [20, 20, 20, 30, 15])
    }

    @Test("a bad task file: one sentence naming the file and example, exit 1, nothing written")
    func badFile() throws {
        let root = try makeTemporaryDirectory("cli-bigbench-bad")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = ["--db", root.appendingPathComponent("store.sqlite").path]
        let file = root.appendingPathComponent("task.json")
        try #"{"name": "t", "examples": [{"input": "a", "target": "b"}, {"input": "c", "targets": ["d"]}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["import", file.path, "--kind", "bigbench"] + store)
        #expect(result.exitCode != 0)
        #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            == "Error: Import failed, nothing was written: \(file.path): example 1: has neither \"target\" nor \"target_scores\"; one of them is needed.")
        let tasks = try CLIRunner.run(["tasks", "--format", "json"] + store)
        #expect((try JSONSerialization.jsonObject(with: Data(tasks.stdout.utf8)) as? [Any])?.isEmpty == true)
    }

    @Test("eval a subtask 2-shot with GPT-2: prompts hold the exemplars, metrics list exact match and per-token metrics")
    func evalTwoShot() throws {
        let root = try makeTemporaryDirectory("cli-bigbench-eval")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("store.sqlite").path
        let store = ["--db", path]
        #expect(try CLIRunner.run(["import", Self.fixtures, "--kind", "bigbench"] + store).exitCode == 0)
        let eval = try CLIRunner.run(["eval", "--model", Self.gpt2, "--task", "arithmetic:2_digit_addition",
                                      "--shots", "2", "--limit", "5", "--format", "json"] + store)
        #expect(eval.exitCode == 0, "\(eval.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [[String: Any]])
        #expect(summary.first?["strategy"] as? String == "2-shot" && summary.first?["evaluated"] as? Int == 5)

        let database = try ResultsDatabase(path: path)
        let run = try #require(try database.runs(task: "arithmetic:2_digit_addition", strategy: "2-shot").first)
        let outputs = try database.outputs(runID: run.id)
        #expect(outputs.map(\.example) == [0, 1, 2, 3, 4])
        for output in outputs {
            #expect(output.extractionRule == "bigbench" && output.extractedAnswer != nil && output.generated != nil)
            #expect(output.choices?.count == 7 && output.targetTokens?.isEmpty == false)
        }
        // Example 0's prompt: examples 1 and 6 with their answers, then the question.
        guard case .object(let trace)? = outputs[0].trace, case .string(let prompt)? = trace["prompt"] else {
            Issue.record("example 0 has no prompt in its trace"); return
        }
        #expect(prompt.hasPrefix("\nQ: What is 36 plus 97?\n  choice: 133\n"))
        #expect(prompt.contains("  choice: house\nA: 133\n\nQ: What is 79 plus 14?\n"))
        #expect(prompt.contains("  choice: house\nA: 93\n\nQ: What is 80 plus 29?\n"))
        #expect(prompt.hasSuffix(outputs[0].prompt ?? "-"))

        let metrics = try CLIRunner.run(["metrics", "--task", "arithmetic:2_digit_addition", "--format", "json"] + store)
        #expect(metrics.exitCode == 0, "\(metrics.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(metrics.stdout.utf8)) as? [[String: Any]])
        let names = Set(rows.filter { $0["strategy"] as? String == "2-shot" }.compactMap { $0["metric"] as? String })
        #expect(names.isSuperset(of: ["exact-match", "multiple-choice-grade", "token-accuracy", "log-likelihood",
                                      "target-probability", "brier"]), "\(names)")
        #expect(rows.allSatisfy { ($0["n"] as? Int) == 5 })
    }

    @Test("--help documents --kind bigbench and --shots")
    func help() throws {
        let importHelp = try CLIRunner.run(["import", "--help"])
        #expect(importHelp.stdout.contains("bigbench a BIG-bench task.json"))
        let evalHelp = try CLIRunner.run(["eval", "--help"])
        #expect(evalHelp.stdout.contains("--shots <shots>"))
        #expect(evalHelp.stdout.contains("BIG-bench tasks (import --kind bigbench"))
    }
}
