import ArgumentParser
import Foundation
import RemoteBackend

/// `--backend local|openai`: where a model runs — in this process on the
/// built-in inference core, or on an OpenAI-compatible server such as vLLM.
/// The raw value is what runs store as their backend (docs/store.md).
enum Backend: String, ExpressibleByArgument, CaseIterable, Sendable {
    case local, openai
}

/// `--api completions|chat`: which endpoint of the server a remote model is
/// asked through. `chat` sends each strategy as messages to
/// `/v1/chat/completions` (the server applies the model's chat template);
/// it cannot score a given continuation.
enum RemoteAPI: String, ExpressibleByArgument, CaseIterable, Sendable {
    case completions, chat
}

/// The remote-backend options `eval` and `score` share: `--backend`, and for
/// `--backend openai` the server (`--base-url`), the served model
/// (`--model-name`), the variable holding its API key (`--api-key-env`) and
/// the requests in flight (`--concurrency`). See docs/serving.md.
struct RemoteOptions: ParsableArguments {
    @Option(name: .long, help: "Where the model runs: local (the built-in inference core) or openai (an OpenAI-compatible server such as vLLM).")
    var backend: Backend = .local
    @Option(name: .customLong("base-url"), help: "Server URL for --backend openai, e.g. http://127.0.0.1:8000/v1.")
    var baseURL: String?
    @Option(name: .customLong("model-name"), help: "Served model name for --backend openai (eval also stores the model under it unless --name).")
    var modelName: String?
    @Option(name: .customLong("api-key-env"), help: "Environment variable holding the server's API key (--backend openai).")
    var apiKeyEnv: String?
    @Option(name: .long, help: "Requests in flight at once (--backend openai).")
    var concurrency: Int = 4
    @Option(name: .long, help: "Endpoint for --backend openai: completions (prompts as text; scores targets) or chat (strategies as messages through the server's chat template; generations only).")
    var api: RemoteAPI = .completions

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1.") }
        if api == .chat && backend != .openai { throw ValidationError("--api chat needs --backend openai.") }
    }

    /// The backend stored with runs: `local`, `openai`, or `openai-chat`
    /// (so a chat-mode run never resumes or mixes with a completions run).
    var storedBackend: String {
        backend == .openai && api == .chat ? "openai-chat" : backend.rawValue
    }

    /// A client for `--backend openai` and the served model name: the base
    /// URL, a Bearer token read from the variable `--api-key-env` names, and a
    /// check against `/v1/models` that the server serves `--model-name`, so a
    /// typo fails at once with the names it does serve (a server without
    /// `/v1/models` is still used). Throws a one-sentence `CLIError` when an
    /// option is missing, the variable is unset or the server refuses.
    func open() async throws -> (client: OpenAIClient, modelName: String) {
        guard let baseURL else { throw CLIError("--backend openai needs --base-url (e.g. http://127.0.0.1:8000/v1).") }
        guard let modelName, !modelName.isEmpty else { throw CLIError("--backend openai needs --model-name (the name the server serves).") }
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
            if case .httpStatus(_, 404, _, _) = error {} else { throw CLIError(error.description) }
        }
        return (client, modelName)
    }
}
