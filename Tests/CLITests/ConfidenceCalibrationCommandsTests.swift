import EmergeTestSupport
import Foundation
import ResultsStore
import Testing

/// `eval --strategy confidence` and a template that runs as `confidence`,
/// then `calibration --source verbal` and `cot-report` on what they stored,
/// through the built binary with the tiny GPT-2 checkpoint of the
/// InferenceCore tests (random weights: whatever it writes, every output
/// must be accounted for as rated, unstated or abstained). And a re-run
/// whose `--verification-rounds` differs from the stored run's is refused.
@Suite("CLI: stated confidence from eval to calibration, and settings outside a run's key")
struct ConfidenceCalibrationCommandsTests {
    static let gpt2 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("InferenceCoreTests/Fixtures/models/gpt2-tiny").path

    /// What a stored output stated, read from its trace as docs/metrics.md#verbalised-confidence says.
    enum Stated { case rated, unstated, abstained }

    static func stated(_ trace: TraceValue?) -> Stated {
        if trace?["abstained"] == .bool(true) { return .abstained }
        if case .integer(let rating)? = trace?["confidence"], (1...10).contains(rating) { return .rated }
        return .unstated
    }

    @Test("eval --strategy confidence and a confidence template: calibration counts every output, as cot-report does")
    func confidenceThroughCalibration() throws {
        let root = try makeTemporaryDirectory("cli-confidence-calibration")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("store.sqlite").path
        let template = root.appendingPathComponent("sure.template").path
        try """
            name: sure
            strategy: confidence
            --- preamble
            Say "I don't know" when unsure, then give a line "Confidence: N" from 1 to 10.

            --- body
            {prompt}
            """.write(toFile: template, atomically: true, encoding: .utf8)
        let examples = 4
        let eval = ["eval", "--model", Self.gpt2, "--task", "add2", "--examples", String(examples), "--limit", String(examples),
                    "--max-tokens", "8", "--format", "json", "--db", path]
        for args in [["--strategy", "confidence"], ["--template", template]] {
            let result = try CLIRunner.run(eval + args)
            #expect(result.exitCode == 0, "\(args): \(result.stderr)")
        }

        let database = try ResultsDatabase(path: path)
        var expected: [String: [Stated: Int]] = [:]
        for strategy in ["confidence", "template:sure"] {
            let run = try #require(try database.runs(task: "add2", strategy: strategy).first, "\(strategy)")
            let outputs = try database.outputs(runID: run.id)
            #expect(outputs.count == examples && outputs.allSatisfy { $0.trace != nil })
            expected[strategy] = Dictionary(grouping: outputs.map { Self.stated($0.trace) }, by: { $0 }).mapValues(\.count)
        }

        let result = try CLIRunner.run(["calibration", "--source", "verbal", "--bootstrap", "0", "--format", "json", "--db", path])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["strategy"] as? String } == ["confidence", "template:sure"], "\(result.stdout)")
        for row in rows {
            let strategy = row["strategy"] as? String ?? ""
            let counts = expected[strategy] ?? [:]
            let rated = row["n"] as? Int, unstated = row["unstated"] as? Int, abstained = row["abstained"] as? Int
            #expect(rated == counts[.rated] ?? 0 && unstated == counts[.unstated] ?? 0 && abstained == counts[.abstained] ?? 0,
                    "\(strategy): \(row) against \(counts)")
            #expect((rated ?? 0) + (unstated ?? 0) + (abstained ?? 0) == examples && row["without_confidence"] as? Int == 0)
        }
        let table = try CLIRunner.run(["calibration", "--source", "verbal", "--bootstrap", "0", "--db", path])
        #expect(table.exitCode == 0 && table.stdout.contains("template:sure"), "\(table.stdout)")

        let out = root.appendingPathComponent("cot").path
        let report = try CLIRunner.run(["cot-report", "--model", Self.gpt2, "--task", "add2", "--out", out, "--db", path])
        #expect(report.exitCode == 0, "\(report.stderr)")
        let markdown = try String(contentsOfFile: out + "/cot.md", encoding: .utf8)
        for strategy in ["confidence", "template:sure"] {
            let counts = expected[strategy] ?? [:]
            let row = "| gpt2-tiny | \(strategy) | \(examples) | – | – | \(counts[.abstained] ?? 0) | \(counts[.unstated] ?? 0) | – |"
            #expect(markdown.contains(row), "\(row)\n\(markdown)")
        }
    }

    @Test("a re-run with other --verification-rounds is refused with the stored value; the same value resumes")
    func verificationRoundsKeepOneRun() throws {
        let root = try makeTemporaryDirectory("cli-stored-settings")
        defer { try? FileManager.default.removeItem(at: root) }
        let eval = ["eval", "--model", Self.gpt2, "--task", "add2", "--examples", "2", "--max-tokens", "4",
                    "--strategy", "self-verification", "--format", "json", "--db", root.appendingPathComponent("s.sqlite").path]
        let first = try CLIRunner.run(eval + ["--limit", "1"])
        #expect(first.exitCode == 0, "\(first.stderr)")
        let other = try CLIRunner.run(eval + ["--verification-rounds", "2"])
        #expect(other.exitCode != 0)
        #expect(other.stderr.contains("was made with --verification-rounds 1, and this eval asks for --verification-rounds 2"),
                "\(other.stderr)")
        let same = try CLIRunner.run(eval)
        #expect(same.exitCode == 0, "\(same.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(same.stdout.utf8)) as? [[String: Any]]
        #expect(summary?.first?["skipped"] as? Int == 1 && summary?.first?["evaluated"] as? Int == 1, "\(same.stdout)")
    }
}
