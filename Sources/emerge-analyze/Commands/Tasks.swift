import ArgumentParser

struct Tasks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List the stored tasks.")

    func run() async throws {
        throw CLIError("'tasks' is not implemented yet.")
    }
}
