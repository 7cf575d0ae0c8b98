import ArgumentParser

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate a model or a ladder on a task with a prompting strategy.")

    func run() async throws {
        throw CLIError("'eval' is not implemented yet.")
    }
}
