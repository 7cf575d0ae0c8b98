import Foundation

/// Whether a streamed answer's client is still there: closed once, by the
/// writer (a failed write, or the response ending) and read by the model
/// worker before each token.
final class StreamGate: @unchecked Sendable {
    private let lock = NSLock()
    private var open = true

    var isOpen: Bool {
        lock.lock(); defer { lock.unlock() }
        return open
    }

    func close() {
        lock.lock(); open = false; lock.unlock()
    }
}
