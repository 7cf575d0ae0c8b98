import ArgumentParser
import EmergeTestSupport
import Foundation
import ResultsStore
import Testing
@testable import emerge_analyze

/// End-to-end runs of the strategies that check, rate or shape their answer
/// (`self-verification`, `confidence`, `format:json`, `tree-of-thoughts
/// --tree-scoring self`) through the built binary, with the tiny GPT-2
/// checkpoint of the InferenceCore tests (random weights: its answers are
/// noise, but every prompt, trace and count is real), then `show-trees` and
/// `cot-report` on what they stored.
@Suite("CLI: self-verification, confidence, format:json and self-rated trees")
struct CheckingStrategiesCommandsTests {
    static let gpt2 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("InferenceCoreTests/Fixtures/models/gpt2-tiny").path

    @Test("the options parse: --verification-rounds, --tree-scoring self, and their refusals")
    func options() throws {
        let options = try StrategyOptions.parse(["--strategy", "self-verification", "--verification-rounds", "3"])
        #expect(try options.configuration().settings.verificationRounds == 3)
        #expect(try StrategyOptions.parse([]).configuration().settings.verificationRounds == 1)
        let tree = try StrategyOptions.parse(["--strategy", "tree-of-thoughts", "--tree-scoring", "self"])
        #expect(try tree.configuration().treeScoring == .selfRated)
        for name in ["confidence", "format:json"] {
            #expect(try StrategyOptions.parse(["--strategy", name]).strategy?.name == name)
        }
        do {
            _ = try StrategyOptions.parse(["--verification-rounds", "0"])
            Issue.record("--verification-rounds 0 was accepted")
        } catch {
            #expect(StrategyOptions.message(for: error).contains("--verification-rounds must be at least 1"))
        }
        let help = Eval.helpMessage(columns: 1000)
        #expect(help.contains("Rate this step (0-10):") && help.contains("Check your answer. Verify each step"), "\(help)")
    }

    @Test("each strategy runs end to end and stores its trace; show-trees and cot-report read them back")
    func endToEnd() throws {
        let root = try makeTemporaryDirectory("cli-checking")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("store.sqlite").path
        let store = ["--db", path]
        let base = ["eval", "--model", Self.gpt2, "--task", "add2", "--examples", "2", "--limit", "2", "--format", "json"]
        let runs: [[String]] = [
            ["--strategy", "standard", "--max-tokens", "4"],
            ["--strategy", "self-verification", "--verification-rounds", "2", "--max-tokens", "6"],
            ["--strategy", "confidence", "--max-tokens", "6"],
            ["--strategy", "format:json", "--max-tokens", "6"],
            ["--strategy", "tree-of-thoughts", "--tree-scoring", "self", "--breadth", "2", "--depth", "2", "--max-tokens", "3"],
        ]
        for args in runs {
            let result = try CLIRunner.run(base + args + store)
            #expect(result.exitCode == 0, "\(args): \(result.stderr)")
            let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
            #expect(summary?.first?["evaluated"] as? Int == 2, "\(args): \(result.stdout)")
        }

        let database = try ResultsDatabase(path: path)
        func outputs(_ strategy: String) throws -> [OutputRecord] {
            let run = try #require(try database.runs(task: "add2", strategy: strategy).first, "\(strategy)")
            return try database.outputs(runID: run.id)
        }
        for output in try outputs("self-verification") {
            let trace = try #require(output.trace)
            guard case let .array(rounds)? = trace["rounds"] else { Issue.record("no rounds"); continue }
            #expect(rounds.count == 2 && trace["changed"] != nil && trace["initial_answer"] != nil)
            #expect(trace["final_answer"] == output.extractedAnswer.map(TraceValue.string) ?? .null)
        }
        for output in try outputs("confidence") {
            let trace = try #require(output.trace)
            #expect(trace["confidence"] != nil && trace["stated"] != nil)
            #expect(trace["abstained"] == .bool(output.extractionRule == "abstained"))
        }
        let json = try outputs("format:json")
        for output in json {
            #expect(output.trace?["valid"] == .bool(output.extractionRule == "json"), "\(output.generated ?? "")")
        }
        for output in try outputs("tree-of-thoughts") {
            #expect(output.trace?["scoring"] == .string("self"))
            guard case let .array(nodes)? = output.trace?["nodes"] else { Issue.record("no nodes"); continue }
            #expect(nodes.dropFirst().allSatisfy { $0["rating_text"] != nil })
        }

        let shown = try CLIRunner.run(["show-trees", "--model", Self.gpt2, "--task", "add2", "--strategy", "tree-of-thoughts",
                                       "--tree-scoring", "self", "--breadth", "2", "--depth", "2", "--max-tokens", "3"] + store)
        #expect(shown.exitCode == 0, "\(shown.stderr)")
        #expect(shown.stdout.components(separatedBy: "scored by self").count == 3, "\(shown.stdout)")
        #expect(shown.stdout.contains("unparsed ratings: "))

        let out = root.appendingPathComponent("report").path
        let report = try CLIRunner.run(["cot-report", "--model", Self.gpt2, "--task", "add2", "--out", out] + store)
        #expect(report.exitCode == 0, "\(report.stderr)")
        let markdown = try String(contentsOfFile: out + "/cot.md", encoding: .utf8)
        #expect(markdown.contains("## Checks, abstentions and malformed answers"))
        let malformed = json.filter { $0.extractionRule == "malformed-json" }.count
        #expect(markdown.contains("| gpt2-tiny | format:json | 2 | – | – | – | – | \(malformed) |"), "\(markdown)")
    }
}
