import ArgumentParser
import EmergenceMetrics
import Foundation

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate Schaeffer et al.'s power-law model family as outputs JSONL.",
        discussion: """
            Per-token cross-entropy L_CE(N) = (N/1e7)^-0.5 for N log-spaced over 1e7…1e11, so a \
            target token is right with probability p = exp(-L_CE). Import the file with \
            `import FILE --kind outputs`.
            """)

    @Option(name: .long, help: "Where to write the outputs JSONL.")
    var out: String

    @Option(name: .long, help: "Number of models, log-spaced over 1e7…1e11 parameters.")
    var models: Int = 10

    @Option(name: .customLong("target-tokens"), help: "Tokens per target answer (L).")
    var targetTokens: Int = 10

    @Option(name: .long, help: "Examples per model (K).")
    var examples: Int = 500

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 0

    func run() async throws {
        let simulator = SchaefferSimulator(models: models, targetTokens: targetTokens, examples: examples, seed: seed)
        do {
            try simulator.validate()
        } catch let error as SimulatorError {
            throw CLIError("Cannot simulate: \(error.description)")
        }
        let url = URL(fileURLWithPath: out)
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw CLIError("Cannot write \(out): the folder \(folder) does not exist.")
        }
        let count: Int
        do {
            count = try simulator.write(to: url)
        } catch {
            throw CLIError("Cannot write \(out): \(error.localizedDescription)")
        }
        print("wrote \(count) outputs (\(models) models × \(examples) examples, task \(simulator.taskName)) to \(out)")
    }
}
