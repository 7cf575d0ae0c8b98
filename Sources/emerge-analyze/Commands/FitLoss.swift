import ArgumentParser

struct FitLoss: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fit-loss", abstract: "Fit a two-input loss law (Chinchilla) to a CSV.")

    func run() async throws {
        throw CLIError("'fit-loss' is not implemented yet.")
    }
}
