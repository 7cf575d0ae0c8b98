import EmergeTestSupport
import Foundation
import Testing

/// End-to-end tests of `predict` and `predict --backtest` through the built binary.
@Suite("CLI: predict")
struct PredictCommandsTests {
    static let stableKeys: Set<String> = ["task", "metric", "family", "method", "cutoff", "model", "predicted", "low",
                                          "high", "observed"]

    @Test("predict prints every larger model with its interval under the stable keys, and writes its report")
    func predictJSONAndReport() throws {
        let dir = try makeTemporaryDirectory("cli-predict")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try FitCommandsTests.simulatedStore(dir)
        let out = dir.appendingPathComponent("report").path
        let r = try CLIRunner.run(["predict", "--db", db, "--metric", "exact-match", "--holdout", "3", "--bootstrap", "30",
                                   "--method", "direct", "--method", "via-continuous", "--format", "json", "--out", out])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let rows = try FitCommandsTests.objects(r.stdout)
        #expect(rows.count == 6)   // 3 models × 2 methods
        for row in rows {
            #expect(Self.stableKeys.isSubset(of: Set(row.keys)))
            let low = try #require(row["low"] as? Double), high = try #require(row["high"] as? Double)
            let predicted = try #require(row["predicted"] as? Double)
            #expect(low <= predicted && predicted <= high)
            #expect(row["metric"] as? String == "exact-match")
        }
        #expect(Set(rows.map { $0["method"] as! String }) == ["direct", "via-continuous"])
        #expect(Set(rows.map { $0["model"] as! String }) == ["sim-12.9B", "sim-35.9B", "sim-100B"])
        let markdown = try String(contentsOfFile: out + "/prediction.md", encoding: .utf8)
        #expect(markdown.contains("## Prediction: simulated-L10"))
        #expect(markdown.contains("](plots/predict--simulated-l10--exact-match--simulated-schaeffer.svg)"))
        let csv = try String(contentsOfFile: out + "/predictions.csv", encoding: .utf8)
        #expect(csv.hasPrefix("task,metric,family,strategy,size_group,method,holdout,cutoff,"))
        #expect(FileManager.default.fileExists(atPath: out + "/plots/predict--simulated-l10--exact-match--simulated-schaeffer.svg"))
    }

    @Test("predict --backtest holds out 1, 2, … models and names the winner")
    func backtest() throws {
        let dir = try makeTemporaryDirectory("cli-predict")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try FitCommandsTests.simulatedStore(dir)
        let json = try CLIRunner.run(["predict", "--db", db, "--metric", "exact-match", "--backtest", "--max-holdout", "2",
                                      "--bootstrap", "20", "--format", "json"])
        #expect(json.exitCode == 0, "\(json.stderr)")
        // Observational has no other task to learn from here: refused, in a sentence on stderr.
        #expect(json.stderr.contains("has no scores on other tasks"))
        let rows = try FitCommandsTests.objects(json.stdout)
        #expect(rows.allSatisfy { Self.stableKeys.isSubset(of: Set($0.keys)) })
        #expect(rows.filter { $0["holdout"] as? Int == 1 }.count == 2)   // direct and via-continuous, one model each
        #expect(rows.filter { $0["holdout"] as? Int == 2 }.count == 4)
        let table = try CLIRunner.run(["predict", "--db", db, "--metric", "exact-match", "--backtest", "--max-holdout", "2",
                                       "--bootstrap", "20"])
        #expect(table.exitCode == 0)
        #expect(table.stdout.contains("mean_abs_error") && table.stdout.contains("(all tasks)"))
        #expect(table.stdout.contains("yes"))
    }

    @Test("a cutoff above every model, too few models and --backtest with --holdout are refused in a sentence")
    func refusals() throws {
        let dir = try makeTemporaryDirectory("cli-predict")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try FitCommandsTests.simulatedStore(dir)
        let above = try CLIRunner.run(["predict", "--db", db, "--metric", "exact-match", "--cutoff", "1e30", "--method", "direct"])
        #expect(above.exitCode != 0)
        #expect(above.stderr.contains("is at or above every model") && above.stderr.contains("nothing to predict"))
        let few = try CLIRunner.run(["predict", "--db", db, "--metric", "exact-match", "--holdout", "8", "--method", "direct"])
        #expect(few.exitCode != 0)
        #expect(few.stderr.contains("only 2 models at or below the cutoff"))
        let both = try CLIRunner.run(["predict", "--db", db, "--backtest", "--holdout", "2"])
        #expect(both.exitCode != 0 && both.stderr.contains("--backtest chooses its own splits"))
        let none = try CLIRunner.run(["predict", "--db", db, "--metric", "acc"])
        #expect(none.exitCode != 0 && none.stderr.contains("Nothing to predict"))
    }
}
