import ArgumentParser
import EmergenceMetrics
import Foundation
import ResultsStore

struct Metrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Compute metrics per model, task and run with bootstrap intervals.",
        discussion: """
            Built-in metrics: \(Metric.allCases.map(\.name).joined(separator: ", ")). Imported \
            aggregate scores are listed too, under their own names, with strategy empty. Models that \
            differ only in their seed (one size trained several times) are one row, named by their size \
            group: the mean over seeds with a two-level bootstrap interval (seeds, then examples); the \
            seeds column counts them, and --per-seed lists each seed's model instead. See docs/verdict.md.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var formatOptions: FormatOptions

    @Option(name: .long, help: "Only this task.")
    var task: String?

    @Option(name: .long, help: "Only this metric (repeatable).")
    var metric: [String] = []

    @Option(name: .long, help: "Only this model family.")
    var family: String?

    @Option(name: .long, help: "Bootstrap resamples per interval.")
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
        guard bootstrap >= 1 else { throw CLIError("--bootstrap must be at least 1.") }
        let rows: [MetricRow]
        do {
            let database = try ResultsDatabase(path: path)
            let imported = Set(try database.scores().map(\.metric))
            for name in metric where Metric(name: name) == nil && !imported.contains(name) {
                throw CLIError("Unknown metric '\(name)': use one of \(Metric.allCases.map(\.name).joined(separator: ", ")) or an imported metric name.")
            }
            rows = try MetricsEngine.compute(
                in: database, query: MetricsQuery(task: task, family: family, metrics: metric, poolSeeds: !perSeed),
                bootstrap: BootstrapSettings(resamples: bootstrap, seed: seed))
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        print(Self.listing(rows, format: formatOptions.format).render(formatOptions.format), terminator: "")
    }

    /// The documented columns, plus `stderr` and `seeds` (how many seeds a
    /// size's row pools; null for one model). Tables round numbers for reading;
    /// CSV and JSON keep full precision.
    static func listing(_ rows: [MetricRow], format: OutputFormat) -> Listing {
        var listing = Listing(columns: ["model", "family", "task", "metric", "strategy", "value", "ci_low",
                                        "ci_high", "n", "class", "stderr", "seeds"])
        func number(_ x: Double?) -> Cell {
            guard let x else { return .null }
            return format == .table ? .text(String(format: "%.4g", x)) : .number(x)
        }
        for r in rows {
            listing.append([Cell(r.model), Cell(r.family), Cell(r.task), Cell(r.metric), Cell(r.strategy),
                            number(r.value), number(r.ciLow), number(r.ciHigh), Cell(r.n),
                            Cell(r.metricClass.rawValue), number(r.stderr),
                            Cell(r.seedValues.isEmpty ? nil : r.seedValues.count)])
        }
        return listing
    }
}
