import Foundation

/// Tokens generated since the server started, counted as the model makes
/// them (a streamed answer token by token), so a monitor — or a test — can
/// see the model stop when a streaming client goes away.
public final class GenerationCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    public init() {}

    /// The tokens counted so far.
    public var tokens: Int {
        lock.lock(); defer { lock.unlock() }
        return count
    }

    func add(_ n: Int) {
        lock.lock(); count += n; lock.unlock()
    }
}
