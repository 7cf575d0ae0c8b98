import EmergeTestSupport
import Foundation
import Testing

/// `report --ability-catalogue` and `train-ladder --task` with the new tasks, through the built binary.
@Suite("CLI: the ability catalogue and the reasoning tasks")
struct AbilityCatalogueCommandTests {
    @Test("a report given a catalogue names the listed task's scale; a bad catalogue is refused with its line")
    func reportWithCatalogue() throws {
        let dir = try makeTemporaryDirectory("cli-catalogue")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try ReportCommandsTests.simulatedStore(in: dir)
        let catalogue = dir.appendingPathComponent("catalogue.csv")
        try "ability,description,emergence_flops,source,tasks\nSimulated skill,p^L,1e22,the simulator,simulated-*\n"
            .write(to: catalogue, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("report")
        let result = try CLIRunner.run(["report", "--db", db, "--out", out.path, "--bootstrap", "10",
                                        "--ability-catalogue", catalogue.path])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("catalogue: ~1e22 FLOPs (the tutorial's approximate scale for simulated skill)"))
        #expect(markdown.contains("The tutorial's catalogue places simulated skill at ~1e22 training FLOPs"))

        try "ability,description,emergence_flops,source,tasks\nSimulated skill,p^L,soon,the simulator,simulated-*\n"
            .write(to: catalogue, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["report", "--db", db, "--out", out.path, "--ability-catalogue", catalogue.path])
        #expect(bad.exitCode != 0)
        #expect(bad.stderr.contains("catalogue.csv:2: line 2 has emergence_flops \"soon\""), "\(bad.stderr)")
    }

    @Test("train-ladder refuses a task it cannot train and a scratchpad mix on a word task")
    func trainLadderTasks() throws {
        let dir = try makeTemporaryDirectory("cli-ladder-tasks")
        defer { try? FileManager.default.removeItem(at: dir) }
        let unknown = try CLIRunner.run(["train-ladder", "--out", dir.path, "--task", "order9"])
        #expect(unknown.exitCode != 0 && unknown.stderr.contains("\"order9\" is not one"), "\(unknown.stderr)")
        let mix = try CLIRunner.run(["train-ladder", "--out", dir.path, "--task", "unscramble", "--scratchpad-mix", "0.5"])
        #expect(mix.exitCode != 0 && mix.stderr.contains("\"unscramble\" is not an arithmetic task"), "\(mix.stderr)")
    }
}
