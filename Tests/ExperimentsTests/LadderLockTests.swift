import EmergeTestSupport
import Foundation
import TaskSuite
import Testing
import Training
@testable import Experiments

/// One run per ladder folder (`LadderLock`). Two processes are tested in
/// CLITests (`LadderLockCommandTests`); here, holds within one process.
@Suite("Ladder folder lock")
struct LadderLockTests {
    @Test func aSecondHoldOnAHeldFolderIsRefusedAtOnceNamingTheFolderAndTheHolder() throws {
        let root = try makeTemporaryDirectory("ladder-lock")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("ladder")
        let first = try LadderLock(directory: folder)
        let started = Date()
        #expect(throws: LadderError.busy(folder.path, holder: getpid())) { _ = try LadderLock(directory: folder) }
        #expect(Date().timeIntervalSince(started) < 1, "the refusal waited")
        #expect(LadderError.busy(folder.path, holder: 42).description
                == "Another train-ladder run (process 42) is writing the ladder folder \(folder.path); "
                + "wait for it to finish, or use another --out folder.")
        // Another folder is another lock.
        let other = try LadderLock(directory: root.appendingPathComponent("other"))
        // Released, the folder can be held again.
        first.release()
        let second = try LadderLock(directory: folder)
        second.release()
        other.release()
    }

    @Test func aLockFileLeftByADeadRunBlocksNobody() throws {
        let root = try makeTemporaryDirectory("ladder-lock")
        defer { try? FileManager.default.removeItem(at: root) }
        // What a crashed run leaves: the file with its process id, and no lock on it.
        try Data("999999\n".utf8).write(to: root.appendingPathComponent(LadderLock.fileName))
        let lock = try LadderLock(directory: root)
        let recorded = try String(contentsOf: root.appendingPathComponent(LadderLock.fileName), encoding: .utf8)
        #expect(recorded == "\(getpid())\n")
        lock.release()
    }

    @Test func trainingHoldsTheFolderAndWorksUnderTheCallersHold() throws {
        let root = try makeTemporaryDirectory("ladder-lock")
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = LadderPlan(task: ArithmeticTask(operation: .addition, digits: 2), rungs: [LadderRung(width: 8, depth: 1)],
                              training: TrainingOptions(steps: 2, batchSize: 4, warmupSteps: 1, seed: 3),
                              testExamples: 2, checkpointEvery: 2)
        let trainer = LadderTrainer(plan: plan, directory: root)
        let held = try LadderLock(directory: root)
        // Someone else's hold: training refuses before writing anything.
        #expect(throws: LadderError.busy(root.path, holder: getpid())) { try trainer.train() }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("ladder.json").path))
        // The caller's own hold: training goes ahead, and the hold is still the caller's afterwards.
        #expect(try trainer.train(holding: held).count == 1)
        #expect(throws: LadderError.busy(root.path, holder: getpid())) { _ = try LadderLock(directory: root) }
        held.release()
        // Without a hold, training takes one and gives it back.
        #expect(try trainer.train().count == 1)
        try LadderLock(directory: root).release()
    }
}
