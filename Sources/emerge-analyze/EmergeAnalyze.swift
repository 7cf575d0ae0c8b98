import ArgumentParser

/// `emerge-analyze`: the command line of emerge (README, "Commands";
/// docs/design.md#cli-contract). Each subcommand lives in its own file under
/// `Commands/` and only parses, calls a module and prints; `--help` lists
/// them in groups, in the order a study runs.
@main
struct EmergeAnalyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emerge-analyze",
        abstract: "Store, score, fit and report language-model results across scale.",
        groupedSubcommands: [
            CommandGroup(name: "Store", subcommands: [Init.self, Import.self, Simulate.self, Models.self, Tasks.self]),
            CommandGroup(name: "Analysis", subcommands: [Metrics.self, CalibrationCommand.self, Fit.self, FitLoss.self, Emergence.self,
                                                         Mirage.self, Predict.self]),
            CommandGroup(name: "Reports", subcommands: [Report.self, ExportNotebook.self, CoTReport.self]),
            CommandGroup(name: "Models", subcommands: [Score.self, Generate.self, Serve.self]),
            CommandGroup(name: "Experiments", subcommands: [TrainLadder.self, Eval.self, ShowTrees.self, Templates.self]),
        ]
    )
}
