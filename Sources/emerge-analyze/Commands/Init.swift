import ArgumentParser

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create (or migrate) the store.")

    func run() async throws {
        throw CLIError("'init' is not implemented yet.")
    }
}
