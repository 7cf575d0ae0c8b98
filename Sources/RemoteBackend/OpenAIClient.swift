import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How a client talks to a server: per-request timeout, retries and the
/// number of requests in flight at once.
public struct ClientSettings: Sendable, Equatable {
    /// Seconds one attempt may take, from sending to the last byte of the answer.
    public var timeout: Double
    public var retry: RetryPolicy
    /// Requests in flight at once (per calling style: async and blocking calls are bounded separately).
    public var concurrency: Int

    public init(timeout: Double = 300, retry: RetryPolicy = RetryPolicy(), concurrency: Int = 4) {
        self.timeout = timeout; self.retry = retry; self.concurrency = max(1, concurrency)
    }
}

/// An HTTP client of an OpenAI-compatible server (vLLM, or `emerge-analyze serve`):
/// JSON over URLSession, a timeout per attempt, retries with exponential
/// backoff and jitter on 408/409/429/5xx, timeouts and connection errors,
/// and a bound on concurrent requests. Safe to share between tasks and threads.
public final class OpenAIClient: Sendable {
    /// The API root, ending in `/v1`.
    public let baseURL: URL
    public let settings: ClientSettings
    private let apiKey: String?
    private let session: URLSession
    private let limiter: ConcurrencyLimiter
    private let blockingSlots: DispatchSemaphore

    /// `baseURL` may be given with or without the trailing `/v1` (or even as
    /// the full `…/v1/completions` URL); `apiKey` is sent as a Bearer token.
    public init(baseURL: String, apiKey: String? = nil, settings: ClientSettings = ClientSettings()) throws {
        var text = baseURL.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        for suffix in ["/completions", "/models"] where text.hasSuffix("/v1" + suffix) {
            text.removeLast(suffix.count)
        }
        if !text.hasSuffix("/v1") { text += "/v1" }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host != nil else {
            throw RemoteError.invalidBaseURL(baseURL)
        }
        self.baseURL = url
        self.apiKey = apiKey
        self.settings = settings
        let configuration = URLSessionConfiguration.ephemeral
        // The watchdog in `attempt` enforces `settings.timeout`; URLSession's own
        // timers (whole seconds in FoundationNetworking) only back it up.
        configuration.timeoutIntervalForRequest = settings.timeout.rounded(.up) + 5
        configuration.timeoutIntervalForResource = settings.timeout.rounded(.up) + 5
        configuration.httpMaximumConnectionsPerHost = settings.concurrency
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
        limiter = ConcurrencyLimiter(limit: settings.concurrency)
        blockingSlots = DispatchSemaphore(value: settings.concurrency)
    }

    deinit { session.finishTasksAndInvalidate() }

    // MARK: Endpoints

    /// POST /v1/completions. A server that refuses the vLLM extension
    /// `return_token_ids` by name (HTTP 400) is asked again without it.
    public func complete(_ request: CompletionRequest) async throws -> CompletionResponse {
        do {
            return try decode(CompletionResponse.self, from: try await send(try urlRequest("completions", body: request)),
                              path: "completions")
        } catch let error as RemoteError where Self.refusesTokenIDs(error, request) {
            var plain = request
            plain.returnTokenIDs = nil
            return try await complete(plain)
        }
    }

    /// POST /v1/completions from synchronous code (blocks the calling thread,
    /// never a Swift concurrency worker: call it from plain threads only).
    public func completeBlocking(_ request: CompletionRequest) throws -> CompletionResponse {
        do {
            return try decode(CompletionResponse.self, from: try sendBlocking(try urlRequest("completions", body: request)),
                              path: "completions")
        } catch let error as RemoteError where Self.refusesTokenIDs(error, request) {
            var plain = request
            plain.returnTokenIDs = nil
            return try completeBlocking(plain)
        }
    }

    /// Whether `error` is a 400 naming `return_token_ids` (a server without the vLLM extension).
    static func refusesTokenIDs(_ error: RemoteError, _ request: CompletionRequest) -> Bool {
        guard request.returnTokenIDs != nil, case .httpStatus(_, 400, let message, _) = error else { return false }
        return message.contains("return_token_ids")
    }

