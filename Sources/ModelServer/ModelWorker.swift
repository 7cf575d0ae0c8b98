import Dispatch

/// Runs model calls one at a time on a dedicated thread, so a long forward
/// pass never occupies a Swift-concurrency worker or an HTTP event loop:
/// HTTP handling stays concurrent while model work is serialized (the
/// core's kernels use every core for one call; two calls would only contend).
final class ModelWorker: Sendable {
    private let queue = DispatchQueue(label: "emerge.model-worker", qos: .userInitiated)

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
