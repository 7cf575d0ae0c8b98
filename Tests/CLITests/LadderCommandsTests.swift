import EmergeTestSupport
import Foundation
import Testing

/// End-to-end tests of `train-ladder --seeds`: two tiny sizes on a few
/// hundred tokens (7 steps × 4 sequences × 16 positions), three test examples.
@Suite("CLI: train-ladder with several seeds per size")
struct LadderCommandsTests {
    static func train(_ ladder: String, store: String, _ extra: [String] = []) throws -> CLIResult {
        try CLIRunner.run(["train-ladder", "--out", ladder, "--task", "add2", "--sizes", "8x1,16x1", "--batch-size", "4",
                           "--tokens", "400", "--examples", "3", "--db", store, "--format", "json"] + extra)
    }

    static func rows(_ result: CLIResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    static func weights(_ ladder: String, _ model: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: ladder + "/" + model + "/model.safetensors"))
    }

    @Test("--seeds must be at least 1")
    func badSeeds() throws {
        for value in ["0", "-2"] {
            let result = try CLIRunner.run(["train-ladder", "--out", "/nonexistent/never-written", "--seeds", value])
            #expect(result.exitCode != 0 && result.stderr.contains("--seeds"), "\(value): \(result.stderr)")
        }
    }

    @Test("--seeds 2 trains two models per size, names the seed in progress and listing, and resumes per seed")
    func twoSeeds() throws {
        let root = try makeTemporaryDirectory("cli-seeds")
        defer { try? FileManager.default.removeItem(at: root) }
        let ladder = root.appendingPathComponent("ladder").path, store = root.appendingPathComponent("store.sqlite").path
        let trained = try Self.train(ladder, store: store, ["--seeds", "2"])
        #expect(trained.exitCode == 0, "\(trained.stderr)")
        let rows = try Self.rows(trained)
        #expect(rows.map { $0["model"] as? String } == ["ladder-add2-w008-d1", "ladder-add2-w016-d1",
                                                       "ladder-add2-w008-d1-s1", "ladder-add2-w016-d1-s1"])
        #expect(rows.map { $0["seed"] as? Int } == [0, 0, 1, 1])
        #expect(rows.allSatisfy { $0["evaluated"] as? Int == 3 })
        #expect(trained.stderr.contains("seed 2/2 ladder-add2-w016-d1-s1"), "\(trained.stderr)")
        #expect(try Self.weights(ladder, "ladder-add2-w008-d1") != Self.weights(ladder, "ladder-add2-w008-d1-s1"))
        let manifest = try String(contentsOfFile: ladder + "/ladder.json", encoding: .utf8)
        #expect(manifest.contains("\"seeds\" : 2"), "\(manifest)")

        // The second seed of the larger size lost: only it is trained again, to the same bits.
        let lost = ladder + "/ladder-add2-w016-d1-s1"
        let before = try Self.weights(ladder, "ladder-add2-w016-d1-s1")
        try FileManager.default.removeItem(atPath: lost)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ladder + "/ladder.json")))
        var edited = try #require(json as? [String: Any])
        edited["results"] = (edited["results"] as? [[String: Any]])?.filter { $0["name"] as? String != "ladder-add2-w016-d1-s1" }
        try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: ladder + "/ladder.json"))
        let again = try Self.train(ladder, store: store, ["--seeds", "2"])
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(again.stderr.components(separatedBy: "already trained").count - 1 == 3, "\(again.stderr)")
        #expect(!again.stderr.contains("seed 1/2"), "\(again.stderr)")
        #expect(try Self.weights(ladder, "ladder-add2-w016-d1-s1") == before)
        // Its outputs were stored the first time: nothing is evaluated again.
        #expect(try Self.rows(again).allSatisfy { $0["evaluated"] as? Int == 0 })
    }

    @Test("--seeds 1 is a ladder without the flag: same names, same bits")
    func oneSeedIsToday() throws {
        let root = try makeTemporaryDirectory("cli-one-seed")
        defer { try? FileManager.default.removeItem(at: root) }
        let plain = root.appendingPathComponent("plain").path, flagged = root.appendingPathComponent("flagged").path
        let a = try Self.train(plain, store: root.appendingPathComponent("a.sqlite").path)
        let b = try Self.train(flagged, store: root.appendingPathComponent("b.sqlite").path, ["--seeds", "1"])
        #expect(a.exitCode == 0 && b.exitCode == 0, "\(a.stderr) \(b.stderr)")
        let names = try Self.rows(a).compactMap { $0["model"] as? String }
        #expect(names == ["ladder-add2-w008-d1", "ladder-add2-w016-d1"])
        #expect(try Self.rows(b).compactMap { $0["model"] as? String } == names)
        #expect(!a.stderr.contains("seed 1/1") && !b.stderr.contains("seed 1/1"))
        for name in names { #expect(try Self.weights(plain, name) == Self.weights(flagged, name), "\(name)") }
    }
}
