import ArgumentParser

struct Emergence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "emergence", abstract: "Emergence scores and phase-transition flags per curve.")

    func run() async throws {
        throw CLIError("'emergence' is not implemented yet.")
    }
}
