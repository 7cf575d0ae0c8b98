import EmergeTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Two `train-ladder` processes on one ladder folder: the second is refused
/// at once, and a run that crashed (killed with SIGKILL) blocks nobody.
@Suite("CLI: one train-ladder run per folder")
struct LadderLockCommandTests {
    /// Starts `emerge-analyze args…` without waiting for it (output discarded).
    static func start(_ args: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try #require(CLIRunner.binary)
        process.arguments = args
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits (up to a minute) until `condition` holds.
    static func wait(for what: String, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(60)
        while !condition() {
            try #require(Date() < deadline, "timed out waiting for \(what)")
            usleep(50_000)
        }
    }

    @Test("a second run on the folder is refused at once; a crashed run's lock file blocks nobody")
    func secondRunRefusedAndCrashedRunForgotten() throws {
        let dir = try makeTemporaryDirectory("cli-ladder-lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ladder = dir.appendingPathComponent("ladder").path
        let lockFile = dir.appendingPathComponent("ladder").appendingPathComponent(".train-ladder.lock")
        // Far more training than the test waits for: the run is killed, never finished.
        let arguments = ["train-ladder", "--out", ladder, "--task", "add2", "--sizes", "64x3", "--tokens", "100000000",
                         "--examples", "3", "--db", dir.appendingPathComponent("store.sqlite").path]
        func holder() -> String? { try? String(contentsOf: lockFile, encoding: .utf8) }

        let first = try Self.start(arguments)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL); first.waitUntilExit() } }
        try Self.wait(for: "the first run to hold the folder") { holder() == "\(first.processIdentifier)\n" }

        let started = Date()
        let second = try CLIRunner.run(arguments)
        #expect(Date().timeIntervalSince(started) < 10, "the second run waited instead of refusing")
        #expect(second.exitCode != 0)
        #expect(second.stderr == "Error: Another train-ladder run (process \(first.processIdentifier)) is writing the "
                + "ladder folder \(ladder); wait for it to finish, or use another --out folder.\n", "\(second.stderr)")
        #expect(first.isRunning, "the refused run disturbed the first")

        // A crash: the lock file stays behind, naming the dead process.
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(holder() == "\(first.processIdentifier)\n")
        let third = try Self.start(arguments)
        defer { if third.isRunning { kill(third.processIdentifier, SIGKILL); third.waitUntilExit() } }
        try Self.wait(for: "the run after the crash to hold the folder") {
            holder() == "\(third.processIdentifier)\n" || !third.isRunning
        }
        #expect(third.isRunning, "the run after the crash was refused")
    }
}
