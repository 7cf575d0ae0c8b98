import ChatTemplates
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import InferenceCore
import ModelServer
import RemoteBackend

/// The fixture model (a 2-layer GPT-2 with a 1,024-token BPE vocabulary), loaded once.
enum Fixture {
    static let modelDirectory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/models/gpt2-tiny")
    static let model: CausalLM = try! CausalLM.load(directory: modelDirectory)
    static let name = "gpt2-tiny"
    /// A plain-text chat template for the fixture (Fixtures/chat/plain-chat.jinja): no added tokens,
    /// so the model reads every id of a rendered conversation.
    static let chatTemplate: ChatTemplate = try! ChatTemplate(
        source: String(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/chat/plain-chat.jinja"), encoding: .utf8),
        specialTokens: ["eos_token": "<|endoftext|>"])
}

/// Serves the fixture model on 127.0.0.1 (a free port) for the duration of `body`.
func withServer<T>(limits: RequestLimits = RequestLimits(), port: Int = 0, chatTemplate: ChatTemplate? = Fixture.chatTemplate,
                   _ body: (RunningServer) async throws -> T) async throws -> T {
    try await withServer(ModelServer(model: Fixture.model, servedName: Fixture.name, chatTemplate: chatTemplate,
                                     configuration: ServerConfiguration(port: port, limits: limits)), body)
}

/// Serves `server` on 127.0.0.1 for the duration of `body`.
func withServer<T>(_ server: ModelServer, _ body: (RunningServer) async throws -> T) async throws -> T {
    let running = try await server.start()
    do {
        let value = try await body(running)
        await running.stop()
        return value
    } catch {
        await running.stop()
        throw error
    }
}

/// A raw HTTP exchange (no retries, no decoding), for checking status codes and bodies.
func rawRequest(_ url: String, method: String = "POST", body: Data? = nil, timeout: Double = 30) async throws -> (status: Int, body: Data) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    request.httpBody = body
    request.timeoutInterval = timeout
    if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
    return try await withCheckedThrowingContinuation { continuation in
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                continuation.resume(returning: (http.statusCode, data ?? Data()))
            } else {
                continuation.resume(throwing: error ?? URLError(.badServerResponse))
            }
        }.resume()
    }
}

func jsonObject(_ data: Data) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
}
