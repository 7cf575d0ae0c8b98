import Foundation

/// Lets a closure that captures raw buffers cross into Dispatch's worker
/// threads. Safe here because every caller gives each iteration disjoint
/// memory to write and waits for all iterations before returning.
private struct UncheckedSendable<Value>: @unchecked Sendable { let value: Value }

/// Runs `body(i)` for every i in `0..<iterations` on all cores and returns when all are done.
func parallelFor(_ iterations: Int, _ body: (Int) -> Void) {
    if iterations == 1 { body(0); return }
    withoutActuallyEscaping(body) { escaping in
        let box = UncheckedSendable(value: escaping)
        DispatchQueue.concurrentPerform(iterations: iterations) { box.value($0) }
    }
}

/// Runs `body` over `0..<count` split into contiguous chunks, one per core.
/// Each index is processed exactly once by one thread, so any layer whose
/// rows are independent stays bit-reproducible.
func parallelRows(_ count: Int, grain: Int = 64, _ body: (Range<Int>) -> Void) {
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, count / grain))
    if workers <= 1 { body(0..<count); return }
    let chunk = (count + workers - 1) / workers
    parallelFor(workers) { w in
        let start = w * chunk
        let end = min(count, start + chunk)
        if start < end { body(start..<end) }
    }
}
