import ArgumentParser
@testable import emerge_analyze
import Testing

/// The command tree as `emerge-analyze` parses it: the new `cot-report` and
/// `show-trees` subcommands, the `eval` flags they took over, the option
/// groups inside the commands, and the grouped help.
@Suite("CLI parsing: subcommands")
struct SubcommandParsingTests {
    static func parse(_ args: [String]) throws -> any ParsableCommand { try EmergeAnalyze.parseAsRoot(args) }

    static func refusal(_ args: [String]) -> String? {
        do { _ = try parse(args); return nil } catch { return EmergeAnalyze.message(for: error) }
    }

    @Test("cot-report takes the models, the task, --out and --db")
    func cotReport() throws {
        let command = try #require(try Self.parse(["cot-report", "--ladder", "L", "--task", "add2", "--out", "R", "--db", "s.sqlite"])
            as? CoTReport)
        #expect(command.models.ladder == "L" && command.task == "add2" && command.out == "R")
        #expect(command.store.db == "s.sqlite")
        let named = try #require(try Self.parse(["cot-report", "--name", "gpt2", "--task", "add2", "--out", "R"]) as? CoTReport)
        #expect(try named.models.storedNames() == ["gpt2"])
    }

    @Test("cot-report refuses a command line that names no model or no folder")
    func cotReportRefusals() throws {
        let noModel = try #require(Self.refusal(["cot-report", "--task", "add2", "--out", "R"]))
        #expect(noModel.contains("--ladder DIR, --model DIR or --name NAME"), "\(noModel)")
        let noOut = try #require(Self.refusal(["cot-report", "--ladder", "L", "--task", "add2"]))
        #expect(noOut.contains("--out"), "\(noOut)")
    }

    @Test("show-trees takes eval's model, task and strategy options and which backend's runs to read")
    func showTrees() throws {
        let command = try #require(try Self.parse(["show-trees", "--model", "m", "--task", "add3", "--strategy", "self-consistency",
                                                   "--samples", "3", "--temperature", "0.5", "--backend", "openai"]) as? ShowTrees)
        #expect(command.models.model == "m" && command.task == "add3" && command.backend == .openai)
        let decoding = try command.strategy.configuration().decoding(backend: command.backend.rawValue)
        #expect(decoding.samples == 3 && decoding.temperature == 0.5 && decoding.backend == "openai")
        #expect(try #require(try Self.parse(["show-trees", "--name", "x", "--task", "add3"]) as? ShowTrees).backend == .local)
        let noModel = try #require(Self.refusal(["show-trees", "--task", "add3"]))
        #expect(noModel.contains("--ladder DIR, --model DIR or --name NAME"), "\(noModel)")
    }

    @Test("eval keeps --cot-report DIR and --show-stored-trees, and their help names the commands that took them over")
    func evalOldFlags() throws {
        let report = try #require(try Self.parse(["eval", "--ladder", "L", "--task", "add2", "--cot-report", "R"]) as? Eval)
        #expect(report.cotReport == "R" && report.models.ladder == "L")
        let trees = try #require(try Self.parse(["eval", "--model", "m", "--task", "add3", "--strategy", "tree-of-thoughts",
                                                 "--show-stored-trees"]) as? Eval)
        #expect(trees.showStoredTrees && trees.strategy.strategy == .treeOfThoughts)
        let help = Eval.helpMessage(columns: 1000)
        #expect(help.contains("the cot-report command with --out; kept for existing scripts"), "\(help)")
        #expect(help.contains("the show-trees command; kept for existing scripts"))
    }

    @Test("eval and score share the remote group; eval refuses a ladder on a server and a missing model locally")
    func remoteInCommands() throws {
        let eval = try #require(try Self.parse(["eval", "--task", "add3", "--backend", "openai", "--base-url", "http://h/v1",
                                                "--model-name", "m", "--concurrency", "8"]) as? Eval)
        #expect(eval.remote.backend == .openai && eval.remote.concurrency == 8 && eval.remote.modelName == "m")
        let score = try #require(try Self.parse(["score", "--text", "hi", "--backend", "openai", "--base-url", "http://h/v1",
                                                 "--model-name", "m"]) as? Score)
        #expect(score.remote.backend == .openai && score.remote.baseURL == "http://h/v1")
        let ladder = try #require(Self.refusal(["eval", "--task", "add3", "--backend", "openai", "--ladder", "L"]))
        #expect(ladder.contains("--ladder runs local checkpoints"), "\(ladder)")
        let neither = try #require(Self.refusal(["eval", "--task", "add3"]))
        #expect(neither.contains("exactly one of --model DIR and --ladder DIR"), "\(neither)")
        let local = try #require(Self.refusal(["score", "--text", "hi"]))
        #expect(local.contains("--backend local needs --model DIR"), "\(local)")
    }

    @Test("generate offers the local backend only: --backend local parses, server options are not offered")
    func generateIsLocal() throws {
        let command = try #require(try Self.parse(["generate", "--model", "m", "--prompt", "p", "--backend", "local"]) as? Generate)
        #expect(command.backend == .local)
        let openai = try #require(Self.refusal(["generate", "--model", "m", "--prompt", "p", "--backend", "openai"]))
        #expect(openai.contains("'openai'") && openai.contains("local"), "\(openai)")
        let baseURL = try #require(Self.refusal(["generate", "--model", "m", "--prompt", "p", "--base-url", "http://h/v1"]))
        #expect(baseURL.contains("--base-url"), "\(baseURL)")
    }

    @Test("the curve group is the same in fit, emergence, mirage, report and export-notebook")
    func curveGroupEverywhere() throws {
        let curve = ["--task", "add*", "--family", "f", "--along", "training", "--x", "tokens", "--from-step", "10"]
        let parsed: [CurveOptions] = [
            try #require(try Self.parse(["fit", "--metric", "exact-match"] + curve) as? Fit).curveOptions,
            try #require(try Self.parse(["emergence"] + curve) as? Emergence).curveOptions,
            try #require(try Self.parse(["mirage"] + curve) as? Mirage).curveOptions,
            try #require(try Self.parse(["predict"] + curve) as? Predict).curveOptions,
            try #require(try Self.parse(["report", "--out", "r"] + curve) as? Report).curveOptions,
            try #require(try Self.parse(["export-notebook", "--out", "r.ipynb"] + curve) as? ExportNotebook).curveOptions,
        ]
        for options in parsed {
            #expect(options.task == ["add*"] && options.family == "f" && options.along == .training)
            #expect(options.x == .tokens && options.fromStep == 10)
        }
    }

    @Test("the root help lists every subcommand under its group")
    func groupedHelp() throws {
        let help = EmergeAnalyze.helpMessage(columns: 200)
        let groups = ["STORE SUBCOMMANDS", "ANALYSIS SUBCOMMANDS", "REPORTS SUBCOMMANDS", "MODELS SUBCOMMANDS",
                      "EXPERIMENTS SUBCOMMANDS"]
        let positions = try groups.map { try #require(help.range(of: $0), "\($0) in \(help)").lowerBound }
        #expect(positions == positions.sorted())
        let names = EmergeAnalyze.configuration.subcommands.map { $0._commandName }
        #expect(Set(names) == ["init", "import", "simulate", "models", "tasks", "metrics", "calibration", "fit", "fit-loss", "emergence",
                               "mirage", "predict", "report", "export-notebook", "cot-report", "score", "generate", "serve",
                               "train-ladder", "eval", "show-trees", "templates"])
        let reports = help[positions[2]..<positions[3]]
        #expect(reports.contains("cot-report") && !reports.contains("show-trees"))
        #expect(help[positions[4]...].contains("show-trees"))
        #expect(help[positions[1]..<positions[2]].contains("predict"))
    }
}
