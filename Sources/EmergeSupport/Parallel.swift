import Foundation

/// The cores this process may use, read once (on Linux the getter reads
/// cgroup files, too slow to call in an inner loop). At least 1.
public let availableCores = max(1, ProcessInfo.processInfo.activeProcessorCount)

/// Lets a closure or buffer cross into worker threads. Sound only because
/// every caller below gives each worker disjoint memory to write and waits
/// for all workers before it returns.
private struct UncheckedSendable<Value>: @unchecked Sendable { let value: Value }

/// Runs `body(i)` for every `i` in `0..<iterations` on Dispatch's worker
/// threads (at most one per core) and returns when all are done.
///
/// For CPU-bound loops whose iterations write disjoint memory: a run's
/// result then does not depend on how iterations were scheduled. Nested
/// calls are safe (Dispatch runs the inner loop on the threads it has).
public func parallelFor(_ iterations: Int, _ body: (Int) -> Void) {
    if iterations <= 0 { return }
    if iterations == 1 { body(0); return }
    withoutActuallyEscaping(body) { escaping in
        let box = UncheckedSendable(value: escaping)
        DispatchQueue.concurrentPerform(iterations: iterations) { box.value($0) }
    }
}

/// Runs `body` over `0..<count` split into contiguous chunks, one per core,
/// each at least `grain` long (one chunk, on the calling thread, when
/// `count < 2 × grain` or there is one core).
///
/// Each index is processed exactly once by one thread, so a loop whose
/// iterations are independent gives the same bits however it is split.
public func parallelRows(_ count: Int, grain: Int = 64, _ body: (Range<Int>) -> Void) {
    let workers = min(availableCores, max(1, count / max(1, grain)))
    if workers <= 1 { if count > 0 { body(0..<count) }; return }
    let chunk = (count + workers - 1) / workers
    parallelFor(workers) { w in
        let start = w * chunk
        let end = min(count, start + chunk)
        if start < end { body(start..<end) }
    }
}

/// `items.map(transform)` on up to `workers` threads at once; the results
/// come back in the order of `items` whatever order they finished in.
///
/// Each worker claims the next unclaimed item until none is left, so slow
/// items do not hold up the rest. The workers are threads of their own (the
/// calling thread is one of them), not Dispatch's pool: a transform may block
/// on the network or a lock without starving other work, and `workers`
/// requests really are in flight at once. Once a transform throws, no new
/// item is started; the error of the lowest-indexed failed item is thrown.
/// With `workers` ≤ 1 (or one item) everything runs on the calling thread.
/// `transform` is escaping because the worker threads may release it only
/// after this function has returned.
public func parallelMap<T: Sendable, R, E: Error>(
    _ items: [T], workers: Int = availableCores, _ transform: @escaping @Sendable (T) throws(E) -> R
) throws(E) -> [R] {
    let threads = max(1, min(workers, items.count))
    if threads == 1 {
        var results: [R] = []
        results.reserveCapacity(items.count)
        for item in items { results.append(try transform(item)) }
        return results
    }
    let slots = MapSlots<R, E>(count: items.count)
    let work: @Sendable () -> Void = {
        while let i = slots.claim() {
            do throws(E) { slots.store(i, .success(UncheckedSendable(value: try transform(items[i])))) }
            catch { slots.store(i, .failure(error)) }
        }
    }
    let group = DispatchGroup()
    for _ in 1..<threads {
        group.enter()
        Thread { work(); group.leave() }.start()
    }
    work()
    group.wait()
    return try slots.results()
}

/// The shared state of one `parallelMap`: the next item to claim and each
/// item's result, behind one lock.
private final class MapSlots<R, E: Error>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var failed = false
    private var slots: [Result<UncheckedSendable<R>, E>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next unclaimed index, or nil when all are claimed or one failed.
    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard !failed, next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ index: Int, _ result: Result<UncheckedSendable<R>, E>) {
        lock.lock(); defer { lock.unlock() }
        slots[index] = result
        if case .failure = result { failed = true }
    }

    /// Every result in order, or the lowest-indexed failure.
    func results() throws(E) -> [R] {
        lock.lock(); defer { lock.unlock() }
        for case .failure(let error)? in slots { throw error }
        return slots.map { slot in
            guard case .success(let box)? = slot else { preconditionFailure("an item was never mapped") }
            return box.value
        }
    }
}