    /// Many completions at once, at most `settings.concurrency` in flight;
    /// answers keep the order of `requests`. The first failure cancels the rest.
    public func completeAll(_ requests: [CompletionRequest]) async throws -> [CompletionResponse] {
        try await withThrowingTaskGroup(of: (Int, CompletionResponse).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, try await self.complete(request)) }
            }
            var answers = [CompletionResponse?](repeating: nil, count: requests.count)
            for try await (index, answer) in group { answers[index] = answer }
            return answers.map { $0! }
        }
    }

    /// GET /v1/models.
    public func models() async throws -> ModelList {
        var request = URLRequest(url: baseURL.appendingPathComponent("models"))
        request.httpMethod = "GET"
        authorize(&request)
        return try decode(ModelList.self, from: try await send(request), path: "models")
    }

    // MARK: Transport

    private func urlRequest(_ path: String, body: some Encodable) throws -> URLRequest {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(body)
        authorize(&request)
        return request
    }

    private func authorize(_ request: inout URLRequest) {
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.timeoutInterval = settings.timeout.rounded(.up) + 5
        if let apiKey, !apiKey.isEmpty { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
    }

    private func send(_ request: URLRequest) async throws -> Data {
        try await limiter.withSlot {
            try await withCheckedContinuation { (continuation: CheckedContinuation<Result<Data, RemoteError>, Never>) in
                self.perform(request, retry: 0) { continuation.resume(returning: $0) }
            }.get()
        }
    }

    private func sendBlocking(_ request: URLRequest) throws -> Data {
        blockingSlots.wait()
        defer { blockingSlots.signal() }
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        perform(request, retry: 0) { box.set($0); done.signal() }
        done.wait()
        return try box.get().get()
    }

    private func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw RemoteError.malformedResponse(url: baseURL.appendingPathComponent(path).absoluteString,
                                                detail: "\(T.self) could not be decoded (\(Self.decodingSummary(error)))")
        }
    }

    /// One attempt, then retries scheduled on a dispatch queue (callbacks, so
    /// the blocking and the async entry points share one retry loop).
    private func perform(_ request: URLRequest, retry: Int,
                         completion: @escaping @Sendable (Result<Data, RemoteError>) -> Void) {
        attempt(request) { outcome in
            let attempts = retry + 1
            let url = request.url?.absoluteString ?? "?"
            let failure: RemoteError
            var retryAfter: Double?
            switch outcome {
            case .answer(let status, let data, let after):
                if (200..<300).contains(status) { completion(.success(data)); return }
                failure = .httpStatus(url: url, status: status, message: Self.errorMessage(data), attempts: attempts)
                guard RetryPolicy.isRetryable(status: status) else { completion(.failure(failure)); return }
                retryAfter = after
            case .timedOut:
                failure = .timedOut(url: url, seconds: self.settings.timeout, attempts: attempts)
            case .transport(let detail):
                failure = .connectionFailed(url: url, detail: detail, attempts: attempts)
            }
            guard retry < self.settings.retry.maxRetries else { completion(.failure(failure)); return }
            var generator = SystemRandomNumberGenerator()
            let wait = self.settings.retry.delay(beforeRetry: retry, retryAfter: retryAfter, using: &generator)
            DispatchQueue.global().asyncAfter(deadline: .now() + wait) {
                self.perform(request, retry: retry + 1, completion: completion)
            }
        }
    }

    private enum Outcome: Sendable {
        case answer(status: Int, data: Data, retryAfter: Double?)
        case timedOut
        case transport(String)
    }

    /// One HTTP exchange with a watchdog that cancels it at the timeout
    /// (URLSession's own idle timeout does not bound a trickling answer).
    private func attempt(_ request: URLRequest, completion: @escaping @Sendable (Outcome) -> Void) {
        let state = AttemptState()
        let task = session.dataTask(with: request) { data, response, error in
            guard state.finish() else { return }
            if let http = response as? HTTPURLResponse, error == nil {
                let after = http.value(forHTTPHeaderField: "Retry-After").flatMap(Double.init)
                completion(.answer(status: http.statusCode, data: data ?? Data(), retryAfter: after))
            } else if let urlError = error as? URLError, urlError.code == .timedOut {
                completion(.timedOut)
            } else {
                completion(.transport(Self.transportSummary(error)))
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + settings.timeout) { [weak task] in
            guard state.finish() else { return }
            task?.cancel()
            completion(.timedOut)
        }
        task.resume()
    }

    private static func errorMessage(_ data: Data) -> String {
        if let body = try? JSONDecoder().decode(ErrorBody.self, from: data) { return body.error.message }
        let text = String(decoding: data.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }

    private static func transportSummary(_ error: (any Error)?) -> String {
        guard let error else { return "no HTTP answer" }
        if let urlError = error as? URLError {
            switch urlError.code {
            case .cannotConnectToHost: return "connection refused"
            case .networkConnectionLost: return "connection lost"
            case .cannotFindHost: return "unknown host"
            case .notConnectedToInternet: return "network unreachable"
            default: return urlError.localizedDescription
            }
        }
        return error.localizedDescription
    }

    private static func decodingSummary(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "missing '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            return "\(context.debugDescription) at \(path(context))"
        default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "the top level" : path
    }
}

/// Whether an attempt has already been answered (by URLSession or the watchdog).
private final class AttemptState: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    /// True for the first caller only.
    func finish() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if finished { return false }
        finished = true
        return true
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Data, RemoteError> = .failure(.unsupported("no answer"))
    func set(_ value: Result<Data, RemoteError>) { lock.lock(); result = value; lock.unlock() }
    func get() -> Result<Data, RemoteError> { lock.lock(); defer { lock.unlock() }; return result }
}
