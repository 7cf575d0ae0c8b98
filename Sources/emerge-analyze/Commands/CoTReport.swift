import ArgumentParser
import Foundation
import ReportBuilding
import Reporting
import ResultsStore

/// `cot-report`: the chain-of-thought report of stored runs — accuracy per
/// strategy, gain over standard prompting, self-consistency vote margins,
/// against training FLOPs (docs/elicitation.md). Evaluates nothing.
struct CoTReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cot-report",
        abstract: "Write the chain-of-thought report of stored runs.",
        discussion: """
            Reads every stored run of the models on the task and writes cot.md, cot.csv and its plots \
            (accuracy per strategy, gain over standard, self-consistency vote margins, against training \
            FLOPs) into --out. Evaluates nothing: run eval first. The models are named as eval names them: \
            every rung of --ladder, or --model (stored under its directory name unless --name), or --name alone.
            """)

    @OptionGroup(title: "Models") var models: ModelSelection
    @Option(name: .long, help: "Task, as eval names it (add3, a .jsonl task file, an imported BIG-bench task, …).")
    var task: String
    @Option(name: .long, help: "Folder to write the report into (created if missing).")
    var out: String
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard models.model != nil || models.ladder != nil || models.name != nil else {
            throw ValidationError("Name the models: --ladder DIR, --model DIR or --name NAME.")
        }
    }

    func run() async throws {
        let database = try ResultsDatabase(path: store.resolvedPath)
        let evalTask = try resolveEvalTask(task, database: database)
        try Self.write(database: database, task: evalTask.name, models: try models.storedNames(), folder: out)
    }

    /// Writes the report of `models`' stored runs on `task` into `folder` and
    /// prints where; throws a `CLIError` when no run is stored or the folder
    /// cannot be written.
    static func write(database: ResultsDatabase, task: String, models: [String], folder: String) throws {
        let data = try CoTReportBuilder.build(database: database, task: task, models: models,
                                              title: "Chain of thought across scale: \(task)")
        guard !data.points.isEmpty else {
            throw CLIError("No stored runs of \(models.joined(separator: ", ")) on \(task); evaluate them first.")
        }
        let files: [URL]
        do { files = try CoTReportWriter.write(data, to: URL(fileURLWithPath: folder, isDirectory: true)) } catch {
            throw CLIError("Cannot write the report into \(folder): \(error.localizedDescription)")
        }
        print("wrote \(files.count) files (\(data.models.count) models, \(data.series.count) strategies) to "
              + URL(fileURLWithPath: folder).appendingPathComponent(CoTReportWriter.markdown).path)
    }
}
