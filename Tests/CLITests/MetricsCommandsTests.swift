import EmergeTestSupport
import Foundation
import Testing

/// End-to-end: `simulate` → `import --kind outputs` → `metrics`, through the
/// built binary, with values checked against the simulator's closed forms.
@Suite("CLI: simulate and metrics")
struct MetricsCommandsTests {
    static func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    /// A store holding a simulated family of 4 models (1e7, 2.15e8, 4.64e9,
    /// 1e11 parameters), 300 examples of 5-token answers each.
    static func simulatedStore(in dir: URL) throws -> String {
        let file = dir.appendingPathComponent("sim.jsonl").path
        let db = dir.appendingPathComponent("emerge.sqlite").path
        let sim = try CLIRunner.run(["simulate", "--out", file, "--models", "4", "--target-tokens", "5",
                                     "--examples", "300", "--seed", "3"])
        #expect(sim.exitCode == 0, "\(sim.stderr)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4 * 300)
        let imported = try CLIRunner.run(["import", file, "--kind", "outputs", "--db", db])
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        return db
    }

    @Test("metrics --format json matches the closed forms of the simulated family")
    func simulatedMetricsMatchClosedForms() throws {
        let dir = try makeTemporaryDirectory("cli-metrics")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.simulatedStore(in: dir)
        let result = try CLIRunner.run(["metrics", "--db", db, "--format", "json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let rows = try Self.json(result.stdout)
        #expect(rows.count == 4 * 6) // every metric but multiple-choice grade
        let keys: Set<String> = ["model", "family", "task", "metric", "strategy", "value", "ci_low", "ci_high", "n", "class"]
        for row in rows {
            #expect(keys.isSubset(of: Set(row.keys)))
            #expect(row["family"] as? String == "simulated-schaeffer")
            #expect(row["task"] as? String == "simulated-L5")
            #expect(row["strategy"] as? String == "standard")
            #expect(row["n"] as? Int == 300)
            let value = try #require(row["value"] as? Double)
            let low = try #require(row["ci_low"] as? Double), high = try #require(row["ci_high"] as? Double)
            #expect(low <= value && value <= high)
        }
        func curve(_ metric: String) throws -> [(model: String, value: Double, klass: String)] {
            try rows.filter { $0["metric"] as? String == metric }.map {
                (try #require($0["model"] as? String), try #require($0["value"] as? Double),
                 try #require($0["class"] as? String))
            }
        }
        // Listed smallest model first; p = exp(−(N/1e7)^−0.5).
        let params = (0..<4).map { pow(10, 7 + 4 * Double($0) / 3) }
        let p = params.map { exp(-pow($0 / 1e7, -0.5)) }
        let exact = try curve("exact-match"), accuracy = try curve("token-accuracy")
        let loglik = try curve("log-likelihood"), edit = try curve("token-edit-distance")
        #expect(exact.map(\.model) == ["sim-10M", "sim-215M", "sim-4.64B", "sim-100B"])
        #expect(exact.allSatisfy { $0.klass == "threshold" } && edit.allSatisfy { $0.klass == "per-token" })
        #expect(try curve("target-probability").allSatisfy { $0.klass == "nonlinear" })
        for i in 0..<4 {
            let pL = pow(p[i], 5)
            #expect(abs(exact[i].value - pL) <= 4 * (pL * (1 - pL) / 300).squareRoot() + 1e-3, "model \(i)")
            #expect(abs(accuracy[i].value - p[i]) <= 4 * (p[i] * (1 - p[i]) / 1500).squareRoot(), "model \(i)")
            #expect(abs(loglik[i].value - log(p[i])) < 1e-9)
            #expect(edit[i].value <= 5 * (1 - p[i]) + 4 * (5 * p[i] * (1 - p[i]) / 300).squareRoot())
        }
        // The mirage: exact match starts near 0 while token accuracy is already 0.37.
        #expect(exact[0].value < 0.02 && accuracy[0].value > 0.3)
    }

    @Test("metrics filters by metric, prints CSV, is deterministic, and lists imported scores with a null strategy")
    func filtersFormatsAndImportedScores() throws {
        let dir = try makeTemporaryDirectory("cli-metrics")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.simulatedStore(in: dir)
        let csv = try CLIRunner.run(["metrics", "--db", db, "--metric", "exact-match", "--metric", "brier",
                                     "--format", "csv"])
        #expect(csv.exitCode == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(whereSeparator: \.isNewline)
        #expect(lines.first?.hasPrefix("model,family,task,metric,strategy,value,ci_low,ci_high,n,class") == true)
        #expect(lines.count == 1 + 8)
        let again = try CLIRunner.run(["metrics", "--db", db, "--metric", "exact-match", "--metric", "brier",
                                       "--format", "csv"])
        #expect(again.stdout == csv.stdout)
        #expect(try Self.json(CLIRunner.run(["metrics", "--db", db, "--family", "nobody", "--format", "json"]).stdout).isEmpty)

        let scores = dir.appendingPathComponent("scores.csv")
        try "model,task,metric,value,stderr,n\nsim-10M,arc,acc,0.25,,400\nsim-100B,arc,acc,,,\n"
            .write(to: scores, atomically: true, encoding: .utf8)
        let imported = try CLIRunner.run(["import", scores.path, "--kind", "scores", "--db", db])
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        let rows = try Self.json(CLIRunner.run(["metrics", "--db", db, "--task", "arc", "--format", "json"]).stdout)
        #expect(rows.count == 1) // the empty cell is missing, not zero
        #expect(rows.first?["strategy"] is NSNull)
        #expect(rows.first?["class"] as? String == "threshold")
        #expect(rows.first?["value"] as? Double == 0.25 && rows.first?["n"] as? Int == 400)
    }

    @Test("bad input gives one sentence on stderr and a non-zero exit")
    func errors() throws {
        let dir = try makeTemporaryDirectory("cli-metrics")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try CLIRunner.run(["metrics", "--db", dir.appendingPathComponent("none.sqlite").path])
        #expect(missing.exitCode != 0 && missing.stderr.contains("none.sqlite"))
        let db = try Self.simulatedStore(in: dir)
        let unknown = try CLIRunner.run(["metrics", "--db", db, "--metric", "bogus"])
        #expect(unknown.exitCode != 0 && unknown.stderr.contains("bogus"))
        #expect(unknown.stderr.split(whereSeparator: \.isNewline).count == 1)
        let badSim = try CLIRunner.run(["simulate", "--out", dir.appendingPathComponent("x.jsonl").path, "--models", "0"])
        #expect(badSim.exitCode != 0 && badSim.stderr.contains("--models"))
    }
}
