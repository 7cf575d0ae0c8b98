import ArgumentParser
import EmergenceMetrics
import Foundation
import ResultsStore

/// `calibration`: per stored run, how well the probability a model gives its
/// own answer predicts that the answer is right (docs/metrics.md#calibration).
struct CalibrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibration",
        abstract: "Expected calibration error, Brier score and selective accuracy of each model's answers.",
        discussion: """
            One row per stored run (model, task, strategy). An answer's confidence is the product of \
            the probabilities of the generated tokens that spell it (the chosen option's normalised \
            probability on multiple choice). ECE uses equal-mass bins that never split equal \
            confidences; coverage and selective accuracy keep the answers whose confidence is at least \
            --threshold. See docs/metrics.md#calibration.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var formatOptions: FormatOptions

    @Option(name: .long, help: "Only this task.")
    var task: String?
    @Option(name: .long, help: "Only this strategy.")
    var strategy: String?
    @Option(name: .long, help: "Only this model family.")
    var family: String?
    @Option(name: .long, help: "Equal-mass bins of the expected calibration error.")
    var bins: Int = Calibration.defaultBinCount
    @Option(name: .long, help: "Confidence at or above which an answer is kept for coverage and selective accuracy.")
    var threshold: Double = 0.5

    func run() async throws {
        let path = store.resolvedPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("No store at \(path); create one with `init` or an `import`.")
        }
        guard bins >= 1 else { throw CLIError("--bins must be at least 1, got \(bins).") }
        guard (0...1).contains(threshold) else { throw CLIError("--threshold must lie in 0…1, got \(threshold).") }
        let rows: [CalibrationRow]
        do {
            rows = try Calibration.rows(in: ResultsDatabase(path: path), task: task, family: family, strategy: strategy,
                                        binCount: bins, threshold: threshold)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        let format = formatOptions.format
        func number(_ x: Double?) -> Cell {
            guard let x else { return .null }
            return format == .table ? .text(String(format: "%.4g", x)) : .number(x)
        }
        var listing = Listing(columns: ["model", "family", "task", "strategy", "training_flops", "n", "without_confidence",
                                        "accuracy", "mean_confidence", "ece", "brier", "bins", "threshold", "coverage",
                                        "selective_accuracy"])
        for r in rows {
            listing.append([Cell(r.model), Cell(r.family), Cell(r.task), Cell(r.strategy), number(r.trainingFlops),
                            Cell(r.n), Cell(r.withoutConfidence), number(r.accuracy), number(r.meanConfidence),
                            number(r.ece), number(r.brier), Cell(r.bins), number(r.selective.threshold),
                            number(r.selective.coverage), number(r.selective.accuracy)])
        }
        print(listing.render(format), terminator: "")
    }
}
