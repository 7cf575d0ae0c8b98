import ArgumentParser

struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "models", abstract: "List the stored models.")

    func run() async throws {
        throw CLIError("'models' is not implemented yet.")
    }
}
