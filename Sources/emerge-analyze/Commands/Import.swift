import ArgumentParser
import Foundation
import ResultsStore

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import models, scores, outputs, an lm-evaluation-harness folder or BIG-bench tasks.",
        discussion: """
            Kinds:
              models   CSV, one row per model: --name-column C [--family-column C]
                       [--params-column C --params-scale S] [--tokens-column C --tokens-scale S]
                       [--flops-column C --flops-scale S]
              scores   tidy CSV (model,task,metric,value[,stderr,n]) or wide CSV with --name-column C,
                       one column per task+metric ("arc_easy_acc_norm"); empty/NaN cells are missing
              outputs  JSONL, one output record per line (docs/store.md, "--kind outputs")
              lm-eval  lm-evaluation-harness results: one file or a folder searched recursively; 0.4
                       (results_*.json beside samples_*.jsonl) and legacy 0.3 files (any *.json name).
                       A checkpoint (model_args revision=stepN) is the model PRETRAINED@REVISION;
                       [--family F] [--tokens-per-step N]. Scores carry the few-shot count as
                       their strategy (0-shot, 5-shot). What is not stored is listed with the reason.
              bigbench a BIG-bench task.json, or a folder searched recursively for them; a task.json
                       without "examples" is a parent whose subfolders hold its subtasks, stored as
                       parent:subtask (e.g. arithmetic:2_digit_addition). Each example is stored with
                       its zero-shot prompt as BIG-bench renders it, every acceptable target, and its
                       choices and gold from "target_scores". Evaluate with eval --task NAME [--shots K]
                       (see docs/bigbench.md).
            Every import is one transaction (all or nothing) and idempotent.
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case models, scores, outputs, lmEval = "lm-eval", bigbench
    }

    @OptionGroup var store: StoreOptions

    @Argument(help: "The file (or, for lm-eval and bigbench, a file or a folder) to import.")
    var path: String

    @Option(name: .long, help: "What the file holds: models, scores, outputs, lm-eval or bigbench.")
    var kind: Kind

    @Option(name: .long, help: "models/wide scores: the column holding the model name.")
    var nameColumn: String?
    @Option(name: .long, help: "models/wide scores: the column holding the model family.")
    var familyColumn: String?
    @Option(name: .long, help: "models: the column holding the parameter count.")
    var paramsColumn: String?
    @Option(name: .long, help: "models: multiply parameter cells by this (1e9 for a column in billions).")
    var paramsScale: Double = 1
    @Option(name: .long, help: "models: the column holding the non-embedding parameter count (scaled by --params-scale).")
    var nonEmbeddingParamsColumn: String?
    @Option(name: .long, help: "models: the column holding the checkpoint path.")
    var checkpointColumn: String?
    @Option(name: .long, help: "models: the column holding the training tokens.")
    var tokensColumn: String?
    @Option(name: .long, help: "models: multiply token cells by this (1e12 for trillions).")
    var tokensScale: Double = 1
    @Option(name: .long, help: "models: the column holding the training FLOPs.")
    var flopsColumn: String?
    @Option(name: .long, help: "models: multiply FLOPs cells by this (1e21 for a column in 1E21).")
    var flopsScale: Double = 1
    @Option(name: .long, help: "scores: extra metric names recognised as column suffixes, comma-separated.")
    var metricSuffixes: String?
    @Option(name: .long, help: "scores/lm-eval: metrics to treat as discontinuous (threshold), comma-separated.")
    var discontinuous: String?
    @Option(name: .long, help: "scores/lm-eval: metrics to treat as continuous (per-token), comma-separated.")
    var continuous: String?
    @Option(name: .long, help: "lm-eval: the family to record on the imported models (default: the pretrained name without its size, e.g. pythia).")
    var family: String?
    @Option(name: .long, help: "lm-eval: training tokens per step; a stepN checkpoint records N times this many tokens.")
    var tokensPerStep: Double?

    func run() async throws {
        let summary: ImportSummary
        do {
            let database = try ResultsDatabase(path: store.resolvedPath)
            switch kind {
            case .models:
                guard let nameColumn else { throw CLIError("--kind models needs --name-column.") }
                summary = try database.importModelsCSV(atPath: path, options: ModelsCSVOptions(
                    nameColumn: nameColumn, familyColumn: familyColumn, paramsColumn: paramsColumn,
                    paramsScale: paramsScale, nonEmbeddingParamsColumn: nonEmbeddingParamsColumn,
                    tokensColumn: tokensColumn, tokensScale: tokensScale,
                    flopsColumn: flopsColumn, flopsScale: flopsScale, checkpointColumn: checkpointColumn))
            case .scores:
                summary = try database.importScoresCSV(atPath: path, options: ScoresCSVOptions(
                    nameColumn: nameColumn, familyColumn: familyColumn, metricSuffixes: Self.list(metricSuffixes),
                    discontinuous: Self.list(discontinuous), continuous: Self.list(continuous)))
            case .outputs:
                summary = try database.importOutputsFile(atPath: path)
            case .lmEval:
                summary = try database.importLMEval(atPath: path, options: LMEvalOptions(
                    family: family, discontinuous: Self.list(discontinuous), continuous: Self.list(continuous),
                    tokensPerStep: tokensPerStep))
            case .bigbench:
                let result = try database.importBigBench(atPath: path)
                for task in result.tasks { print(Self.describe(task)) }
                summary = result.summary
            }
        } catch let error as StoreError {
            throw CLIError("Import failed, nothing was written: \(error.description)")
        }
        let files = summary.files > 1 ? " (\(summary.files) files)" : ""
        print("Imported \(path)\(files): \(summary.description).")
        if let skipped = summary.skippedDescription { print("Not stored: \(skipped).") }
    }

    /// One line per imported BIG-bench task, e.g.
    /// "arithmetic:2_digit_addition: generation, 20 examples, 20 with choices".
    static func describe(_ task: BigBenchImportedTask) -> String {
        var parts = ["\(task.kind.rawValue)", "\(task.examples) examples"]
        if task.withChoices > 0 { parts.append("\(task.withChoices) with choices") }
        if task.withAlternatives > 0 { parts.append("\(task.withAlternatives) with several acceptable targets") }
        if task.duplicatesDropped > 0 { parts.append("\(task.duplicatesDropped) duplicates dropped") }
        return "\(task.name): " + parts.joined(separator: ", ")
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
