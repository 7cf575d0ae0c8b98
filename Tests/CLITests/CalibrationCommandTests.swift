import EmergeTestSupport
import Foundation
import Testing

/// `import` → `calibration` through the built binary, on outputs whose
/// answer probabilities are set by hand.
@Suite("CLI: calibration")
struct CalibrationCommandTests {
    @Test("calibration prints ECE, Brier and coverage per run, and refuses bad options")
    func calibrationOfAHandMadeRun() throws {
        let dir = try makeTemporaryDirectory("cli-calibration")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("outputs.jsonl")
        let db = dir.appendingPathComponent("emerge.sqlite").path
        // 0.9 sure of every answer, right on even examples: ECE 0.4, Brier 0.41.
        let lines = (0..<10).map { i -> String in
            let answer = i % 2 == 0 ? "7" : "3"
            return #"{"model":"m","task":"t","strategy":"standard","example":\#(i),"prompt":"Q","target":"7","generated":"\#(answer)","generated_tokens":[{"token_id":1,"token":"\#(answer)","logprob":\#(log(0.9))}]}"#
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let imported = try CLIRunner.run(["import", file.path, "--kind", "outputs", "--db", db])
        #expect(imported.exitCode == 0, "\(imported.stderr)")

        let result = try CLIRunner.run(["calibration", "--db", db, "--format", "json", "--threshold", "0.8"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first)
        #expect(rows.count == 1 && row["model"] as? String == "m" && row["n"] as? Int == 10)
        #expect(abs((row["ece"] as? Double ?? -1) - 0.4) < 1e-9)
        #expect(abs((row["brier"] as? Double ?? -1) - 0.41) < 1e-9)
        #expect(row["coverage"] as? Double == 1 && row["selective_accuracy"] as? Double == 0.5)
        #expect(row["bins"] as? Int == 1 && row["without_confidence"] as? Int == 0)

        let bad = try CLIRunner.run(["calibration", "--db", db, "--bins", "0"])
        #expect(bad.exitCode != 0 && bad.stderr.contains("--bins must be at least 1"))
    }
}
