import ArgumentParser

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Write a Markdown/CSV/SVG/HTML report.")

    func run() async throws {
        throw CLIError("'report' is not implemented yet.")
    }
}
