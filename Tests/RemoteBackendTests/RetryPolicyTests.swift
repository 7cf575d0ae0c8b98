import EmergeSupport
import EmergeTestSupport
import Testing
@testable import RemoteBackend

@Suite("Backoff with jitter")
struct RetryPolicyTests {
    @Test("waits stay within [0, min(cap, base·2^k)] and Retry-After raises them")
    func bounds() {
        let policy = RetryPolicy(maxRetries: 8, baseDelay: 0.1, maxDelay: 2)
        var generator = SplitMix64(seed: 7)
        for retry in 0..<8 {
            let ceiling = min(2, 0.1 * Double(1 << retry))
            var waits: [Double] = []
            for _ in 0..<200 { waits.append(policy.delay(beforeRetry: retry, using: &generator)) }
            #expect(waits.allSatisfy { $0 >= 0 && $0 <= ceiling })
            // Jittered: the draws spread over the interval instead of sitting at one value.
            #expect(waits.max()! - waits.min()! > ceiling * 0.5)
        }
        #expect(policy.delay(beforeRetry: 0, retryAfter: 1.5, using: &generator) >= 1.5)
        #expect(policy.delay(beforeRetry: 0, retryAfter: 60, using: &generator) == 2)
    }

    @Test("429, 408 and 5xx are retried; other 4xx are not")
    func retryableStatuses() {
        #expect([408, 409, 429, 500, 502, 503, 504].allSatisfy(RetryPolicy.isRetryable))
        #expect(![400, 401, 403, 404, 413, 422].contains(where: RetryPolicy.isRetryable))
    }
}
