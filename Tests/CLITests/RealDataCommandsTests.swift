import EmergeTestSupport
import Foundation
import Testing

/// Real published results end to end: Pythia's lm-evaluation-harness files
/// (Fixtures/pythia-subset: 5 sizes × 10 checkpoints × 3 tasks) imported
/// with their training steps, judged across scale and along training.
@Suite("CLI: real data (Pythia)")
struct RealDataCommandsTests {
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    static func objects(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    /// A store with the subset and its models file imported.
    static func pythiaStore(_ dir: URL) throws -> String {
        let db = dir.appendingPathComponent("p.sqlite").path
        let i = try CLIRunner.run(["import", fixture("pythia-subset"), "--kind", "lm-eval", "--tokens-per-step", "2097152",
                                   "--db", db])
        #expect(i.exitCode == 0, "\(i.stderr)")
        #expect(i.stdout.contains("(50 files): 50 models, 3 tasks, 300 scores"), "\(i.stdout)")
        let m = try CLIRunner.run(["import", fixture("pythia-subset/models.csv"), "--kind", "models", "--name-column", "name",
                                   "--family-column", "family", "--params-column", "params",
                                   "--non-embedding-params-column", "non_embedding_params", "--db", db])
        #expect(m.exitCode == 0, "\(m.stderr)")
        return db
    }

    @Test("import names checkpoints and lists them by training progress")
    func checkpointsListed() throws {
        let dir = try makeTemporaryDirectory("cli-pythia")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.pythiaStore(dir)
        let r = try CLIRunner.run(["models", "--db", db, "--format", "json"])
        let models = try Self.objects(r.stdout).filter { ($0["name"] as! String).contains("pythia-v1.1-410m@") }
        #expect(models.map { $0["name"] as! String } == [0, 1, 64, 512, 1000, 3000, 13000, 43000, 83000, 143000]
            .map { "EleutherAI/pythia-v1.1-410m@step\($0)" })
        let last = try #require(models.last)
        #expect(last["family"] as? String == "pythia" && last["flops_source"] as? String == "estimated")
        #expect(last["training_flops"] as? Double == 6.0 * 405334016 * 143000 * 2097152)
    }

    @Test("mirage across scale and along training gives verdicts with their evidence")
    func mirageBothAxes() throws {
        let dir = try makeTemporaryDirectory("cli-pythia")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.pythiaStore(dir)

        let scale = try CLIRunner.run(["mirage", "--db", db, "--task", "lambada_openai", "--bootstrap", "20",
                                       "--format", "json"])
        #expect(scale.exitCode == 0, "\(scale.stderr)")
        let groups = try Self.objects(scale.stdout)
        #expect(groups.count == 1)
        let group = try #require(groups.first)
        #expect(group["strategy"] as? String == "0-shot" && group["models"] as? Int == 5)
        let metrics = try #require(group["metrics"] as? [[String: Any]])
        #expect(Set(metrics.map { $0["metric"] as! String }) == ["acc", "log-ppl"])
        #expect(metrics.first { $0["metric"] as? String == "log-ppl" }?["class"] as? String == "per-token")
        #expect(metrics.allSatisfy { $0["surprise"] != nil && $0["phase_transition"] is Bool })

        let training = try CLIRunner.run(["mirage", "--db", db, "--task", "lambada_openai", "--along", "training",
                                          "--bootstrap", "20", "--format", "json"])
        #expect(training.exitCode == 0, "\(training.stderr)")
        let perSize = try Self.objects(training.stdout)
        #expect(perSize.count == 5)
        #expect(Set(perSize.compactMap { $0["size_group"] as? String }).count == 5)
        for g in perSize {
            let ms = try #require(g["metrics"] as? [[String: Any]])
            // The untrained plateau (steps 1…512) is left out, with its reason; it never makes a break.
            for m in ms {
                let excluded = try #require(m["excluded"] as? [[String: Any]])
                #expect(excluded.count >= 3)
                #expect(excluded.allSatisfy { ($0["reason"] as? String)?.hasPrefix("initial plateau") == true })
            }
            #expect(g["verdict"] as? String != "persists", "\(g)")
        }

        // --from-step 1 keeps the plateau: then the start of learning is read as a break.
        let naive = try CLIRunner.run(["mirage", "--db", db, "--task", "lambada_openai", "--along", "training",
                                       "--from-step", "1", "--bootstrap", "0", "--format", "json"])
        let flagged = try Self.objects(naive.stdout).filter { g in
            ((g["metrics"] as? [[String: Any]]) ?? []).contains { $0["phase_transition"] as? Bool == true }
        }
        #expect(!flagged.isEmpty)
    }

    @Test("axis options are checked")
    func axisOptionErrors() throws {
        let a = try CLIRunner.run(["mirage", "--along", "training", "--step", "1000"])
        #expect(a.exitCode != 0 && a.stderr.contains("--from-step"))
        let b = try CLIRunner.run(["mirage", "--along", "training", "--x", "params"])
        #expect(b.exitCode != 0 && b.stderr.contains("--x flops"))
    }
}
