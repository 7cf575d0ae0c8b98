import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive hold on a ladder folder, so that two `train-ladder` runs
/// never write one folder's checkpoints and manifest at once.
///
/// The hold is an advisory `flock(2)` lock on `<folder>/.train-ladder.lock`.
/// The kernel drops it when the holding process ends, however it ends (a
/// crash, `kill -9`), so a lock file left behind by a dead run never blocks
/// the next one. A second hold on a held folder — from another process, or
/// from this one — is refused at once with `LadderError.busy`, which names
/// the folder and the holder's process id (the holder writes it into the
/// file). The hold lasts until `release()` or until the lock is deallocated.
public final class LadderLock: @unchecked Sendable {
    /// The lock file's name inside the ladder folder.
    public static let fileName = ".train-ladder.lock"

    /// The folder held.
    public let directory: URL
    private var descriptor: Int32
    private let mutex = NSLock()

    /// Takes the hold on `directory` (created if missing), or throws
    /// `LadderError.busy` when another hold has it.
    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(Self.fileName).path
        // Close-on-exec: a child process must not inherit, and so prolong, the hold.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LadderError.lockFailed(path, Self.lastError()) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = Self.lastError()
            let holder = Self.recordedHolder(fd)
            close(fd)
            throw busy ? LadderError.busy(directory.path, holder: holder) : LadderError.lockFailed(path, reason)
        }
        let record = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = record.withCString { pwrite(fd, $0, strlen($0), 0) }
        descriptor = fd
    }

    deinit { release() }

    /// Ends the hold (the lock file stays; an unheld file blocks nobody).
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        guard descriptor >= 0 else { return }
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// The process id the current holder wrote into the lock file, if any.
    private static func recordedHolder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
