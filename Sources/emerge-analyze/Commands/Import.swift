import ArgumentParser

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import models, scores, outputs or an lm-evaluation-harness folder.")

    func run() async throws {
        throw CLIError("'import' is not implemented yet.")
    }
}
