import ArgumentParser
import Foundation
import InferenceCore

/// `generate`: continue a prompt with a local model and print the tokens
/// with their log-probabilities as one JSON object (docs/inference.md).
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate text from a model.",
        discussion: "Prints {\"prompt_ids\", \"text\", \"tokens\": [{\"token_id\", \"token\", \"logprob\"}], \"finish_reason\"}. "
            + "Each logprob is under the model's unmodified distribution (before temperature, top-k and top-p). "
            + "Temperature 0 (the default) decodes greedily.")

    @Option(name: .long, help: "Hugging Face model directory (config.json, model.safetensors, tokenizer.json).")
    var model: String
    @Option(name: .long, help: "The prompt text.")
    var prompt: String
    @Option(name: .customLong("max-tokens"), help: "Most tokens to generate.")
    var maxTokens: Int = 64
    @Option(name: .long, help: "Sampling temperature; 0 is greedy.")
    var temperature: Double = 0
    @Option(name: .customLong("top-k"), help: "Sample among the K most likely tokens (0: all).")
    var topK: Int = 0
    @Option(name: .customLong("top-p"), help: "Sample within the smallest set of probability at least P (1: all).")
    var topP: Double = 1
    @Option(name: .long, help: "Seed of the sampler (same seed, same tokens).")
    var seed: UInt64 = 0
    @Option(name: .long, help: "Stop when the generated text contains this string (repeatable).")
    var stop: [String] = []
    @Flag(name: .customLong("stop-at-eos"), help: "Stop at the model's end-of-text token.")
    var stopAtEOS = false
    @Option(name: .long, help: "Where the model runs: local, the built-in inference core (the only backend generate offers).")
    var backend: LocalBackend = .local

    func validate() throws {
        guard maxTokens >= 0 else { throw ValidationError("--max-tokens must be at least 0.") }
        guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must be 0 or more.") }
        guard topK >= 0 else { throw ValidationError("--top-k must be at least 0.") }
        guard topP > 0, topP <= 1 else { throw ValidationError("--top-p must be in (0, 1].") }
    }

    func run() async throws {
        let generation: Generation
        do {
            let lm = try CausalLM.load(directory: URL(fileURLWithPath: model))
            var options = GenerationOptions(maxTokens: maxTokens, temperature: temperature, topK: topK, topP: topP,
                                            seed: seed, stopStrings: stop)
            if stopAtEOS, let eos = lm.endOfTextTokenID { options.stopTokenIDs = [eos] }
            generation = try lm.generate(prompt: prompt, options: options)
        } catch let error as InferenceError {
            throw CLIError(error.description)
        }
        let object: [String: Any] = [
            "prompt_ids": generation.promptIDs,
            "text": generation.text,
            "tokens": generation.tokens.map { ["token_id": $0.tokenID, "token": $0.text, "logprob": $0.logprob] as [String: Any] },
            "finish_reason": generation.finishReason.rawValue,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// `generate --backend`: accepted for symmetry with `score` and `eval`;
/// generation runs on the local core only.
enum LocalBackend: String, ExpressibleByArgument, CaseIterable {
    case local
}
