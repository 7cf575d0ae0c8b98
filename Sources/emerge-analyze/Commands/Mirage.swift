import ArgumentParser

struct Mirage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mirage", abstract: "The mirage verdict per task, family and strategy.")

    func run() async throws {
        throw CLIError("'mirage' is not implemented yet.")
    }
}
