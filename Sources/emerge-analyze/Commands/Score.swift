import ArgumentParser
import Foundation
import InferenceCore

/// `score`: per-token log-probabilities of a text under a local model (SPEC §11).
struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Per-token log-probabilities of a text under a model.",
        discussion: "Prints one row per token after the first: position, token_id, token, logprob (natural log of "
            + "p(token | all tokens before it)), rank (1 = the model's greedy choice) and entropy (nats).")

    @Option(name: .long, help: "Hugging Face model directory (config.json, model.safetensors, tokenizer.json).")
    var model: String
    @Option(name: .long, help: "The text to score.")
    var text: String?
    @Option(name: .long, help: "A file whose contents are scored.")
    var file: String?
    @Option(name: .long, help: "Where the model runs: local (the built-in inference core).")
    var backend: String = "local"
    @Option(name: .customLong("base-url"), help: "Server URL for --backend openai.")
    var baseURL: String?
    @Option(name: .customLong("model-name"), help: "Served model name for --backend openai.")
    var modelName: String?
    @OptionGroup var format: FormatOptions

    func validate() throws {
        guard (text == nil) != (file == nil) else { throw ValidationError("Give exactly one of --text or --file.") }
    }

    func run() async throws {
        guard backend == "local" else { throw CLIError("Backend '\(backend)' is not available in this build; use --backend local.") }
        let input: String
        if let file {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CLIError("Cannot read \(file) as UTF-8 text.")
            }
            input = contents
        } else {
            input = text ?? ""
        }
        let scores: [TokenScore]
        let lm: CausalLM
        do {
            lm = try CausalLM.load(directory: URL(fileURLWithPath: model))
            scores = try lm.score(ids: lm.tokenizer.encode(input))
        } catch let error as InferenceError {
            throw CLIError(error.description)
        }
        var listing = Listing(columns: ["position", "token_id", "token", "logprob", "rank", "entropy"])
        for s in scores {
            listing.append([.int(s.position), .int(s.tokenID), .text(lm.tokenizer.tokenText(s.tokenID)),
                            .number(s.logprob), .int(s.rank), .number(s.entropy)])
        }
        print(listing.render(format.format), terminator: "")
    }
}
