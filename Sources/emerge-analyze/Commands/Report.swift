import ArgumentParser
import Foundation
import ReportBuilding
import Reporting
import ResultsStore
import ScalingFits
import TaskSuite

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write a Markdown/CSV/SVG/HTML report.",
        discussion: """
            Writes report.md, report.html, metrics.csv, fits.csv, emergence.csv, verdicts.csv, \
            fit-curves.csv and plots/*.svg into --out (and report.ipynb with --notebook). The same \
            store gives byte-identical files.
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "Folder to write the report into (created if missing).") var out: String
    @Flag(name: .long, help: "Also write report.ipynb, a Jupyter notebook that redraws the plots.") var notebook = false
    @OptionGroup(title: "Curves") var curveOptions: CurveOptions
    @Option(name: .long, help: "Hold out the K largest models per fit and report the extrapolation error.") var holdout: Int = 0
    @Option(name: .long, help: "Bootstrap replicates for fit and transition intervals, and resamples of the data for the verdicts' shares (docs/verdict.md).") var bootstrap: Int = 200
    @Option(name: .long, help: "Seed of the bootstrap.") var seed: UInt64 = 0
    @Option(name: .long, help: "Title of the report.") var title: String = "emerge report"
    @Option(name: .customLong("ability-catalogue"), help: ArgumentHelp(
        "An ability catalogue CSV (data/ability-catalogue.csv): show each listed task's catalogue scale beside its measured transition.",
        valueName: "file")) var abilityCatalogue: String?

    func run() async throws {
        guard holdout >= 0, bootstrap >= 0 else { throw CLIError("--holdout and --bootstrap must be non-negative.") }
        var request = ReportRequest(
            tasks: curveOptions.taskPatterns, family: curveOptions.family, xAxis: curveOptions.x, bootstrap: bootstrap,
            holdout: holdout, seed: seed, title: title, along: curveOptions.axis, strategy: curveOptions.strategy)
        if let abilityCatalogue {
            do { request.abilityCatalogue = try AbilityCatalogue.load(URL(fileURLWithPath: abilityCatalogue)) } catch {
                throw CLIError("\(error)")
            }
        }
        let data = try ReportLoader.load(store: store, request: request)
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        let progress = ProgressReporter.standardError()
        let files: ReportFiles
        do {
            files = try ReportWriter.write(data, to: folder, options: ReportOptions(notebook: notebook),
                                           progress: progress.reportHandler(minimumTotal: 20))
        } catch {
            progress.finish()
            throw CLIError("Cannot write the report into \(out): \(error.localizedDescription)")
        }
        progress.finish()
        let curves = data.allCurves.count
        print("wrote \(files.paths.count) files (\(data.tasks.count) tasks, \(curves) curves) to \(folder.appendingPathComponent("report.md").path)")
    }
}

/// Loads the report's data from the store, with a progress line on stderr
/// while fitting many curves.
enum ReportLoader {
    static func load(store: StoreOptions, request: ReportRequest) throws -> ReportData {
        let path = store.resolvedPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("No store at \(path); create one with `init` or an `import`.")
        }
        let progress = ProgressReporter.standardError()
        defer { progress.finish() }
        do {
            let database = try ResultsDatabase(path: path)
            return try ReportBuilder.build(database: database, request: request,
                                           progress: progress.reportHandler(minimumTotal: 20))
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
    }
}

extension ProgressReporter {
    /// A `ReportProgress` handler that shows "report: <phase> <done>/<total>"
    /// for phases of at least `minimumTotal` items (smaller ones pass
    /// unseen) and finishes the line when a phase completes.
    func reportHandler(minimumTotal: Int) -> ProgressHandler {
        { [self] p in
            guard p.total >= minimumTotal else { return }
            update("report: \(p.phase) \(p.done)/\(p.total)")
            if p.done == p.total { finish() }
        }
    }
}
