import EmergeTestSupport
import Foundation
import Testing

/// `mirage` with its reasons and verdict shares, through the built binary (docs/verdict.md).
@Suite("CLI: mirage verdicts, reasons and shares")
struct MirageCommandsTests {
    @Test("verdict shares, uncertainty and surprise intervals over the simulated family")
    func shares() throws {
        let dir = try makeTemporaryDirectory("cli-mirage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try FitCommandsTests.simulatedStore(dir)
        let r = try CLIRunner.run(["mirage", "--db", db, "--bootstrap", "50", "--seed", "2", "--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let g = try #require(try FitCommandsTests.objects(r.stdout).first)
        #expect(g["verdict"] as? String == "metric-induced")
        #expect(g["resamples"] as? Int == 50)
        let shares = try #require(g["verdict_shares"] as? [String: Double])
        #expect(abs(shares.values.reduce(0, +) - 1) < 1e-9)
        #expect(Set(shares.keys) == ["metric-induced", "persists", "no-emergence", "insufficient-data"])
        #expect(g["uncertain"] as? Bool == ((shares["metric-induced"] ?? 0) < 0.8))
        let metrics = try #require(g["metrics"] as? [[String: Any]])
        for m in metrics {
            let ci = try #require(m["surprise_ci"] as? [Double], "\(m["metric"] ?? "?")")
            #expect(ci.count == 2 && ci[0] <= ci[1])
        }
        // The same seed gives the same output; the table names the shares.
        let again = try CLIRunner.run(["mirage", "--db", db, "--bootstrap", "50", "--seed", "2", "--format", "json"])
        #expect(again.stdout == r.stdout)
        let table = try CLIRunner.run(["mirage", "--db", db, "--bootstrap", "50", "--seed", "2"])
        #expect(table.stdout.contains("metric-induced "))
        #expect(table.stdout.split(separator: "\n")[0].contains("shares"))
        #expect(table.stdout.contains("%"))
        // CSV: the verdict stays a closed value; `uncertain` is the last column, agreeing with JSON.
        let csv = try CLIRunner.run(["mirage", "--db", db, "--bootstrap", "50", "--seed", "2", "--format", "csv"])
        let lines = csv.stdout.split(whereSeparator: \.isNewline)
        #expect(lines[0].hasSuffix(",uncertain"))
        #expect(lines[1].hasPrefix("metric-induced,"))
        #expect(lines[1].hasSuffix(",\(g["uncertain"] as? Bool ?? true)"))
    }

    @Test("a jump the rule cannot test is insufficient data, with the reason in the table, CSV and JSON")
    func insufficientData() throws {
        let dir = try makeTemporaryDirectory("cli-mirage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        let models = dir.appendingPathComponent("models.csv")
        try "name,family,flops\nr1,ladder,1.97e11\nr2,ladder,1.03e12\nr3,ladder,2.02e12\nr4,ladder,4.92e12\nr5,ladder,1.03e13\n"
            .write(to: models, atomically: true, encoding: .utf8)
        let scores = dir.appendingPathComponent("scores.csv")
        try ("model,task,metric,value,stderr,n\n"
             + "r1,add2,exact-match,0.02,0.0097,200\nr2,add2,exact-match,0.085,0.0202,200\nr3,add2,exact-match,0.89,0.0227,200\n"
             + "r4,add2,exact-match,0.975,0.0107,200\nr5,add2,exact-match,1.0,0,200\n"
             + "r1,add2,token-accuracy,0.589,0.0088,200\nr2,add2,token-accuracy,0.734,0.0083,200\n"
             + "r3,add2,token-accuracy,0.9725,0.0057,200\nr4,add2,token-accuracy,0.994,0.0027,200\n"
             + "r5,add2,token-accuracy,1.0,0,200\n")
            .write(to: scores, atomically: true, encoding: .utf8)
        #expect(try CLIRunner.run(["import", models.path, "--kind", "models", "--name-column", "name", "--family-column",
                                   "family", "--flops-column", "flops", "--db", db]).exitCode == 0)
        #expect(try CLIRunner.run(["import", scores.path, "--kind", "scores", "--db", db]).exitCode == 0)

        let json = try CLIRunner.run(["mirage", "--db", db, "--bootstrap", "40", "--format", "json"])
        #expect(json.exitCode == 0, "\(json.stderr)")
        let g = try #require(try FitCommandsTests.objects(json.stdout).first)
        #expect(g["verdict"] as? String == "insufficient-data")
        let reason = try #require(g["reason"] as? String)
        #expect(reason.contains("between r2 and r3") && reason.contains("add 1 model between r2 and r3, or 1 smaller model"))
        #expect((g["verdict_shares"] as? [String: Double]) == ["insufficient-data": 1, "metric-induced": 0, "persists": 0,
                                                                "no-emergence": 0])

        let table = try CLIRunner.run(["mirage", "--db", db, "--bootstrap", "40"])
        let lines = table.stdout.split(separator: "\n")
        #expect(lines[0].hasSuffix("reason"))
        #expect(lines[2].hasPrefix("insufficient-data") && lines[2].contains("add 1 model between r2 and r3"))
        // Tables name the reason once per group, CSV on every row.
        #expect(lines.count == 4 && !lines[3].contains("add 1 model"))
        let csv = try CLIRunner.run(["mirage", "--db", db, "--bootstrap", "40", "--format", "csv"])
        #expect(csv.stdout.components(separatedBy: "add 1 model between r2 and r3").count == 3)
        #expect(csv.stdout.contains("insufficient-data=1.0"))
    }
}
