import ArgumentParser
import Experiments
import Foundation
import ResultsStore

/// `show-trees`: prints the trees of thoughts and self-consistency votes a
/// stored run holds, as `eval --show-trees` prints them during the run
/// (docs/elicitation.md). Evaluates nothing.
struct ShowTrees: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show-trees",
        abstract: "Print the stored trees of thoughts and self-consistency votes of a run.",
        discussion: """
            Finds each model's run of the task with this strategy and these decoding settings (strategy, \
            --samples, --temperature, --seed, --max-tokens, --backend) and prints every stored tree or vote \
            under a "== model ==" line. It takes eval's model, task and strategy options, so the run is found \
            by the same options that stored it. Evaluates nothing.
            """)

    @OptionGroup(title: "Models") var models: ModelSelection
    @Option(name: .long, help: "Task, as eval names it (add3, a .jsonl task file, an imported BIG-bench task, …).")
    var task: String
    @OptionGroup(title: "Strategy") var strategy: StrategyOptions
    @Option(name: .long, help: "Which runs to read: those of the local core or of an OpenAI-compatible server (name the model with --name).")
    var backend: Backend = .local
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard models.model != nil || models.ladder != nil || models.name != nil else {
            throw ValidationError("Name the models: --ladder DIR, --model DIR or --name NAME.")
        }
    }

    func run() async throws {
        let database = try ResultsDatabase(path: store.resolvedPath)
        let evalTask = try resolveEvalTask(task, database: database)
        try Self.printStoredTrees(database: database, task: evalTask.name, models: try models.storedNames(),
                                  configuration: try strategy.configuration(), backend: backend.rawValue)
    }

    /// Prints the stored traces of each model's matching run under a
    /// `== model ==` line; throws a `CLIError` when none of them holds any.
    static func printStoredTrees(database: ResultsDatabase, task: String, models: [String],
                                 configuration: EvalConfiguration, backend: String) throws {
        var found = false
        for model in models {
            let texts = try EvalTrace.storedRenderings(database: database, model: model, task: task,
                                                       configuration: configuration, backend: backend)
            guard !texts.isEmpty else { continue }
            found = true
            print("== \(model) ==")
            texts.forEach { print($0) }
        }
        if !found {
            throw CLIError("No stored trees or votes for \(models.joined(separator: ", ")) on \(task) with \(configuration.strategyName) and these settings.")
        }
    }
}
