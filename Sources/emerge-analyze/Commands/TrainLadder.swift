import ArgumentParser

struct TrainLadder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train-ladder", abstract: "Train a ladder of tiny transformers and evaluate every rung.")

    func run() async throws {
        throw CLIError("'train-ladder' is not implemented yet.")
    }
}
