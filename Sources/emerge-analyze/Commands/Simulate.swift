import ArgumentParser

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Simulate Schaeffer et al.'s power-law model family as outputs JSONL.")

    func run() async throws {
        throw CLIError("'simulate' is not implemented yet.")
    }
}
