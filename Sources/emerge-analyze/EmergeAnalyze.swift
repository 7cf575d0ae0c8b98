import ArgumentParser

/// `emerge-analyze`: the command line of emerge (SPEC §11). Each subcommand
/// lives in its own file under `Commands/` and only parses, calls a module
/// and prints.
@main
struct EmergeAnalyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emerge-analyze",
        abstract: "Store, score, fit and report language-model results across scale.",
        subcommands: [
            Init.self, Import.self, Models.self, Tasks.self, Metrics.self,
            Fit.self, FitLoss.self, Emergence.self, Mirage.self,
            Report.self, ExportNotebook.self, Simulate.self,
            Score.self, Generate.self, TrainLadder.self, Eval.self, Serve.self,
        ]
    )
}
