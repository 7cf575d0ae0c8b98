import ArgumentParser

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve a local model behind an OpenAI-compatible API.")

    func run() async throws {
        throw CLIError("'serve' is not implemented yet.")
    }
}
