import Foundation
import ModelServer
import OpenAIWire
import RemoteBackend
import Testing

@Suite("Bad requests get 4xx with an OpenAI error body, and the server keeps serving", .serialized)
struct BadRequestTests {
    static func body(_ object: [String: Any]) -> Data { try! JSONSerialization.data(withJSONObject: object) }

    /// Sends a request that must be refused with `status`; checks the error body names `param`.
    static func expectRefused(_ server: RunningServer, _ payload: Data, status: Int, param: String?,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (code, data) = try await rawRequest(server.baseURL + "/completions", body: payload)
        #expect(code == status, sourceLocation: sourceLocation)
        let error = try #require(jsonObject(data)?["error"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(error["message"] is String, sourceLocation: sourceLocation)
        #expect(error["type"] is String, sourceLocation: sourceLocation)
        #expect(error.keys.contains("param") && error.keys.contains("code"), sourceLocation: sourceLocation)
        #expect((error["param"] as? String) == param, sourceLocation: sourceLocation)
    }

    @Test("invalid JSON, bad parameters, unknown model, a 10 MB prompt → 4xx; a valid request then succeeds")
    func refusals() async throws {
        try await withServer { server in
            let valid: [String: Any] = ["model": Fixture.name, "prompt": "Q: 1+1=", "max_tokens": 2, "temperature": 0]
            func with(_ key: String, _ value: Any) -> Data { var v = valid; v[key] = value; return Self.body(v) }

            try await Self.expectRefused(server, Data("{\"model\": \"gpt2-tiny\", \"prompt\": ".utf8), status: 400, param: nil)
            try await Self.expectRefused(server, Data("[1, 2]".utf8), status: 400, param: nil)
            try await Self.expectRefused(server, with("max_tokens", -1), status: 400, param: "max_tokens")
            try await Self.expectRefused(server, with("max_tokens", "ten"), status: 400, param: "max_tokens")
            try await Self.expectRefused(server, with("logprobs", 50), status: 400, param: "logprobs")
            try await Self.expectRefused(server, with("top_p", 0), status: 400, param: "top_p")
            try await Self.expectRefused(server, with("temperature", -0.5), status: 400, param: "temperature")
            try await Self.expectRefused(server, with("n", 0), status: 400, param: "n")
            try await Self.expectRefused(server, with("prompt", [5, 99_999]), status: 400, param: "prompt")
            try await Self.expectRefused(server, with("prompt", String(repeating: "word ", count: 400)), status: 400, param: "prompt")
            try await Self.expectRefused(server, Self.body(["prompt": "x"]), status: 400, param: "model")
            try await Self.expectRefused(server, with("model", "gpt-5"), status: 404, param: "model")
            let huge = with("prompt", String(repeating: "x", count: 10 << 20))
            try await Self.expectRefused(server, huge, status: 413, param: nil)

            let (status, data) = try await rawRequest(server.baseURL + "/completions", body: Self.body(valid))
            #expect(status == 200)
            let choices = try #require(jsonObject(data)?["choices"] as? [[String: Any]])
            #expect(choices.count == 1)
        }
    }

    @Test("/v1/models lists the served model with its context length")
    func modelList() async throws {
        try await withServer { server in
            let list = try await OpenAIClient(baseURL: server.baseURL).models()
            #expect(list.object == "list")
            #expect(list.data.map(\.id) == [Fixture.name])
            #expect(list.data.first?.maxModelLength == Fixture.model.config.maxPositions)
        }
    }

    @Test("graceful shutdown finishes the request in flight, then refuses connections")
    func gracefulShutdown() async throws {
        let model = try await ModelServer(model: Fixture.model, servedName: Fixture.name,
                                          configuration: ServerConfiguration(port: 0))
        let server = try await model.start()
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(timeout: 30, retry: RetryPolicy(maxRetries: 0)))
        // Streamed, so the test can see the request is being served (the
        // server counts each token as it goes out) before it stops the
        // server; a fixed sleep loses that race on a loaded machine.
        var request = CompletionRequest(model: Fixture.name, prompt: .text("Once upon a time"), maxTokens: 64, temperature: 0)
        request.ignoreEOS = true
        let inFlight = Task { () throws -> (chunks: Int, finished: Bool) in
            var chunks = 0, finished = false
            for try await chunk in client.streamCompletion(request) {
                chunks += 1
                if chunk.choices.contains(where: { $0.finishReason != nil }) { finished = true }
            }
            return (chunks, finished)
        }
        let deadline = Date().addingTimeInterval(60)
        while model.service.counter.tokens == 0 && Date() < deadline { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(model.service.counter.tokens > 0, "the request never reached the model")
        await server.stop()
        let answer = try await inFlight.value
        #expect(answer.finished && answer.chunks > 1)
        #expect(model.service.counter.tokens == 64)
        await #expect(throws: RemoteError.self) {
            try await client.complete(CompletionRequest(model: Fixture.name, prompt: .text("x"), maxTokens: 1))
        }
    }
}
