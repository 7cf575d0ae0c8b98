import ArgumentParser

struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "Per-token log-probabilities of a text under a model.")

    func run() async throws {
        throw CLIError("'score' is not implemented yet.")
    }
}
