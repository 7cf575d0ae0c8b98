import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OpenAIWire

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
/// JSON over AsyncHTTPClient, a timeout per attempt that bounds the whole
/// exchange (connecting, sending, and reading the answer to its last byte),
/// retries with exponential backoff and jitter on 408/409/429/5xx, timeouts
/// and connection errors, and a bound on concurrent requests. Cancelling the
/// calling task ends the request in flight (or the wait before a retry) and
/// throws `CancellationError`. Safe to share between tasks and threads.
public final class OpenAIClient: Sendable {
    /// The API root, ending in `/v1`.
    public let baseURL: URL
    public let settings: ClientSettings
    private let apiKey: String?
    let limiter: ConcurrencyLimiter
    let blockingSlots: DispatchSemaphore

    /// `baseURL` may be given with or without the trailing `/v1` (or even as
    /// the full `…/v1/completions` URL); `apiKey` is sent as a Bearer token.
    /// Throws `RemoteError.invalidBaseURL` unless the URL is http(s) with a host.
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
        limiter = ConcurrencyLimiter(limit: settings.concurrency)
        blockingSlots = DispatchSemaphore(value: settings.concurrency)
    }

    // MARK: Endpoints

    /// POST /v1/completions. A server that refuses the vLLM extension
    /// `return_token_ids` by name (HTTP 400) is asked again without it.
    public func complete(_ request: CompletionRequest) async throws -> CompletionResponse {
        do {
            let body = try await limiter.withSlot { try await self.exchange(try self.post("completions", body: request)) }
            return try decode(CompletionResponse.self, from: body, path: "completions")
        } catch let error as RemoteError where Self.refusesTokenIDs(error, request) {
            var plain = request
            plain.returnTokenIDs = nil
            return try await complete(plain)
        }
    }

    /// POST /v1/completions from synchronous code. It blocks the calling
    /// thread until the answer is in (the exchange itself runs on the HTTP
    /// client's event loops), so call it from plain threads only, never from
    /// a Swift concurrency task or an event loop.
    public func completeBlocking(_ request: CompletionRequest) throws -> CompletionResponse {
        do {
            blockingSlots.wait()
            defer { blockingSlots.signal() }
            let body = try exchangeBlocking(try post("completions", body: request))
            return try decode(CompletionResponse.self, from: body, path: "completions")
        } catch let error as RemoteError where Self.refusesTokenIDs(error, request) {
            var plain = request
            plain.returnTokenIDs = nil
            return try completeBlocking(plain)
        }
    }

    static func refusesTokenIDs(_ error: RemoteError, _ request: CompletionRequest) -> Bool {
        refusesTokenIDs(error, asked: request.returnTokenIDs != nil)
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
        let request = try HTTPClient.Request(url: url("models"), method: .GET, headers: headers())
        let body = try await limiter.withSlot { try await self.exchange(request) }
        return try decode(ModelList.self, from: body, path: "models")
    }

    // MARK: Transport

    func url(_ path: String) -> String { baseURL.appendingPathComponent(path).absoluteString }

    func post(_ path: String, body: some Encodable) throws -> HTTPClient.Request {
        var headers = headers()
        headers.add(name: "Content-Type", value: "application/json")
        return try HTTPClient.Request(url: url(path), method: .POST, headers: headers,
                                      body: .bytes(try JSONEncoder().encode(body)))
    }

    func headers() -> HTTPHeaders {
        var headers = HTTPHeaders([("Accept", "application/json")])
        if let apiKey, !apiKey.isEmpty { headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        return headers
    }

    func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
        } catch {
            throw RemoteError.malformedResponse(url: url(path), detail: "\(T.self) could not be decoded (\(Self.decodingSummary(error)))")
        }
    }

    /// The first attempt and the retries: a 2xx answer's body, or the last
    /// attempt's failure as a `RemoteError`; `CancellationError` as soon as
    /// the calling task is cancelled, during an attempt or the wait after it.
    func exchange(_ request: HTTPClient.Request) async throws -> ByteBuffer {
        var retry = 0
        while true {
            let attempt = start(request)
            let outcome: Outcome
            do {
                let response = try await withTaskCancellationHandler {
                    try await attempt.futureResult.get()
                } onCancel: {
                    attempt.cancel()
                }
                outcome = Self.outcome(response)
            } catch {
                try Task.checkCancellation()
                outcome = Self.outcome(error)
            }
            switch try next(after: outcome, of: request, retry: retry) {
            case .done(let body): return body
            case .retry(let wait): try await Task.sleep(nanoseconds: UInt64(wait * 1e9))
            }
            retry += 1
        }
    }

    /// `exchange` for synchronous callers: waits on the answer and sleeps between attempts.
    func exchangeBlocking(_ request: HTTPClient.Request) throws -> ByteBuffer {
        var retry = 0
        while true {
            let outcome: Outcome
            do {
                outcome = Self.outcome(try start(request).futureResult.wait())
            } catch {
                outcome = Self.outcome(error)
            }
            switch try next(after: outcome, of: request, retry: retry) {
            case .done(let body): return body
            case .retry(let wait): Thread.sleep(forTimeInterval: wait)
            }
            retry += 1
        }
    }

    /// Sends one attempt. The deadline bounds the whole exchange: connecting,
    /// sending, and receiving the answer to its last byte.
    private func start(_ request: HTTPClient.Request) -> HTTPClient.Task<HTTPClient.Response> {
        HTTPTransport.client.execute(
            request: request, delegate: ResponseAccumulator(request: request, maxBodySize: Self.maxAnswerBytes),
            deadline: .now() + .nanoseconds(Int64(settings.timeout * 1e9)))
    }

    /// What follows an attempt: done with a 2xx answer's body, a retry after
    /// a wait, or (thrown) the final `RemoteError` once no retry is left.
    private func next(after outcome: Outcome, of request: HTTPClient.Request, retry: Int) throws -> Step {
        let attempts = retry + 1
        let url = request.url.absoluteString
        let failure: RemoteError
        var retryAfter: Double?
        switch outcome {
        case .answer(let status, let body, let after):
            if (200..<300).contains(status) { return .done(body) }
            failure = .httpStatus(url: url, status: status, message: Self.errorMessage(body), attempts: attempts)
            guard RetryPolicy.isRetryable(status: status) else { throw failure }
            retryAfter = after
        case .timedOut:
            failure = .timedOut(url: url, seconds: settings.timeout, attempts: attempts)
        case .transport(let detail):
            failure = .connectionFailed(url: url, detail: detail, attempts: attempts)
        }
        guard retry < settings.retry.maxRetries else { throw failure }
        var generator = SystemRandomNumberGenerator()
        return .retry(after: settings.retry.delay(beforeRetry: retry, retryAfter: retryAfter, using: &generator))
    }

    private enum Step {
        case done(ByteBuffer)
        case retry(after: Double)
    }

    private enum Outcome: Sendable {
        case answer(status: Int, body: ByteBuffer, retryAfter: Double?)
        case timedOut
        case transport(String)
    }

    /// The most bytes an answer may have (a scored long prompt with many
    /// alternatives per token runs to megabytes; this only stops a runaway).
    private static let maxAnswerBytes = 1 << 30

    private static func outcome(_ response: HTTPClient.Response) -> Outcome {
        .answer(status: Int(response.status.code), body: response.body ?? ByteBuffer(),
                retryAfter: response.headers.first(name: "Retry-After").flatMap(Double.init))
    }

    private static func outcome(_ error: any Error) -> Outcome {
        if let client = error as? HTTPClientError, [.deadlineExceeded, .readTimeout, .connectTimeout].contains(client) {
            return .timedOut
        }
        return .transport(transportSummary(error))
    }

    static func errorMessage(_ body: ByteBuffer) -> String {
        let data = Data(body.readableBytesView)
        if let decoded = try? JSONDecoder().decode(ErrorBody.self, from: data) { return decoded.error.message }
        let text = String(decoding: data.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }

    private static func transportSummary(_ error: any Error) -> String {
        if let io = HTTPTransport.ioError(in: error) {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET, EPIPE: return "connection lost"
            case ENETUNREACH, EHOSTUNREACH: return "network unreachable"
            default: return io.description
            }
        }
        if let client = error as? HTTPClientError {
            return client == .remoteConnectionClosed ? "connection lost" : String(describing: client)
        }
        if error is ResponseAccumulator.ResponseTooBigError { return "the answer exceeds \(maxAnswerBytes) bytes" }
        if HTTPTransport.isUnknownHost(error) { return "unknown host" }
        return String(describing: error)
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
