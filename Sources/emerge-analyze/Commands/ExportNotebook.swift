import ArgumentParser

struct ExportNotebook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export-notebook", abstract: "Write a Jupyter notebook that redraws the report.")

    func run() async throws {
        throw CLIError("'export-notebook' is not implemented yet.")
    }
}
