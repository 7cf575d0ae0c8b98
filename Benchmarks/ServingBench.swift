import Foundation
import InferenceCore
import ModelServer
import OpenAIWire
import RemoteBackend

/// Load test of `serve` on loopback: 8 concurrent clients × 200 requests
/// against the 2-layer GPT-2 fixture; half score a prompt (echo, max_tokens 0,
/// logprobs 1), half generate 8 greedy tokens with logprobs 1. Prints
/// throughput and p50/p99 latency of the whole HTTP round trip.
func runServingBenchmarks() async {
    let directory = URL(fileURLWithPath: "Tests/ModelServerTests/Fixtures/models/gpt2-tiny")
    guard let model = try? CausalLM.load(directory: directory) else {
        print("serving: fixture model not found at \(directory.path); run from the repository root")
        return
    }
    do {
        let server = try await ModelServer(model: model, servedName: "gpt2-tiny",
                                           configuration: ServerConfiguration(port: 0)).start()
        let clients = 8, perClient = 200
        let start = Date()
        let results = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for c in 0..<clients {
                group.addTask {
                    let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(
                        timeout: 60, retry: RetryPolicy(maxRetries: 0), concurrency: 1))
                    var latencies: [Double] = [], failures = 0
                    for k in 0..<perClient {
                        let scoring = k % 2 == 0
                        let request = CompletionRequest(
                            model: "gpt2-tiny", prompt: .text("Q: \(100 + c)+\(k)= A: the sum is \(100 + c + k)."),
                            maxTokens: scoring ? 0 : 8, temperature: 0, logprobs: 1, echo: scoring)
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        do { _ = try await client.complete(request) } catch { failures += 1 }
                        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                    }
                    return (latencies, failures)
                }
            }
            var all: [([Double], Int)] = []
            for try await r in group { all.append(r) }
            return all
        }
        let seconds = Date().timeIntervalSince(start)
        await server.stop()
        let latencies = results.flatMap(\.0).sorted()
        let failures = results.reduce(0) { $0 + $1.1 }
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(p * Double(latencies.count)))] }
        print("serving: \(clients) clients × \(perClient) requests (half scoring, half 8-token generation), gpt2-tiny on loopback")
        print(String(format: "serving:   %d requests in %.2f s = %.0f req/s; latency p50 %.2f ms, p99 %.2f ms; %d failed",
                     latencies.count, seconds, Double(latencies.count) / seconds, percentile(0.5), percentile(0.99), failures))
    } catch {
        print("serving: benchmark failed: \(error)")
    }
}
