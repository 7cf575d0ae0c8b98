import CBLAS
import Foundation

/// Lets a closure that captures raw buffers cross into Dispatch's worker
/// threads. Safe here because every caller gives each iteration disjoint
/// memory to write and waits for all iterations before returning.
private struct UncheckedSendable<Value>: @unchecked Sendable { let value: Value }

/// The cores this process may use, read once (the getter reads cgroup files
/// on Linux, too slow to call per layer).
package let workerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

/// Runs `body(i)` for every i in `0..<iterations` on all cores and returns when all are done.
package func parallelFor(_ iterations: Int, _ body: (Int) -> Void) {
    if iterations == 1 { body(0); return }
    withoutActuallyEscaping(body) { escaping in
        let box = UncheckedSendable(value: escaping)
        DispatchQueue.concurrentPerform(iterations: iterations) { box.value($0) }
    }
}

/// Runs `body` over `0..<count` split into contiguous chunks, one per core.
/// Each index is processed exactly once by one thread, so any loop whose
/// iterations are independent stays bit-reproducible.
package func parallelRows(_ count: Int, grain: Int = 64, _ body: (Range<Int>) -> Void) {
    let workers = min(workerCount, max(1, count / grain))
    if workers <= 1 { body(0..<count); return }
    let chunk = (count + workers - 1) / workers
    parallelFor(workers) { w in
        let start = w * chunk
        let end = min(count, start + chunk)
        if start < end { body(start..<end) }
    }
}

/// Runs `body` with OpenBLAS confined to the calling thread.
///
/// Training and batched scoring run one shard of the batch per core and call
/// sgemm from each; OpenBLAS's own thread pool would then fight those threads
/// for the same cores (its idle workers spin in `sched_yield`), so they turn
/// it off for the duration; the previous setting comes back when the last
/// concurrent caller leaves.
package func withSingleThreadedBLAS<Result>(_ body: () throws -> Result) rethrows -> Result {
    BLASThreads.enter()
    defer { BLASThreads.leave() }
    return try body()
}

private enum BLASThreads {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var users = 0
    nonisolated(unsafe) private static var saved: Int32 = 1

    static func enter() {
        lock.lock(); defer { lock.unlock() }
        if users == 0 {
            saved = openblas_get_num_threads()
            if saved != 1 { openblas_set_num_threads(1) }
        }
        users += 1
    }

    static func leave() {
        lock.lock(); defer { lock.unlock() }
        users -= 1
        if users == 0, saved != 1 { openblas_set_num_threads(saved) }
    }
}
