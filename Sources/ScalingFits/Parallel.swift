import Foundation

/// Maps `items` with `transform` on up to `workers` threads, keeping order.
func parallelMap<T: Sendable, R>(_ items: [T], workers: Int, _ transform: @Sendable (T) -> R) -> [R] {
    let chunks = max(1, min(workers, items.count))
    if chunks == 1 { return items.map(transform) }
    let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    let box = UnsafeSendable(results)
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        var i = c
        while i < items.count { box.value[i] = transform(items[i]); i += chunks }
    }
    return results.map { $0! }
}

/// Lets disjoint indices of one buffer be written from concurrentPerform.
struct UnsafeSendable<T>: @unchecked Sendable { let value: T; init(_ v: T) { value = v } }
