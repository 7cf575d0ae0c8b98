import ArgumentParser
import EmergenceMetrics
import Foundation
import ResultsStore

/// `calibration`: per stored run (or size), how well the confidence a model
/// has in its own answer predicts that the answer is right
/// (docs/metrics.md#calibration).
struct CalibrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibration",
        abstract: "Expected calibration error, Brier score and selective accuracy of each model's answers.",
        discussion: """
            One row per model (or size) × task × strategy × source. --source probability: an answer's \
            confidence is the product of the probabilities of the generated tokens that spell it (the \
            chosen option's normalised probability on multiple choice). --source verbal: the confidence \
            the model stated (trace keys confidence 1–10 and abstained, as the confidence strategy stores \
            them), read as rating / 10; an abstention lowers coverage and is never a wrong answer. ECE \
            uses equal-mass bins that never split equal confidences; coverage and selective accuracy keep \
            the answers whose confidence is at least --threshold (default 0.5 for probabilities, 0 for \
            stated confidence). Models that differ only in their seed are one row per size: each value \
            is the mean over the seeds, the ECE interval a two-level bootstrap (seeds, then answers); \
            --per-seed lists each seed's model instead. See docs/metrics.md#calibration.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var formatOptions: FormatOptions

    @Option(name: .long, help: "Only this task.")
    var task: String?
    @Option(name: .long, help: "Only this strategy.")
    var strategy: String?
    @Option(name: .long, help: "Only this model family.")
    var family: String?
    @Option(name: .long, help: "Where confidence comes from: probability (answer probabilities), verbal (stated confidence) or both.")
    var source: String = "probability"
    @Option(name: .long, help: "Equal-mass bins of the expected calibration error.")
    var bins: Int = Calibration.defaultBinCount
    @Option(name: .long, help: "Confidence at or above which an answer is kept for coverage and selective accuracy (default 0.5 for probability, 0 for verbal).")
    var threshold: Double?
    @Option(name: .long, help: "Bootstrap resamples of the ECE interval (0: none).")
    var bootstrap: Int = Bootstrap.defaultResamples
    @Option(name: .long, help: "Base seed of the bootstrap.")
    var seed: UInt64 = Bootstrap.defaultSeed
    @Flag(name: .long, help: "List every seed's model on its own instead of one row per size.")
    var perSeed = false

    func run() async throws {
        let path = store.resolvedPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("No store at \(path); create one with `init` or an `import`.")
        }
        let sources: [ConfidenceSource]
        switch source {
        case "probability": sources = [.probability]
        case "verbal": sources = [.verbal]
        case "both": sources = [.probability, .verbal]
        default: throw CLIError("--source must be probability, verbal or both, got '\(source)'.")
        }
        guard bins >= 1 else { throw CLIError("--bins must be at least 1, got \(bins).") }
        if let threshold, !(0...1).contains(threshold) {
            throw CLIError("--threshold must lie in 0…1, got \(threshold).")
        }
        guard bootstrap >= 0 else { throw CLIError("--bootstrap must be 0 or more, got \(bootstrap).") }
        let rows: [CalibrationRow]
        do {
            rows = try Calibration.rows(in: ResultsDatabase(path: path), query: CalibrationQuery(
                task: task, family: family, strategy: strategy, sources: sources, binCount: bins, threshold: threshold,
                poolSeeds: !perSeed, resamples: bootstrap, seed: seed))
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        print(Self.listing(rows, format: formatOptions.format).render(formatOptions.format), terminator: "")
    }

    static func listing(_ rows: [CalibrationRow], format: OutputFormat) -> Listing {
        func number(_ x: Double?) -> Cell {
            guard let x else { return .null }
            return format == .table ? .text(String(format: "%.4g", x)) : .number(x)
        }
        var listing = Listing(columns: ["model", "family", "task", "strategy", "training_flops", "n", "without_confidence",
                                        "accuracy", "mean_confidence", "ece", "brier", "bins", "threshold", "coverage",
                                        "selective_accuracy", "source", "seeds", "ece_low", "ece_high", "abstained",
                                        "unstated"])
        for r in rows {
            listing.append([Cell(r.model), Cell(r.family), Cell(r.task), Cell(r.strategy), number(r.trainingFlops),
                            Cell(r.n), Cell(r.withoutConfidence), number(r.accuracy), number(r.meanConfidence),
                            number(r.ece), number(r.brier), Cell(r.bins), number(r.selective.threshold),
                            number(r.selective.coverage), number(r.selective.accuracy), Cell(r.source.rawValue),
                            Cell(r.seeds), number(r.eceLow), number(r.eceHigh), Cell(r.abstained), Cell(r.unstated)])
        }
        return listing
    }
}
