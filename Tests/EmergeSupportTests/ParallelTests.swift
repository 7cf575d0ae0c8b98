import EmergeSupport
import Foundation
import Testing

struct ParallelTests {
    @Test("parallelMap returns results in input order whatever order they finish in")
    func keepsOrder() {
        let items = Array(0..<200)
        let mapped = parallelMap(items, workers: 8) { i -> String in
            // Later items finish first.
            if i < 8 { Thread.sleep(forTimeInterval: 0.02) }
            return "item \(i)"
        }
        #expect(mapped == items.map { "item \($0)" })
        #expect(parallelMap([Int](), workers: 4) { $0 * 2 } == [])
        #expect(parallelMap([5], workers: 4) { $0 * 2 } == [10])
    }

    @Test("parallelMap runs `workers` transforms at once, even when they block")
    func runsConcurrently() {
        let gate = Gate(expected: 6)
        let arrivals = parallelMap(Array(0..<6), workers: 6) { _ in gate.arriveAndWait(timeout: 10) }
        // A map that ran items one after another would time out at the first.
        #expect(arrivals.allSatisfy { $0 })
    }

    @Test("parallelMap throws the error of the lowest failing index and rethrows nothing when none fails")
    func errors() throws {
        struct Failure: Error, Equatable { var index: Int }
        let error = #expect(throws: Failure.self) {
            try parallelMap(Array(0..<50), workers: 4) { i throws(Failure) -> Int in
                if i == 17 || i == 31 { throw Failure(index: i) }
                return i
            }
        }
        #expect(error == Failure(index: 17))
        #expect(try parallelMap(Array(0..<10), workers: 3) { i throws(Failure) in i + 1 } == Array(1...10))
    }

    @Test("parallelFor and parallelRows visit every index exactly once")
    func coverage() {
        let counts = Counts(size: 10_000)
        parallelFor(100) { i in for j in (i * 100)..<((i + 1) * 100) { counts.add(j) } }
        parallelRows(10_000, grain: 16) { range in for j in range { counts.add(j) } }
        parallelRows(5, grain: 64) { range in for j in range { counts.add(j) } }
        #expect(counts.values.enumerated().allSatisfy { $0.element == ($0.offset < 5 ? 3 : 2) })
    }
}

/// Lets `expected` threads wait until all of them have arrived.
private final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var arrived = 0
    private let expected: Int
    init(expected: Int) { self.expected = expected }

    func arriveAndWait(timeout: TimeInterval) -> Bool {
        condition.lock(); defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while arrived < expected {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }
}

/// Per-index visit counts, safe to bump from several threads.
private final class Counts: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Int]
    init(size: Int) { storage = Array(repeating: 0, count: size) }
    func add(_ i: Int) { lock.lock(); storage[i] += 1; lock.unlock() }
    var values: [Int] { lock.lock(); defer { lock.unlock() }; return storage }
}
