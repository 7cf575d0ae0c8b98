import ArgumentParser
import Foundation
import InferenceCore
import RemoteBackend

/// `score`: per-token log-probabilities of a text under a local model or a
/// served one (docs/inference.md, docs/serving.md).
struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Per-token log-probabilities of a text under a model.",
        discussion: "Prints one row per token after the first: position, token_id, token, logprob (natural log of "
            + "p(token | all tokens before it)), rank (1 = the model's greedy choice) and entropy (nats).")

    @Option(name: .long, help: "Hugging Face model directory (config.json, model.safetensors, tokenizer.json); not needed with --backend openai.")
    var model: String?
    @Option(name: .long, help: "The text to score.")
    var text: String?
    @Option(name: .long, help: "A file whose contents are scored.")
    var file: String?
    @OptionGroup(title: "Remote backend") var remote: RemoteOptions
    @OptionGroup var format: FormatOptions

    func validate() throws {
        guard (text == nil) != (file == nil) else { throw ValidationError("Give exactly one of --text or --file.") }
        if remote.backend == .local && model == nil { throw ValidationError("--backend local needs --model DIR.") }
        if remote.api == .chat { throw ValidationError("score needs --api completions. \(RemoteChatModel.scoringUnsupported)") }
    }

    func run() async throws {
        let input: String
        if let file {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CLIError("Cannot read \(file) as UTF-8 text.")
            }
            input = contents
        } else {
            input = text ?? ""
        }
        if remote.backend == .openai {
            print(try await scoreRemotely(input).render(format.format), terminator: "")
            return
        }
        let scores: [TokenScore]
        let lm: CausalLM
        do {
            lm = try CausalLM.load(directory: URL(fileURLWithPath: model ?? ""))
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

    /// The same listing from a server: ids when it reports them, rank when the
    /// token is among the 5 alternatives asked for, no entropy (null).
    private func scoreRemotely(_ input: String) async throws -> Listing {
        let (client, name) = try await remote.open()
        let k = 5
        let tokens: [RemoteToken]
        do {
            tokens = try await RemoteScorer(client: client, model: name, topK: k).score(text: input)
        } catch let error as RemoteError {
            throw CLIError(error.description)
        }
        var listing = Listing(columns: ["position", "token_id", "token", "logprob", "rank", "entropy"])
        for t in tokens {
            listing.append([.int(t.position), Cell(t.tokenID), .text(t.text), Cell(t.logprob), Cell(t.rank(requested: k)), .null])
        }
        return listing
    }
}
