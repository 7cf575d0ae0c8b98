import ArgumentParser

struct Metrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrics", abstract: "Compute metrics per model, task and run with bootstrap intervals.")

    func run() async throws {
        throw CLIError("'metrics' is not implemented yet.")
    }
}
