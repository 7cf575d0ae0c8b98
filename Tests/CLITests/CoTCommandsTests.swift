import EmergeTestSupport
import Foundation
import Testing

/// End-to-end tests of the chain-of-thought pieces of the CLI: the
/// `train-ladder --scratchpad-mix` options, `cot-report` (and the
/// `eval --cot-report` it took over) and `show-trees` (and
/// `eval --show-stored-trees`).
@Suite("CLI: step-by-step ladders and the CoT report")
struct CoTCommandsTests {
    @Test("train-ladder refuses a mix share outside 0…1, off the 0.01 grid, or negative exemplars")
    func badMixOptions() throws {
        for args in [["--scratchpad-mix", "1.5"], ["--scratchpad-mix", "-0.1"], ["--scratchpad-mix", "0.333"],
                     ["--scratchpad-mix", "0.5", "--scratchpad-exemplars", "-1"]] {
            let result = try CLIRunner.run(["train-ladder", "--out", "/nonexistent/never-written"] + args)
            #expect(result.exitCode != 0, "\(args)")
            #expect(result.stderr.contains(args.count == 2 ? "--scratchpad-mix" : "--scratchpad-exemplars"), "\(result.stderr)")
        }
    }

    @Test("a mix ladder trains under its mix name, refuses another mix, and its CoT report is written")
    func mixLadderEndToEnd() throws {
        let root = try makeTemporaryDirectory("cli-cot")
        defer { try? FileManager.default.removeItem(at: root) }
        let ladder = root.appendingPathComponent("ladder").path
        let store = ["--db", root.appendingPathComponent("store.sqlite").path]
        let train = ["train-ladder", "--out", ladder, "--task", "add2", "--sizes", "8x1", "--batch-size", "4", "--tokens", "2000",
                     "--examples", "3"] + store
        let trained = try CLIRunner.run(train + ["--scratchpad-mix", "0.5", "--format", "json"])
        #expect(trained.exitCode == 0, "\(trained.stderr)")
        // stderr is a pipe here: progress comes as whole lines, never redrawn in place.
        #expect(!trained.stderr.contains("\r") && trained.stderr.contains("rung 1/1"), "\(trained.stderr)")
        #expect(trained.stdout.contains("ladder-add2-cot50-w008-d1"))
        // 2-digit addition: the longest worked solution after its trigger line is 73 characters, plus one spare.
        #expect(trained.stderr.contains("--max-tokens 74 (--exemplars at most 1)"), "\(trained.stderr)")
        let manifest = try String(contentsOfFile: ladder + "/ladder.json", encoding: .utf8)
        #expect(manifest.contains("\"scratchpadMix\""))

        let other = try CLIRunner.run(train + ["--scratchpad-mix", "0.25"])
        #expect(other.exitCode != 0 && other.stderr.contains("was started with other settings"), "\(other.stderr)")

        let cot = try CLIRunner.run(["eval", "--ladder", ladder, "--task", "add2", "--strategy", "zero-shot-cot",
                                     "--max-tokens", "74", "--limit", "3", "--examples", "3"] + store)
        #expect(cot.exitCode == 0, "\(cot.stderr)")
        #expect(!cot.stderr.contains("\r") && cot.stderr.contains("zero-shot-cot"), "\(cot.stderr)")
        let out = root.appendingPathComponent("report").path
        let report = try CLIRunner.run(["cot-report", "--ladder", ladder, "--task", "add2", "--out", out] + store)
        #expect(report.exitCode == 0, "\(report.stderr)")
        #expect(report.stdout.contains("wrote 5 files (1 models, 2 strategies)"), "\(report.stdout)")
        let csv = try String(contentsOfFile: out + "/cot.csv", encoding: .utf8)
        #expect(csv.contains("ladder-add2-cot50-w008-d1") && csv.contains(",standard,") && csv.contains(",zero-shot-cot,"))
        for file in ["cot.md", "cot-accuracy.svg", "cot-gain.svg", "cot-vote-margins.svg"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }

        // The eval flag cot-report took over still writes the same report.
        let old = root.appendingPathComponent("report-old").path
        let oldReport = try CLIRunner.run(["eval", "--ladder", ladder, "--task", "add2", "--cot-report", old] + store)
        #expect(oldReport.exitCode == 0, "\(oldReport.stderr)")
        #expect(oldReport.stdout.contains("wrote 5 files (1 models, 2 strategies)"), "\(oldReport.stdout)")
        for file in ["cot.md", "cot.csv", "cot-accuracy.svg", "cot-gain.svg", "cot-vote-margins.svg"] {
            #expect(FileManager.default.contents(atPath: old + "/" + file) == FileManager.default.contents(atPath: out + "/" + file),
                    "\(file)")
        }
        let none = try CLIRunner.run(["cot-report", "--name", "no-such-model", "--task", "add2", "--out", old] + store)
        #expect(none.exitCode != 0 && none.stderr.contains("No stored runs of no-such-model on add2"), "\(none.stderr)")
    }

    @Test("show-trees prints a stored self-consistency run's votes, as eval --show-stored-trees does")
    func showStoredVotes() throws {
        let root = try makeTemporaryDirectory("cli-trees")
        defer { try? FileManager.default.removeItem(at: root) }
        let ladder = root.appendingPathComponent("ladder").path
        let store = ["--db", root.appendingPathComponent("store.sqlite").path]
        let trained = try CLIRunner.run(["train-ladder", "--out", ladder, "--task", "add2", "--sizes", "8x1", "--batch-size", "4",
                                         "--tokens", "1000", "--examples", "2", "--scratchpad-mix", "0.5"] + store)
        #expect(trained.exitCode == 0, "\(trained.stderr)")
        // A mix ladder reads the step-by-step prompt (a plain one refuses it: its vocabulary lacks the letters).
        let run = ["--ladder", ladder, "--task", "add2", "--strategy", "self-consistency", "--samples", "2", "--max-tokens", "8"]
        let evaluated = try CLIRunner.run(["eval"] + run + ["--limit", "2", "--show-trees"] + store)
        #expect(evaluated.exitCode == 0, "\(evaluated.stderr)")

        let shown = try CLIRunner.run(["show-trees"] + run + store)
        #expect(shown.exitCode == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\n")
        #expect(lines.first == "== ladder-add2-cot50-w008-d1 ==", "\(shown.stdout)")
        #expect(lines.filter { $0.hasPrefix("example ") && $0.contains("(votes: ") }.count == 2, "\(shown.stdout)")
        // The votes printed during the run are the ones read back.
        for line in lines.dropFirst() { #expect(evaluated.stdout.contains(line), "\(line)") }

        let old = try CLIRunner.run(["eval"] + run + ["--show-stored-trees"] + store)
        #expect(old.exitCode == 0 && old.stdout == shown.stdout, "\(old.stderr)")
        let other = try CLIRunner.run(["show-trees"] + run + ["--samples", "3"] + store)
        #expect(other.exitCode != 0 && other.stderr.contains("No stored trees or votes"), "\(other.stderr)")
    }
}
