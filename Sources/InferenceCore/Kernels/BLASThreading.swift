import CBLAS
import Foundation

/// How OpenBLAS spreads one call over the cores.
package enum BLASThreading: Sendable, Equatable {
    /// OpenBLAS's own thread pool (generation, single-sequence scoring).
    case pool
    /// One thread per call: the caller runs one shard of the work per core
    /// (training, batched scoring) and OpenBLAS's pool would only fight those
    /// threads for the cores (its idle workers spin in `sched_yield`).
    case perCore
}

/// Runs `body` with OpenBLAS in `mode`.
///
/// OpenBLAS's thread count is process-wide, and sgemm's rounding depends on
/// it (1 and 2 threads give different last bits). So calls in different
/// modes never overlap: a call waits until every call in the other mode has
/// left, and calls in the same mode run together. Every result then depends
/// only on its own code path, never on what another thread happened to be
/// doing — the same bits run after run, however calls interleave. A call
/// made from inside another (on the same thread) keeps the mode held.
package func withBLASThreading<Result>(_ mode: BLASThreading, _ body: () throws -> Result) rethrows -> Result {
    if BLASGate.isHeldByThisThread { return try body() }
    BLASGate.enter(mode)
    defer { BLASGate.leave() }
    return try body()
}

private enum BLASGate {
    private static let condition = NSCondition()
    nonisolated(unsafe) private static var mode: BLASThreading?
    nonisolated(unsafe) private static var users = 0
    nonisolated(unsafe) private static var pooledThreads: Int32 = 1
    private static let heldKey = "emerge.blas-threading.held"

    static var isHeldByThisThread: Bool { Thread.current.threadDictionary[heldKey] != nil }

    static func enter(_ requested: BLASThreading) {
        condition.lock()
        while users > 0 && mode != requested { condition.wait() }
        if users == 0 {
            mode = requested
            if requested == .perCore {
                pooledThreads = openblas_get_num_threads()
                if pooledThreads != 1 { openblas_set_num_threads(1) }
            }
        }
        users += 1
        condition.unlock()
        Thread.current.threadDictionary[heldKey] = true
    }

    static func leave() {
        Thread.current.threadDictionary.removeObject(forKey: heldKey)
        condition.lock()
        users -= 1
        if users == 0 {
            if mode == .perCore && pooledThreads != 1 { openblas_set_num_threads(pooledThreads) }
            mode = nil
            condition.broadcast()
        }
        condition.unlock()
    }
}
