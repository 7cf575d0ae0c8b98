import ArgumentParser
import Foundation
import InferenceCore
import ModelServer

/// `serve`: the local inference core behind an OpenAI-compatible API
/// (`/v1/models`, `/v1/completions` with echo and logprobs), until SIGINT/SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a local model behind an OpenAI-compatible API.",
        discussion: "Answers GET /v1/models and POST /v1/completions in vLLM's response shape; Ctrl-C stops it gracefully.")

    @Option(name: .long, help: "Hugging Face model directory (config.json, model.safetensors, tokenizer.json).")
    var model: String

    @Option(name: .long, help: "Interface to bind (127.0.0.1 keeps it on this machine).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "TCP port.")
    var port: Int = 8000

    @Option(name: .customLong("served-model-name"), help: "Name clients send as \"model\" (default: the directory's name).")
    var servedModelName: String?

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted, in bytes.")
    var maxBodyBytes: Int = 4 << 20

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive.") }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: model)
        let loaded: CausalLM
        do {
            loaded = try CausalLM.load(directory: directory)
        } catch let error as InferenceError {
            throw CLIError("Could not load the model at \(model): \(error.description)")
        }
        let name = servedModelName ?? directory.standardizedFileURL.lastPathComponent
        let server = ModelServer(model: loaded, servedName: name, configuration: ServerConfiguration(
            host: host, port: port, limits: RequestLimits(maxBodyBytes: maxBodyBytes)))
        let host = self.host
        try await server.run { port in
            // Unbuffered, so a script waiting for this line sees it at once.
            FileHandle.standardOutput.write(Data("Serving '\(name)' at http://\(host):\(port)/v1 (Ctrl-C stops).\n".utf8))
        }
    }
}
