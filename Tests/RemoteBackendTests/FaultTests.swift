import Foundation
import OpenAIWire
import Testing
@testable import RemoteBackend

/// The client against real sockets on 127.0.0.1 that misbehave on purpose.
@Suite("Client faults on loopback", .serialized)
struct FaultTests {
    static let okBody = #"""
    {"id":"c","object":"text_completion","created":0,"model":"m","choices":[{"index":0,"text":" 4","finish_reason":"length",
     "logprobs":{"tokens":[" 4"],"token_logprobs":[-0.1],"top_logprobs":[{" 4":-0.1}],"text_offset":[0]}}],
     "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}
    """#
    static let request = CompletionRequest(model: "m", prompt: .text("2+2="), maxTokens: 1, temperature: 0, logprobs: 1)
    static let fastRetries = RetryPolicy(maxRetries: 4, baseDelay: 0.02, maxDelay: 0.1)

    @Test("429 then 200 is retried and succeeds")
    func retriesTooManyRequests() async throws {
        let server = try ScriptedHTTPServer { k in
            k == 0 ? .answer(status: 429, body: #"{"error":{"message":"slow down","type":"rate_limit","param":null,"code":null}}"#)
                   : .answer(status: 200, body: Self.okBody)
        }
        defer { server.stop() }
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(timeout: 5, retry: Self.fastRetries))
        let answer = try await client.complete(Self.request)
        #expect(answer.choices.first?.text == " 4")
        #expect(server.requestCount == 2)
    }

    @Test("503 twice then 200 succeeds from blocking code too")
    func retriesServerErrorsBlocking() throws {
        let server = try ScriptedHTTPServer { k in
            k < 2 ? .answer(status: 503, body: "overloaded") : .answer(status: 200, body: Self.okBody)
        }
        defer { server.stop() }
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(timeout: 5, retry: Self.fastRetries))
        let answer = try client.completeBlocking(Self.request)
        #expect(answer.usage?.totalTokens == 4)
        #expect(server.requestCount == 3)
    }

    @Test("400 is not retried and its error message is reported")
    func clientErrorsAreFinal() async throws {
        let server = try ScriptedHTTPServer { _ in
            .answer(status: 400, body: #"{"error":{"message":"max_tokens must be ≥ 0","type":"invalid_request_error","param":"max_tokens","code":null}}"#)
        }
        defer { server.stop() }
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(timeout: 5, retry: Self.fastRetries))
        await #expect {
            try await client.complete(Self.request)
        } throws: { error in
            guard case .httpStatus(_, 400, let message, 1)? = error as? RemoteError else { return false }
            return message == "max_tokens must be ≥ 0"
        }
        #expect(server.requestCount == 1)
    }

    @Test("a server that refuses return_token_ids by name is asked again without it")
    func fallsBackWithoutTokenIDs() async throws {
        let server = try ScriptedHTTPServer { k in
            k == 0 ? .answer(status: 400, body: #"{"error":{"message":"Unrecognized request argument supplied: return_token_ids","type":"invalid_request_error","param":null,"code":null}}"#)
                   : .answer(status: 200, body: Self.okBody)
        }
        defer { server.stop() }
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(timeout: 5, retry: Self.fastRetries))
        var request = Self.request
        request.returnTokenIDs = true
        let answer = try await client.complete(request)
        #expect(answer.choices.count == 1)
        #expect(server.requestCount == 2)
    }

    @Test("a server that never answers times out with a clear error, in bounded time")
    func silentServerTimesOut() async throws {
        let server = try ScriptedHTTPServer { _ in .silence }
        defer { server.stop() }
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(
            timeout: 0.5, retry: RetryPolicy(maxRetries: 1, baseDelay: 0.01, maxDelay: 0.01)))
        let start = Date()
        await #expect {
            try await client.complete(Self.request)
        } throws: { error in
            guard let remote = error as? RemoteError, case .timedOut(_, 0.5, 2) = remote else { return false }
            return remote.description.contains("did not answer within 0.50 s (2 attempts)")
        }
        // Well under what a missing timeout would take (forever), with room for
        // suites that occupy every core (and the test's own resumption) meanwhile.
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 1.0 && elapsed < 60)
        #expect(server.requestCount == 2)
    }

    @Test("a closed port is a connection error after the retries")
    func refusedConnection() async throws {
        let server = try ScriptedHTTPServer { _ in .silence }
        let port = server.port
        server.stop()
        let client = try OpenAIClient(baseURL: "http://127.0.0.1:\(port)/v1", settings: ClientSettings(
            timeout: 2, retry: RetryPolicy(maxRetries: 2, baseDelay: 0.01, maxDelay: 0.02)))
        await #expect {
            try await client.complete(Self.request)
        } throws: { error in
            guard let remote = error as? RemoteError, case .connectionFailed(_, "connection refused", 3) = remote else {
                return false
            }
            return remote.description.contains("connection refused; 3 attempts")
        }
    }

    @Test("an answer that trickles in without end is cut at the timeout")
    func tricklingAnswerTimesOut() async throws {
        let server = try ScriptedHTTPServer { _ in .trickle(interval: 0.05) }
        defer { server.stop() }
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(
            timeout: 0.5, retry: RetryPolicy(maxRetries: 0)))
        let start = Date()
        await #expect {
            try await client.complete(Self.request)
        } throws: { error in
            guard case .timedOut(_, 0.5, 1)? = error as? RemoteError else { return false }
            return true
        }
        // The body would take hours to arrive; the bound leaves room for a loaded machine.
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.5 && elapsed < 60)
    }

    @Test("cancelling the calling task ends the request in flight with CancellationError, without retrying")
    func cancellationEndsTheRequest() async throws {
        let server = try ScriptedHTTPServer { _ in .silence }
        defer { server.stop() }
        // Without cancellation the attempt would run to its 120 s timeout.
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(timeout: 120, retry: Self.fastRetries))
        let start = Date()
        let task = Task { try await client.complete(Self.request) }
        while server.requestCount == 0 && Date().timeIntervalSince(start) < 30 { try await Task.sleep(nanoseconds: 10_000_000) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(server.requestCount == 1)
    }

    @Test("cancelling during the wait before a retry stops the retries")
    func cancellationStopsRetries() async throws {
        // Retry-After makes the wait 120 s exactly.
        let server = try ScriptedHTTPServer { _ in .answer(status: 503, body: "overloaded", headers: ["Retry-After": "120"]) }
        defer { server.stop() }
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(
            timeout: 5, retry: RetryPolicy(maxRetries: 5, baseDelay: 0.01, maxDelay: 120)))
        let start = Date()
        let task = Task { try await client.complete(Self.request) }
        while server.requestCount == 0 && Date().timeIntervalSince(start) < 30 { try await Task.sleep(nanoseconds: 10_000_000) }
        try await Task.sleep(nanoseconds: 100_000_000)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(server.requestCount == 1)
    }

    @Test("a body that is not a completion is a clear decoding error")
    func malformedAnswer() async throws {
        let server = try ScriptedHTTPServer { _ in .answer(status: 200, body: #"{"choices": 3}"#) }
        defer { server.stop() }
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(timeout: 5, retry: Self.fastRetries))
        await #expect {
            try await client.complete(Self.request)
        } throws: { error in
            guard case .malformedResponse? = error as? RemoteError else { return false }
            return "\(error)".contains("unexpected answer")
        }
    }
}
