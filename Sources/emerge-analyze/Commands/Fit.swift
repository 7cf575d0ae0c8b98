import ArgumentParser

struct Fit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fit", abstract: "Fit scaling laws to metric curves.")

    func run() async throws {
        throw CLIError("'fit' is not implemented yet.")
    }
}
