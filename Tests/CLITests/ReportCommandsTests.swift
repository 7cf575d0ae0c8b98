import EmergeTestSupport
import Foundation
import Testing

/// End-to-end tests of `report` and `export-notebook` on stores built with
/// `simulate` + `import`, through the built binary.
@Suite("CLI: report and export-notebook")
struct ReportCommandsTests {
    /// A store with the simulated Schaeffer family (8 models, 120 examples).
    static func simulatedStore(in dir: URL) throws -> String {
        let db = dir.appendingPathComponent("sim.sqlite").path
        let jsonl = dir.appendingPathComponent("sim.jsonl").path
        let sim = try CLIRunner.run(["simulate", "--out", jsonl, "--models", "8", "--examples", "120", "--seed", "3"])
        #expect(sim.exitCode == 0, "\(sim.stderr)")
        let imp = try CLIRunner.run(["import", jsonl, "--kind", "outputs", "--db", db])
        #expect(imp.exitCode == 0, "\(imp.stderr)")
        return db
    }

    static func files(under dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        guard let e = fm.enumerator(at: dir, includingPropertiesForKeys: nil) else { return out }
        for case let url as URL in e where !url.hasDirectoryPath {
            out[String(url.path.dropFirst(dir.path.count))] = fm.contents(atPath: url.path)
        }
        return out
    }

