import ArgumentParser
import ChatTemplates
import Foundation
import InferenceCore
import ModelServer

/// `serve`: the local inference core behind an OpenAI-compatible API
/// (`/v1/models`, `/v1/completions` with echo and logprobs,
/// `/v1/chat/completions` with the checkpoint's chat template, streaming on
/// both), until SIGINT/SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a local model behind an OpenAI-compatible API.",
        discussion: "Answers GET /v1/models, POST /v1/completions and POST /v1/chat/completions (with stream: true as Server-Sent Events) in vLLM's shapes; chat prompts are the checkpoint's chat template (tokenizer_config.json or chat_template.jinja) unless --chat-template names another. Ctrl-C stops it gracefully.")

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

    @Option(name: .customLong("chat-template"), help: ArgumentHelp("Jinja chat template for /v1/chat/completions, instead of the checkpoint's own (needed when it has none).", valueName: "file"))
    var chatTemplate: String?

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
        let template: ChatTemplate?
        do {
            template = try chatTemplate.map { try ChatTemplate.load(file: URL(fileURLWithPath: $0), checkpoint: directory) }
                ?? ChatTemplate.load(checkpoint: directory)
        } catch let error as TemplateError {
            throw CLIError("Could not use the chat template: \(error.description)")
        }
        let name = servedModelName ?? directory.standardizedFileURL.lastPathComponent
        let server = ModelServer(model: loaded, servedName: name, chatTemplate: template, configuration: ServerConfiguration(
            host: host, port: port, limits: RequestLimits(maxBodyBytes: maxBodyBytes)))
        let host = self.host
        try await server.run { port in
            // Unbuffered, so a script waiting for this line sees it at once.
            let chat = template == nil ? "no chat template, so chat requests are refused" : "chat with its template"
            FileHandle.standardOutput.write(Data("Serving '\(name)' at http://\(host):\(port)/v1 (\(chat); Ctrl-C stops).\n".utf8))
        }
    }
}
