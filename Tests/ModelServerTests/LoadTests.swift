import Foundation
import ModelServer
import OpenAIWire
import RemoteBackend
import Testing

@Suite("Load and restarts", .serialized)
struct LoadTests {
    @Test("8 concurrent clients × 200 requests: no failure, bounded time")
    func eightClients() async throws {
        try await withServer { server in
            let start = Date()
            let failures = try await withThrowingTaskGroup(of: Int.self) { group in
                for clientIndex in 0..<8 {
                    group.addTask {
                        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(
                            timeout: 60, retry: RetryPolicy(maxRetries: 0), concurrency: 1))
                        var failed = 0
                        for k in 0..<200 {
                            let request = CompletionRequest(model: Fixture.name, prompt: .text("Q: \(clientIndex)+\(k)= A:"),
                                                            maxTokens: k % 2, temperature: 0, logprobs: 1, echo: true)
                            do {
                                let answer = try await client.complete(request)
                                if answer.choices.first?.logprobs?.tokenLogprobs.first != .some(nil) { failed += 1 }
                            } catch { failed += 1 }
                        }
                        return failed
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(failures == 0)
            #expect(Date().timeIntervalSince(start) < 300)
        }
    }

    @Test("a client riding out a server restart on the same port completes its requests")
    func survivesRestart() async throws {
        let first = try await ModelServer(model: Fixture.model, servedName: Fixture.name,
                                          configuration: ServerConfiguration(port: 0)).start()
        let port = first.port
        let client = try OpenAIClient(baseURL: first.baseURL, settings: ClientSettings(
            timeout: 10, retry: RetryPolicy(maxRetries: 8, baseDelay: 0.1, maxDelay: 0.5)))
        let scorer = RemoteScorer(client: client, model: Fixture.name)
        let before = try await scorer.score(text: "Q: 1+2= A: 3")
        await first.stop()
        // Down for a moment: requests sent now fail to connect and are retried.
        let pending = Task { try await scorer.score(text: "Q: 1+2= A: 3") }
        try await Task.sleep(nanoseconds: 300_000_000)
        let second = try await ModelServer(model: Fixture.model, servedName: Fixture.name,
                                           configuration: ServerConfiguration(port: port)).start()
        let after = try await pending.value
        #expect(after == before)
        await second.stop()
    }
}
