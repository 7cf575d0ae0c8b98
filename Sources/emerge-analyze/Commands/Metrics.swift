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
            aggregate scores are listed too, under their own names, with strategy empty.
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
                in: database, query: MetricsQuery(task: task, family: family, metrics: metric),
                bootstrap: BootstrapSettings(resamples: bootstrap, seed: seed))
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        print(Self.listing(rows, format: formatOptions.format).render(formatOptions.format), terminator: "")
    }

    /// The SPEC §11 columns, plus `stderr`. Tables round numbers for reading;
    /// CSV and JSON keep full precision.
    static func listing(_ rows: [MetricRow], format: OutputFormat) -> Listing {
        var listing = Listing(columns: ["model", "family", "task", "metric", "strategy", "value", "ci_low",
                                        "ci_high", "n", "class", "stderr"])
        func number(_ x: Double?) -> Cell {
            guard let x else { return .null }
            return format == .table ? .text(String(format: "%.4g", x)) : .number(x)
        }
        for r in rows {
            listing.append([Cell(r.model), Cell(r.family), Cell(r.task), Cell(r.metric), Cell(r.strategy),
                            number(r.value), number(r.ciLow), number(r.ciHigh), Cell(r.n),
                            Cell(r.metricClass.rawValue), number(r.stderr)])
        }
        return listing
    }
}
