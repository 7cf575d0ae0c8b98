import ArgumentParser

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Generate text from a model.")

    func run() async throws {
        throw CLIError("'generate' is not implemented yet.")
    }
}
