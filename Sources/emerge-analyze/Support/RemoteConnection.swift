import Foundation
import RemoteBackend

/// Opens a client for `--backend openai` (score, eval): the base URL, a
/// Bearer token read from the environment variable named by
/// `--api-key-env`, `--concurrency` requests in flight, and a check that the
/// server serves `--model-name` (via `/v1/models`) so a typo fails at once
/// with the names it does serve.
struct RemoteConnection {
    var baseURL: String?
    var modelName: String?
    var apiKeyEnv: String?
    var concurrency: Int

    /// The client and the served model name; throws a one-sentence `CLIError`.
    func open() async throws -> (client: OpenAIClient, modelName: String) {
        guard let baseURL else { throw CLIError("--backend openai needs --base-url (e.g. http://127.0.0.1:8000/v1).") }
        guard let modelName, !modelName.isEmpty else { throw CLIError("--backend openai needs --model-name (the name the server serves).") }
        guard concurrency >= 1 else { throw CLIError("--concurrency must be at least 1.") }
        var apiKey: String?
        if let apiKeyEnv {
            guard let value = ProcessInfo.processInfo.environment[apiKeyEnv], !value.isEmpty else {
                throw CLIError("--api-key-env names \(apiKeyEnv), but that environment variable is not set.")
            }
            apiKey = value
        }
        let client: OpenAIClient
        do {
            client = try OpenAIClient(baseURL: baseURL, apiKey: apiKey, settings: ClientSettings(concurrency: concurrency))
        } catch {
            throw CLIError("\(error)")
        }
        do {
            let served = try await client.models().data.map(\.id)
            guard served.contains(modelName) else {
                throw CLIError("The server at \(client.baseURL.absoluteString) does not serve '\(modelName)'; it serves: \(served.joined(separator: ", ")).")
            }
        } catch let error as RemoteError {
            // A server without /v1/models is still usable.
            if case .httpStatus(_, 404, _, _) = error {} else { throw CLIError(error.description) }
        }
        return (client, modelName)
    }
}
