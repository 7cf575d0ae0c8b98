import EmergeTestSupport
import Foundation
import Testing

/// End-to-end tests of `fit`, `fit-loss`, `emergence` and `mirage` through the built binary.
@Suite("CLI: fit commands")
struct FitCommandsTests {
    static func objects(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    /// A store holding the simulated Schaeffer family (10 models, 100 examples).
    static func simulatedStore(_ dir: URL) throws -> String {
        let jsonl = dir.appendingPathComponent("sim.jsonl").path, db = dir.appendingPathComponent("e.sqlite").path
        let s = try CLIRunner.run(["simulate", "--out", jsonl, "--examples", "100", "--seed", "3"])
        #expect(s.exitCode == 0, "\(s.stderr)")
        let i = try CLIRunner.run(["import", jsonl, "--kind", "outputs", "--db", db])
        #expect(i.exitCode == 0, "\(i.stderr)")
        return db
    }

    @Test("fit-loss recovers a known Chinchilla law and prints the contract keys")
    func fitLoss() throws {
        let dir = try makeTemporaryDirectory("cli-fit")
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "params,flops,loss\n"
        for i in 0..<6 { for j in 0..<5 {
            let n = pow(10, 7 + 0.6 * Double(i)), d = pow(10, 9 + 0.7 * Double(j))
            csv += "\(n),\(6 * n * d),\(1.69 + 406.4 / pow(n, 0.34) + 410.7 / pow(d, 0.28))\n"
        } }
        csv += "1e9,,3.0\n"  // a missing cell is left out, not a crash
        let file = dir.appendingPathComponent("loss.csv").path
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["fit-loss", file, "--law", "chinchilla", "--n-column", "params", "--loss-column", "loss",
                                   "--flops-column", "flops", "--bootstrap", "4", "--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(o.keys).isSuperset(of: ["E", "A", "B", "alpha", "beta", "huber_loss", "n", "stderr"]))
        #expect(abs((o["E"] as! Double) - 1.69) < 0.01)
        #expect(abs((o["alpha"] as! Double) - 0.34) < 0.01)
        #expect(abs((o["beta"] as! Double) - 0.28) < 0.01)
        #expect(o["n"] as? Int == 30)
        let bad = try CLIRunner.run(["fit-loss", file, "--law", "chinchilla", "--n-column", "N", "--loss-column", "loss",
                                     "--flops-column", "flops"])
        #expect(bad.exitCode != 0)
        #expect(bad.stderr.contains("no column named \"N\""))
        let neither = try CLIRunner.run(["fit-loss", file, "--law", "chinchilla", "--n-column", "params", "--loss-column", "loss"])
        #expect(neither.exitCode != 0)
    }

    @Test("fit, emergence and mirage over the simulated family")
    func storeCommands() throws {
        let dir = try makeTemporaryDirectory("cli-fit")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.simulatedStore(dir)

        let fit = try CLIRunner.run(["fit", "--db", db, "--metric", "log-likelihood", "--holdout", "2",
                                     "--bootstrap", "20", "--format", "json"])
        #expect(fit.exitCode == 0, "\(fit.stderr)")
        let fits = try Self.objects(fit.stdout)
        #expect(fits.count == 1)
        let f = fits[0]
        for key in ["task", "metric", "family", "law", "params", "r2", "aic", "bic", "n", "holdout"] {
            #expect(f[key] != nil, "missing \(key)")
        }
        #expect(f["metric"] as? String == "log-likelihood")
        #expect(f["n"] as? Int == 10)
        let holdout = try #require(f["holdout"] as? [String: Any])
        #expect(holdout["k"] as? Int == 2)
        #expect(holdout["rmse"] is Double)
        #expect((f["r2"] as! Double) > 0.9)

        let sigmoid = try CLIRunner.run(["fit", "--db", db, "--metric", "exact-match", "--law", "sigmoid-log",
                                         "--x", "params", "--bootstrap", "0", "--format", "csv"])
        #expect(sigmoid.exitCode == 0, "\(sigmoid.stderr)")
        #expect(sigmoid.stdout.hasPrefix("task,metric,family,strategy,law,params,r2,aic,bic,n"))
        #expect(sigmoid.stdout.contains("sigmoid-log"))

        let em = try CLIRunner.run(["emergence", "--db", db, "--bootstrap", "20", "--format", "json"])
        #expect(em.exitCode == 0, "\(em.stderr)")
        let rows = try Self.objects(em.stdout)
        let byMetric = Dictionary(uniqueKeysWithValues: rows.map { ($0["metric"] as! String, $0) })
        for key in ["task", "metric", "family", "strategy", "class", "emergence_score", "surprise", "break_x",
                    "phase_transition", "transition_x"] {
            #expect(rows.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
        #expect(byMetric["exact-match"]?["phase_transition"] as? Bool == true)
        #expect(byMetric["exact-match"]?["transition_x"] is Double)
        #expect(byMetric["log-likelihood"]?["phase_transition"] as? Bool == false)
        #expect(byMetric["token-edit-distance"]?["phase_transition"] as? Bool == false)
        #expect(byMetric["log-likelihood"]?["transition_x"] is NSNull)

        let mirage = try CLIRunner.run(["mirage", "--db", db, "--bootstrap", "0", "--format", "json"])
        #expect(mirage.exitCode == 0, "\(mirage.stderr)")
        let groups = try Self.objects(mirage.stdout)
        #expect(groups.count == 1)
        let g = groups[0]
        let metrics = try #require(g["metrics"] as? [[String: Any]])
        #expect(metrics.count == rows.count)
        // The verdict follows from the per-metric flags it prints.
        let flagged = { (cls: String) in metrics.contains { $0["class"] as? String == cls && $0["phase_transition"] as? Bool == true } }
        let expected = !flagged("threshold") ? "no-emergence" : (flagged("per-token") ? "persists" : "metric-induced")
        #expect(g["verdict"] as? String == expected)
        #expect(flagged("threshold"))
        // Without resamples there are no shares and nothing is uncertain.
        #expect(g["verdict_shares"] is NSNull && g["uncertain"] as? Bool == false && g["reason"] is NSNull)
        #expect(metrics.allSatisfy { $0["surprise_ci"] is NSNull })

        let table = try CLIRunner.run(["mirage", "--db", db, "--bootstrap", "0"])
        #expect(table.stdout.hasPrefix("verdict"))
    }

    @Test("fit refuses clearly: no store, unknown metric, too few points")
    func refusals() throws {
        let dir = try makeTemporaryDirectory("cli-fit")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try CLIRunner.run(["fit", "--db", dir.appendingPathComponent("none.sqlite").path, "--metric", "brier"])
        #expect(missing.exitCode != 0)
        #expect(missing.stderr.contains("No store"))
        let db = try Self.simulatedStore(dir)
        let unknown = try CLIRunner.run(["fit", "--db", db, "--metric", "no-such-metric"])
        #expect(unknown.exitCode != 0)
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        let bnsl = try CLIRunner.run(["fit", "--db", db, "--metric", "brier", "--law", "bnsl", "--breaks", "3"])
        #expect(bnsl.exitCode != 0)
        #expect(bnsl.stderr.contains("needs at least 12 distinct x values"))
    }
}
