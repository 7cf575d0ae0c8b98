import Foundation
import Testing

/// End-to-end tests of `score` and `generate` through the built binary, on
/// the fixture checkpoints of the InferenceCore tests.
@Suite("CLI: score and generate")
struct InferenceCommandsTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("InferenceCoreTests/Fixtures/models")
    static let gpt2 = models.appendingPathComponent("gpt2-tiny").path

    struct Probe: Decodable { var text: String; var ids: [Int]; var target_logprobs: [Double] }
    struct Reference: Decodable { var sequences: [Probe] }

    @Test("score --format json prints one object per token after the first, matching the reference")
    func scoreJSON() throws {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf:
            Self.models.appendingPathComponent("gpt2-tiny/reference.json")))
        let probe = reference.sequences[0]
        let result = try CLIRunner.run(["score", "--model", Self.gpt2, "--text", probe.text, "--format", "json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == probe.ids.count - 1)
        for (i, row) in rows.enumerated() {
            #expect(Set(row.keys) == ["position", "token_id", "token", "logprob", "rank", "entropy"])
            #expect(row["position"] as? Int == i + 1)
            #expect(row["token_id"] as? Int == probe.ids[i + 1])
            #expect(abs((row["logprob"] as? Double ?? 0) - probe.target_logprobs[i]) < 1e-4)
            #expect((row["rank"] as? Int ?? 0) >= 1)
        }
        #expect(rows.map { $0["token"] as? String ?? "" }.joined() == String(probe.text.dropFirst(1)))  // the first token, "T", is not scored
    }

    @Test("score reads --file and prints a table by default")
    func scoreFileTable() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("score-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try "Q: 4721+388= A: 5109".write(to: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["score", "--model", Self.gpt2, "--file", file.path])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("position") == true)
        #expect(lines.count == 2 + 13)  // header, rule, 14 tokens − 1
    }

    @Test("generate prints prompt_ids, text and tokens; greedy output is the reference continuation")
    func generateJSON() throws {
        let result = try CLIRunner.run(["generate", "--model", Self.gpt2, "--prompt", "Q: 123+456= A:", "--max-tokens", "16"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["prompt_ids"] as? [Int] == [49, 26, 438, 19, 11, 551, 22, 29, 264, 26])
        let tokens = try #require(object["tokens"] as? [[String: Any]])
        #expect(tokens.map { $0["token_id"] as? Int ?? -1 } == [12, 266, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199])
        #expect(tokens.allSatisfy { ($0["logprob"] as? Double ?? 1) <= 0 && $0["token"] is String })
        #expect(object["text"] as? String == tokens.map { $0["token"] as? String ?? "" }.joined())
    }

    @Test("generate with a seed is reproducible; different seeds differ")
    func generateSeeded() throws {
        let args = ["generate", "--model", Self.gpt2, "--prompt", "This License", "--max-tokens", "12",
                    "--temperature", "1.2", "--top-k", "50", "--top-p", "0.95"]
        let a = try CLIRunner.run(args + ["--seed", "7"]), b = try CLIRunner.run(args + ["--seed", "7"])
        let c = try CLIRunner.run(args + ["--seed", "8"])
        #expect(a.exitCode == 0 && a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
    }

    @Test("a missing model, an unknown architecture or bad options fail with one sentence")
    func errors() throws {
        let missing = try CLIRunner.run(["score", "--model", "/nonexistent-model", "--text", "x"])
        #expect(missing.exitCode != 0 && missing.stderr.contains("config.json cannot be read"))
        let both = try CLIRunner.run(["score", "--model", Self.gpt2])
        #expect(both.exitCode != 0 && both.stderr.contains("--text or --file"))
        let badP = try CLIRunner.run(["generate", "--model", Self.gpt2, "--prompt", "x", "--top-p", "0"])
        #expect(badP.exitCode != 0)
        let empty = try CLIRunner.run(["generate", "--model", Self.gpt2, "--prompt", ""])
        #expect(empty.exitCode != 0 && empty.stderr.contains("at least one token"))
    }
}
