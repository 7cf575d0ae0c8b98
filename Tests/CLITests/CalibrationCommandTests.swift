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

    @Test("calibration --source verbal pools a size's seeds, --per-seed lists them, and report draws the diagrams")
    func statedConfidenceAcrossSeeds() throws {
        let dir = try makeTemporaryDirectory("cli-calibration-verbal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("outputs.jsonl")
        let db = dir.appendingPathComponent("emerge.sqlite").path
        // Two seeds of one size and one smaller model. Seed 0 states 9 and is right on even examples (ECE 0.4);
        // seed 1 states 10 and is always right (ECE 0). Example 9 of seed 1 abstains; example 8 of seed 0 states no rating.
        var lines: [String] = []
        for (model, seed, flops) in [("w64-s0", 0, 2e15), ("w64-s1", 1, 2e15), ("w32-s0", 0, 1e15)] {
            let size = model.prefix(3)
            for i in 0..<10 {
                let right = seed == 1 || i % 2 == 0
                let abstained = model == "w64-s1" && i == 9
                let confidence = model == "w64-s0" && i == 8 ? "null" : (seed == 1 ? "10" : "9")
                let answer = abstained ? "null" : (right ? #""7""# : #""3""#)
                let facts = #"{"family":"ladder","params":1e5,"training_flops":\#(flops),"size_group":"\#(size)","seed":\#(seed)}"#
                lines.append(#"{"model":"\#(model)","model_facts":\#(facts),"task":"t","strategy":"confidence","example":\#(i),"prompt":"Q","target":"7","generated":"x","extracted_answer":\#(answer),"trace":{"confidence":\#(confidence),"abstained":\#(abstained),"stated":"x"}}"#)
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let imported = try CLIRunner.run(["import", file.path, "--kind", "outputs", "--db", db])
        #expect(imported.exitCode == 0, "\(imported.stderr)")

        func json(_ args: [String]) throws -> [[String: Any]] {
            let result = try CLIRunner.run(["calibration", "--db", db, "--format", "json"] + args)
            #expect(result.exitCode == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        }
        let pooled = try json(["--source", "verbal", "--bootstrap", "200"])
        #expect(pooled.map { $0["model"] as? String } == ["w32", "w64"])
        let size = pooled[1]
        #expect(size["seeds"] as? Int == 2 && size["source"] as? String == "verbal" && size["n"] as? Int == 18)
        #expect(size["abstained"] as? Int == 1 && size["unstated"] as? Int == 1 && size["threshold"] as? Double == 0)
        // Seed 0: nine rated answers at 0.9, four right (|4/9 − 0.9|); seed 1: nine at 1.0, all right (0). Mean of the two.
        let seed0 = 0.9 - 4.0 / 9
        #expect(abs((size["ece"] as? Double ?? -1) - seed0 / 2) < 1e-9)
        let low = size["ece_low"] as? Double ?? -1, high = size["ece_high"] as? Double ?? -1
        #expect(low >= 0 && low < seed0 / 2 && high > seed0 / 2)
        // Coverage: seed 0 answered 10 of 10, seed 1 9 of 10; mean 0.95.
        #expect(abs((size["coverage"] as? Double ?? -1) - 0.95) < 1e-9)

        let apart = try json(["--source", "verbal", "--per-seed", "--bootstrap", "0"])
        #expect(apart.map { $0["model"] as? String } == ["w32-s0", "w64-s0", "w64-s1"])
        #expect(abs((apart[1]["ece"] as? Double ?? -1) - seed0) < 1e-9 && apart[2]["ece"] as? Double == 0)
        #expect(apart[1]["ece_low"] is NSNull, "no resamples, no interval")
        let both = try json(["--source", "both", "--bootstrap", "0"])
        #expect(both.map { $0["source"] as? String } == ["probability", "probability", "verbal", "verbal"])
        #expect(both[0]["n"] as? Int == 0 && both[0]["without_confidence"] as? Int == 10, "no tokens, no answer probability")

        let bad = try CLIRunner.run(["calibration", "--db", db, "--source", "words"])
        #expect(bad.exitCode != 0 && bad.stderr.contains("--source must be probability, verbal or both"))

        let out = dir.appendingPathComponent("report")
        let report = try CLIRunner.run(["report", "--db", db, "--out", out.path, "--bootstrap", "20"])
        #expect(report.exitCode == 0, "\(report.stderr)")
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("### Calibration") && md.contains("w64 (2 seeds)"))
        let svg = try String(contentsOf: out.appendingPathComponent("plots/t--reliability--w64-s1--confidence.svg"), encoding: .utf8)
        #expect(svg.contains("data-source=\"verbal\" data-count=\"9\" data-confidence=\"1.0\" data-accuracy=\"1.0\""))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("plots/t--calibration--ece.svg").path))
    }
}
