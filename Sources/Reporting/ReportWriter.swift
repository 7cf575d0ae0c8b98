import EmergeSupport
import Foundation

/// A step of a long report, for a progress line.
public struct ReportProgress: Sendable, Equatable {
    /// What is being done ("fitting curves", "drawing plots").
    public var phase: String
    public var done: Int
    public var total: Int
    public init(phase: String, done: Int, total: Int) { self.phase = phase; self.done = done; self.total = total }
}

public typealias ProgressHandler = @Sendable (ReportProgress) -> Void

/// What to write besides the always-written files.
public struct ReportOptions: Sendable, Equatable {
    /// Also write report.ipynb.
    public var notebook: Bool
    public init(notebook: Bool = false) { self.notebook = notebook }
}

/// The files of a report, in memory: relative path → contents, in a fixed
/// order. Building them is pure (same data → same bytes); `write(to:)` puts
/// them on disk.
public struct ReportFiles: Sendable {
    public private(set) var files: [(path: String, contents: String)] = []

    public init() {}

    public subscript(path: String) -> String? { files.first { $0.path == path }?.contents }
    public var paths: [String] { files.map(\.path) }

    mutating func add(_ path: String, _ contents: String) { files.append((path, contents)) }

    /// Writes every file under `directory` (created if needed), each file
    /// atomically, and removes SVGs in `plots/` that this report did not
    /// write (left over from an earlier report of other tasks).
    public func write(to directory: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let plots = directory.appendingPathComponent("plots", isDirectory: true)
        try fm.createDirectory(at: plots, withIntermediateDirectories: true)
        let ours = Set(paths)
        for name in (try? fm.contentsOfDirectory(atPath: plots.path)) ?? [] where name.hasSuffix(".svg") {
            if !ours.contains("plots/" + name) { try? fm.removeItem(at: plots.appendingPathComponent(name)) }
        }
        for (path, contents) in files {
            let url = directory.appendingPathComponent(path)
            try Data(contents.utf8).write(to: url, options: .atomic)
        }
    }
}

/// Builds every file of a report from its `ReportData` (docs/design.md#reports):
/// report.md, report.html, metrics.csv, fits.csv, emergence.csv,
/// verdicts.csv, fit-curves.csv, plots/*.svg, calibration.csv and
/// reliability.csv when any output has a confidence, and, optionally,
/// report.ipynb.
public enum ReportWriter {
    public static func build(_ data: ReportData, options: ReportOptions = ReportOptions(),
                             progress: ProgressHandler? = nil) -> ReportFiles {
        var files = ReportFiles()
        let catalog = PlotCatalog(data)
        let charts = ReportCharts(data)
        let renderer = ChartRenderer()

        var plots: [String: String] = [:]
        let total = catalog.entries.count
        for (i, entry) in catalog.entries.enumerated() {
            guard let task = data.tasks.first(where: { $0.name == entry.task }) else { continue }
            let svg: String
            if let metric = entry.metric {
                svg = renderer.document(charts.chart(task: task, metric: metric))
            } else {
                svg = MiragePanel.render(task: task, charts: charts)
            }
            plots[entry.path] = svg
            progress?(ReportProgress(phase: "drawing plots", done: i + 1, total: total))
        }

        let calibrationPlots = CalibrationPlots(data).render(data)
        for (path, svg) in calibrationPlots { plots[path] = svg }

        let document = ReportOutline.build(data, catalog: catalog)
        files.add("report.md", MarkdownRenderer.render(document))
        files.add("report.html", HTMLPage.render(title: data.title, document: document, plots: plots))
        files.add("metrics.csv", CSVExports.metrics(data).text)
        files.add("fits.csv", CSVExports.fits(data).text)
        files.add("emergence.csv", CSVExports.emergence(data).text)
        files.add("verdicts.csv", CSVExports.verdicts(data).text)
        files.add("fit-curves.csv", CSVExports.fitCurves(data).text)
        if options.notebook { files.add("report.ipynb", NotebookWriter.render(data)) }
        for entry in catalog.entries { if let svg = plots[entry.path] { files.add(entry.path, svg) } }
        for (name, table) in CSVExports.calibrationFiles(data) { files.add(name, table.text) }
        for (path, svg) in calibrationPlots { files.add(path, svg) }
        return files
    }

    /// Builds and writes a report into `directory`.
    @discardableResult
    public static func write(_ data: ReportData, to directory: URL, options: ReportOptions = ReportOptions(),
                             progress: ProgressHandler? = nil) throws -> ReportFiles {
        let files = build(data, options: options, progress: progress)
        try files.write(to: directory)
        return files
    }

    /// Writes a standalone notebook at `notebook` (a .ipynb path) with its CSV
    /// files in a folder beside it named `<stem>-data`, which the notebook
    /// loads by relative path.
    public static func exportNotebook(_ data: ReportData, to notebook: URL) throws {
        let fm = FileManager.default
        let folder = notebook.deletingLastPathComponent()
        let stem = notebook.deletingPathExtension().lastPathComponent
        let dataDir = folder.appendingPathComponent(stem + "-data", isDirectory: true)
        try fm.createDirectory(at: dataDir, withIntermediateDirectories: true)
        let csvs: [(String, CSVTable)] = [
            ("metrics.csv", CSVExports.metrics(data)), ("fits.csv", CSVExports.fits(data)),
            ("emergence.csv", CSVExports.emergence(data)), ("verdicts.csv", CSVExports.verdicts(data)),
            ("fit-curves.csv", CSVExports.fitCurves(data)),
        ] + CSVExports.calibrationFiles(data)
        for (name, table) in csvs {
            try Data(table.text.utf8).write(to: dataDir.appendingPathComponent(name), options: .atomic)
        }
        try Data(NotebookWriter.render(data, dataDirectory: stem + "-data").utf8).write(to: notebook, options: .atomic)
    }
}
