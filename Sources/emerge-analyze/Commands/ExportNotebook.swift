import ArgumentParser
import Foundation
import ReportBuilding
import Reporting
import ScalingFits

struct ExportNotebook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-notebook", abstract: "Write a Jupyter notebook that redraws the report.",
        discussion: """
            Writes FILE.ipynb and, beside it, a folder FILE-data/ with the CSVs it loads (metrics, \
            fits, emergence, verdicts, fit curves). Run it with pandas and matplotlib.
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "The notebook to write (a .ipynb path).") var out: String
    @OptionGroup(title: "Curves") var curveOptions: CurveOptions
    @Option(name: .long, help: "Bootstrap replicates for fit and transition intervals.") var bootstrap: Int = 200
    @Option(name: .long, help: "Seed of the bootstrap.") var seed: UInt64 = 0
    @Option(name: .long, help: "Title of the notebook.") var title: String = "emerge report"

    func run() async throws {
        guard out.hasSuffix(".ipynb") else { throw CLIError("--out must name a .ipynb file, got \(out).") }
        guard bootstrap >= 0 else { throw CLIError("--bootstrap must be non-negative.") }
        let data = try ReportLoader.load(store: store, request: ReportRequest(
            tasks: curveOptions.taskPatterns, family: curveOptions.family, xAxis: curveOptions.x, bootstrap: bootstrap,
            seed: seed, title: title, along: curveOptions.axis, strategy: curveOptions.strategy))
        let url = URL(fileURLWithPath: out)
        do {
            try ReportWriter.exportNotebook(data, to: url)
        } catch {
            throw CLIError("Cannot write \(out): \(error.localizedDescription)")
        }
        let stem = url.deletingPathExtension().lastPathComponent
        print("wrote \(url.path) with its data in \(url.deletingLastPathComponent().appendingPathComponent(stem + "-data").path)")
    }
}
