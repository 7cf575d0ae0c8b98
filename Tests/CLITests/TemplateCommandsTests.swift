import EmergeTestSupport
import Foundation
import ResultsStore
import Testing

/// End-to-end tests of templates through the built binary: `templates`
/// lists and shows them, and `eval --template` runs a built-in and a file
/// with the tiny GPT-2 checkpoint of the InferenceCore tests (a byte-level
/// vocabulary, so every prompt reaches it), resumes, and is found again by
/// `show-trees` and `cot-report`.
@Suite("CLI: prompt templates")
struct TemplateCommandsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let gpt2 = root.appendingPathComponent("Tests/InferenceCoreTests/Fixtures/models/gpt2-tiny").path
    static let bareQA = root.appendingPathComponent("data/templates/bare-qa.template").path

    @Test("templates: the built-ins with their full text; one by name or file; unknown names and bad files refused")
    func listing() throws {
        let json = try CLIRunner.run(["templates", "--format", "json"])
        #expect(json.exitCode == 0, "\(json.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let names = rows.compactMap { $0["name"] as? String }
        #expect(names.starts(with: ["standard", "few-shot", "zero-shot-cot"]))
        #expect(names.suffix(9) == ["tutorial-standard", "tutorial-cot", "tutorial-zero-shot-cot", "tutorial-few-shot-cot",
                                    "tutorial-enhanced", "tutorial-persona-basic", "tutorial-persona-expert",
                                    "tutorial-persona-teacher", "tutorial-persona-programmer"])
        let fewShot = try #require(rows.first { $0["name"] as? String == "tutorial-few-shot-cot" })
        #expect(fewShot["stored_as"] as? String == "template:tutorial-few-shot-cot" && fewShot["strategy"] as? String == "few-shot-cot")
        #expect(fewShot["preamble"] as? String == "Solve the following problems step by step:\n\n")
        #expect(fewShot["exemplar"] as? String == "Q: {exemplar_bare_question}\nA: {exemplar_reasoning}\n   The answer is {exemplar_answer}.\n\n")
        #expect(fewShot["exemplars"] as? Int == 2 && fewShot["samples"] as? Int == 5)
        #expect(rows.first { $0["name"] as? String == "zero-shot-cot" }?["stored_as"] as? String == "zero-shot-cot")

        let table = try CLIRunner.run(["templates"])
        #expect(table.exitCode == 0 && table.stdout.hasPrefix("name "), "\(table.stderr)")
        #expect(table.stdout.contains("== tutorial-enhanced ==\nname: tutorial-enhanced\n"))
        #expect(table.stdout.contains("Let me work through this systematically.\n\n--- end\n"))

        let one = try CLIRunner.run(["templates", "tutorial-zero-shot-cot"])
        #expect(one.stdout == "name: tutorial-zero-shot-cot\ndescription: the tutorial's zero_shot_cot: the question and the step-by-step trigger\nstrategy: zero-shot-cot\n--- body\n\nQ: {bare_question}\nA: Let's think step by step.\n--- end\n")
        let file = try CLIRunner.run(["templates", Self.bareQA, "--format", "csv"])
        #expect(file.exitCode == 0 && file.stdout.contains("\nbare-qa,standard,template:bare-qa,"), "\(file.stdout)")

        let unknown = try CLIRunner.run(["templates", "tutorial-cto"])
        #expect(unknown.exitCode != 0 && unknown.stderr.contains("No built-in template is named tutorial-cto"), "\(unknown.stderr)")
        let folder = try makeTemporaryDirectory("cli-templates-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.template").path
        try "name: bad\nstrategy: standard\n--- body\nQ: {qestion}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try CLIRunner.run(["templates", bad])
        #expect(refused.exitCode != 0 && refused.stderr.contains("\(bad):4:4: unknown slot {qestion} in --- body"), "\(refused.stderr)")
        let both = try CLIRunner.run(["eval", "--model", Self.gpt2, "--task", "add2", "--strategy", "standard", "--template", "tutorial-cot"])
        #expect(both.exitCode != 0 && both.stderr.contains("Give --strategy or --template, not both."), "\(both.stderr)")
    }

    @Test("eval --template: a built-in and a file stored as template:<name>, resumed, found by show-trees and cot-report")
    func evalWithTemplates() throws {
        let folder = try makeTemporaryDirectory("cli-templates-eval")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        let base = ["eval", "--model", Self.gpt2, "--task", "add2", "--examples", "2", "--limit", "2", "--max-tokens", "6",
                    "--format", "json", "--db", path]
        func summary(_ args: [String]) throws -> [String: Any] {
            let result = try CLIRunner.run(base + args)
            #expect(result.exitCode == 0, "\(args): \(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return try #require(rows.first)
        }
        let first = try summary(["--template", "tutorial-few-shot-cot"])
        #expect(first["strategy"] as? String == "template:tutorial-few-shot-cot" && first["evaluated"] as? Int == 2)
        let again = try summary(["--template", "tutorial-few-shot-cot"])
        #expect(again["evaluated"] as? Int == 0 && again["skipped"] as? Int == 2)
        #expect(try summary(["--template", Self.bareQA])["strategy"] as? String == "template:bare-qa")
        #expect(try summary(["--strategy", "standard"])["strategy"] as? String == "standard")
        // A template's own settings give its run: self-consistency over two samples.
        let voting = folder.appendingPathComponent("vote.template").path
        try "name: vote\nstrategy: self-consistency\nsamples: 2\n--- body\n{question} Let's think step by step.\n"
            .write(toFile: voting, atomically: true, encoding: .utf8)
        #expect(try summary(["--template", voting])["strategy"] as? String == "template:vote")

        let database = try ResultsDatabase(path: path)
        let run = try #require(try database.runs(task: "add2", strategy: "template:tutorial-few-shot-cot").first)
        let outputs = try database.outputs(runID: run.id)
        #expect(outputs.map(\.example) == [0, 1])
        // The prompt exactly as shown is the trace; the output's prompt is the task's question.
        guard case .object(let trace)? = outputs[0].trace, case .string(let prompt)? = trace["prompt"] else {
            Issue.record("no prompt in the trace of \(String(describing: outputs[0].trace))"); return
        }
        let question = try #require(outputs[0].prompt)
        #expect(prompt.hasPrefix("Solve the following problems step by step:\n\nQ: "))
        #expect(prompt.components(separatedBy: "   The answer is ").count == 3)
        #expect(prompt.hasSuffix("Q: \(question.replacingOccurrences(of: "Q: ", with: "").replacingOccurrences(of: " A: ", with: ""))\nA: Let's think step by step."))
        let votes = try #require(try database.runs(task: "add2", strategy: "template:vote").first)
        let voteOutputs = try database.outputs(runID: votes.id)
        #expect(votes.decoding.samples == 2 && voteOutputs.count == 4)

        let trees = try CLIRunner.run(["show-trees", "--model", Self.gpt2, "--task", "add2", "--template", voting,
                                       "--max-tokens", "6", "--db", path])
        #expect(trees.exitCode == 0 && trees.stdout.hasPrefix("== gpt2-tiny ==\nexample 0: "), "\(trees.stderr)")
        let report = folder.appendingPathComponent("cot").path
        let cot = try CLIRunner.run(["cot-report", "--model", Self.gpt2, "--task", "add2", "--out", report, "--db", path])
        #expect(cot.exitCode == 0 && cot.stdout.contains("(1 models, 4 strategies)"), "\(cot.stdout) \(cot.stderr)")
        let csv = try String(contentsOfFile: report + "/cot.csv", encoding: .utf8)
        #expect(csv.contains(",template:tutorial-few-shot-cot,") && csv.contains(",template:bare-qa,") && csv.contains(",template:vote"))
    }
}
