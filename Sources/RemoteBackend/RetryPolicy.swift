import Foundation

/// When and how long to wait before retrying a failed request: exponential
/// backoff with "full jitter" (a uniform draw in [0, min(cap, base·2^k)]),
/// which spreads the retries of many clients hitting one overloaded server.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (0 = never retry).
    public var maxRetries: Int
    /// Upper bound of the first wait, in seconds.
    public var baseDelay: Double
    /// No wait exceeds this, in seconds.
    public var maxDelay: Double

    public init(maxRetries: Int = 5, baseDelay: Double = 0.5, maxDelay: Double = 20) {
        self.maxRetries = maxRetries; self.baseDelay = baseDelay; self.maxDelay = maxDelay
    }

    /// The wait before retry number `retry` (0-based), in seconds; a server's
    /// `Retry-After` (seconds) raises it, bounded by `maxDelay`.
    public func delay(beforeRetry retry: Int, retryAfter: Double? = nil,
                      using generator: inout some RandomNumberGenerator) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(min(retry, 30))))
        let jittered = Double.random(in: 0...max(ceiling, 0), using: &generator)
        return min(maxDelay, max(jittered, retryAfter ?? 0))
    }

    /// Whether an HTTP status is worth retrying: 408, 409, 429 and every 5xx.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || (500...599).contains(status)
    }
}