    /// RFC 4180 rows (quoted fields may hold commas, quotes and newlines).
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\r" { continue
            } else if c == "\n" { row.append(field); rows.append(row); row = []; field = ""
            } else { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    @Test("report writes every file, says where, and two runs are byte-identical")
    func reportIsDeterministic() throws {
        let dir = try makeTemporaryDirectory("cli-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.simulatedStore(in: dir)
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        let r1 = try CLIRunner.run(["report", "--db", db, "--out", a.path, "--notebook", "--bootstrap", "40"])
        #expect(r1.exitCode == 0, "\(r1.stderr)")
        #expect(r1.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(a.appendingPathComponent("report.md").path))
        let r2 = try CLIRunner.run(["report", "--db", db, "--out", b.path, "--notebook", "--bootstrap", "40"])
        #expect(r2.exitCode == 0, "\(r2.stderr)")
        let fa = Self.files(under: a), fb = Self.files(under: b)
        for name in ["/report.md", "/report.html", "/report.ipynb", "/metrics.csv", "/fits.csv", "/emergence.csv",
                     "/verdicts.csv", "/fit-curves.csv"] {
            #expect(fa[name] != nil, "\(name) missing")
        }
        // 6 metrics + mirage panel, and from the answer probabilities: ECE against scale + one reliability diagram per model.
        #expect(fa.keys.filter { $0.hasPrefix("/plots/") && $0.hasSuffix(".svg") }.count == 7 + 1 + 8)
        #expect(fa["/calibration.csv"] != nil)
        #expect(fa.keys.sorted() == fb.keys.sorted())
        for (name, data) in fa { #expect(fb[name] == data, "\(name) differs between two reports of the same store") }
        let md = String(decoding: fa["/report.md"]!, as: UTF8.self)
        #expect(md.contains("## Summary") && md.contains("simulated-schaeffer"))
        #expect(md.contains("(plots/simulated-l10--exact-match.svg)"))
    }

    @Test("metrics.csv carries the store's values in full precision")
    func csvMatchesStore() throws {
        let dir = try makeTemporaryDirectory("cli-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.simulatedStore(in: dir)
        let out = dir.appendingPathComponent("r")
        #expect(try CLIRunner.run(["report", "--db", db, "--out", out.path, "--bootstrap", "0"]).exitCode == 0)
        // The store's values as `metrics --format csv` prints them (full precision;
        // JSON is not used here because Foundation's JSON parser is not exactly round-trip).
        let listing = try CLIRunner.run(["metrics", "--db", db, "--format", "csv"])
        #expect(listing.exitCode == 0, "\(listing.stderr)")
        let stored = Self.parseCSV(listing.stdout)
        let sh = stored[0]
        let scol = { (n: String) in sh.firstIndex(of: n)! }
        var expected: [String: (Double, Double?)] = [:]
        for r in stored.dropFirst() {
            let key = "\(r[scol("model")])|\(r[scol("task")])|\(r[scol("metric")])"
            expected[key] = (Double(r[scol("value")])!, Double(r[scol("ci_low")]))
        }
        let rows = Self.parseCSV(try String(contentsOf: out.appendingPathComponent("metrics.csv"), encoding: .utf8))
        let h = rows[0]
        let col = { (n: String) in h.firstIndex(of: n)! }
        #expect(rows.count - 1 == expected.count)
        for row in rows.dropFirst() {
            let key = "\(row[col("model")])|\(row[col("task")])|\(row[col("metric")])"
            let want = try #require(expected[key], "\(key) is not in the store's metrics")
            #expect(Double(row[col("value")]) == want.0, "\(key)")
            if let lo = want.1 { #expect(Double(row[col("ci_low")]) == lo, "\(key)") }
        }
    }

    @Test("missing values, a one-model task and an empty store give reports that say so")
    func sparseStores() throws {
        let dir = try makeTemporaryDirectory("cli-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        let models = dir.appendingPathComponent("models.csv")
        try "name,family,flops\nm1,fa,1e18\nm2,fa,1e19\nm3,fa,1e20\nm4,fa,1e21\nm5,fa,1e22\nsolo,fb,1e20\n"
            .write(to: models, atomically: true, encoding: .utf8)
        let scores = dir.appendingPathComponent("scores.csv")
        try ("model,task,metric,value,n\nm1,qa,acc,0.25,100\nm2,qa,acc,0.26,100\nm3,qa,acc,,100\nm4,qa,acc,0.7,100\n"
             + "m5,qa,acc,0.9,100\nm1,qa,brier_score,0.7,100\nm2,qa,brier_score,0.6,100\nm3,qa,brier_score,0.5,100\n"
             + "m4,qa,brier_score,0.4,100\nm5,qa,brier_score,0.3,100\nsolo,lonely,acc,0.5,100\n")
            .write(to: scores, atomically: true, encoding: .utf8)
        #expect(try CLIRunner.run(["import", models.path, "--kind", "models", "--name-column", "name", "--family-column",
                                   "family", "--flops-column", "flops", "--db", db]).exitCode == 0)
        #expect(try CLIRunner.run(["import", scores.path, "--kind", "scores", "--db", db]).exitCode == 0)
        let out = dir.appendingPathComponent("r")
        let r = try CLIRunner.run(["report", "--db", db, "--out", out.path])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("| m3 | 1.00e20 | missing | 0.500 |"))
        #expect(md.contains("acc for m3"))
        #expect(md.contains("Only one model has results on this task"))
        #expect(md.contains("| lonely | fb | – | insufficient-data (100%) | – |"))

        // --task narrows the report.
        let only = dir.appendingPathComponent("only")
        #expect(try CLIRunner.run(["report", "--db", db, "--out", only.path, "--task", "lonely"]).exitCode == 0)
        let onlyMD = try String(contentsOf: only.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(onlyMD.contains("## Task: lonely") && !onlyMD.contains("## Task: qa"))

        // An empty store and a missing one.
        let empty = dir.appendingPathComponent("empty.sqlite").path
        #expect(try CLIRunner.run(["init", "--db", empty]).exitCode == 0)
        let e = try CLIRunner.run(["report", "--db", empty, "--out", dir.appendingPathComponent("e").path])
        #expect(e.exitCode == 0, "\(e.stderr)")
        let emptyMD = try String(contentsOf: dir.appendingPathComponent("e/report.md"), encoding: .utf8)
        #expect(emptyMD.contains("The store holds no scores or outputs yet"))
        let missing = try CLIRunner.run(["report", "--db", dir.appendingPathComponent("nope.sqlite").path, "--out", dir.path])
        #expect(missing.exitCode != 0 && missing.stderr.contains("No store at"))
    }

    @Test("export-notebook writes the notebook with its CSVs beside it")
    func exportNotebook() throws {
        let dir = try makeTemporaryDirectory("cli-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.simulatedStore(in: dir)
        let nb = dir.appendingPathComponent("nb/sim.ipynb")
        let r = try CLIRunner.run(["export-notebook", "--db", db, "--out", nb.path, "--bootstrap", "20"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: nb)) as? [String: Any])
        #expect(json["nbformat"] as? Int == 4)
        let source = ((json["cells"] as? [[String: Any]]) ?? []).flatMap { ($0["source"] as? [String]) ?? [] }.joined()
        #expect(source.contains("DATA = Path(\"sim-data\")"))
        for name in ["metrics.csv", "fits.csv", "emergence.csv", "verdicts.csv", "fit-curves.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("nb/sim-data/\(name)").path))
        }
        let bad = try CLIRunner.run(["export-notebook", "--db", db, "--out", dir.appendingPathComponent("x.json").path])
        #expect(bad.exitCode != 0 && bad.stderr.contains(".ipynb"))
    }
}
