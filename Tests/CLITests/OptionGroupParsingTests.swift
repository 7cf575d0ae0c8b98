import ArgumentParser
import Elicitation
@testable import emerge_analyze
import Testing

/// Parsing of the option groups the commands share, through ArgumentParser's
/// own `parse`, as the commands see them: defaults, spellings, closed
/// choices and the validation each group does.
@Suite("CLI parsing: option groups")
struct OptionGroupParsingTests {
    /// The one-line message ArgumentParser prints for a refused command line.
    static func refusal<T: ParsableArguments>(_ type: T.Type, _ args: [String]) -> String? {
        do { _ = try type.parse(args); return nil } catch { return type.message(for: error) }
    }

    @Test("store: --db wins, then a non-empty $EMERGE_DB, then ./emerge.sqlite")
    func store() throws {
        #expect(try StoreOptions.parse(["--db", "x.sqlite"]).resolvedPath(environment: ["EMERGE_DB": "env.sqlite"]) == "x.sqlite")
        let unset = try StoreOptions.parse([])
        #expect(unset.resolvedPath(environment: ["EMERGE_DB": "env.sqlite"]) == "env.sqlite")
        #expect(unset.resolvedPath(environment: ["EMERGE_DB": ""]) == "./emerge.sqlite")
        #expect(unset.resolvedPath(environment: [:]) == "./emerge.sqlite")
    }

    @Test("format: table by default, csv and json by name, anything else refused with the choices")
    func format() throws {
        #expect(try FormatOptions.parse([]).format == .table)
        #expect(try FormatOptions.parse(["--format", "csv"]).format == .csv)
        #expect(try FormatOptions.parse(["--format", "json"]).format == .json)
        let message = try #require(Self.refusal(FormatOptions.self, ["--format", "xml"]))
        #expect(message.contains("'xml'") && message.contains("table") && message.contains("json"), "\(message)")
    }

    @Test("remote backend: local by default with 4 requests in flight; openai with its server options")
    func remote() throws {
        let local = try RemoteOptions.parse([])
        #expect(local.backend == .local && local.baseURL == nil && local.modelName == nil && local.concurrency == 4)
        let remote = try RemoteOptions.parse(["--backend", "openai", "--base-url", "http://h:8000/v1", "--model-name", "m",
                                              "--api-key-env", "KEY", "--concurrency", "16"])
        #expect(remote.backend == .openai && remote.baseURL == "http://h:8000/v1" && remote.modelName == "m")
        #expect(remote.apiKeyEnv == "KEY" && remote.concurrency == 16)
        // The raw values are what runs store as their backend.
        #expect(Backend.allCases.map(\.rawValue) == ["local", "openai"])
    }

    @Test("remote backend: an unknown backend and --concurrency 0 are refused by name")
    func remoteRefusals() throws {
        let backend = try #require(Self.refusal(RemoteOptions.self, ["--backend", "vllm"]))
        #expect(backend.contains("'vllm'") && backend.contains("local") && backend.contains("openai"), "\(backend)")
        let concurrency = try #require(Self.refusal(RemoteOptions.self, ["--concurrency", "0"]))
        #expect(concurrency.contains("--concurrency must be at least 1"), "\(concurrency)")
    }

    @Test("--api: completions by default; chat needs --backend openai and is stored as backend openai-chat; score refuses it")
    func chatAPI() throws {
        #expect(try RemoteOptions.parse([]).api == .completions)
        #expect(try RemoteOptions.parse(["--backend", "openai"]).storedBackend == "openai")
        let chat = try RemoteOptions.parse(["--backend", "openai", "--api", "chat"])
        #expect(chat.api == .chat && chat.storedBackend == "openai-chat")
        let local = try #require(Self.refusal(RemoteOptions.self, ["--api", "chat"]))
        #expect(local.contains("--api chat needs --backend openai"), "\(local)")
        let score = try #require(Self.refusal(Score.self, ["--backend", "openai", "--api", "chat", "--text", "x"]))
        #expect(score.contains("cannot score a given continuation") && score.contains("--api completions"), "\(score)")
    }

    @Test("remote backend: opening without --base-url or --model-name says which is missing")
    func remoteOpenNeedsServer() async throws {
        let noURL = try RemoteOptions.parse(["--backend", "openai", "--model-name", "m"])
        await #expect(throws: CLIError.self) { _ = try await noURL.open() }
        do { _ = try await noURL.open() } catch let error as CLIError { #expect(error.description.contains("--base-url")) }
        let noName = try RemoteOptions.parse(["--backend", "openai", "--base-url", "http://127.0.0.1:9/v1"])
        do { _ = try await noName.open() } catch let error as CLIError { #expect(error.description.contains("--model-name")) }
    }

    @Test("curves: repeatable task patterns, family, strategy and the axis")
    func curves() throws {
        let options = try CurveOptions.parse(["--task", "hendrycksTest-*", "--task", "add3", "--family", "pythia",
                                              "--strategy", "5-shot", "--x", "params", "--step", "1000"])
        #expect(options.task == ["hendrycksTest-*", "add3"] && options.family == "pythia" && options.strategy == "5-shot")
        #expect(options.x == .params && options.along == .scale && options.step == 1000)
        #expect(options.singleTask == nil)
        #expect(try CurveOptions.parse(["--task", "add3"]).singleTask == "add3")
        let defaults = try CurveOptions.parse([])
        #expect(defaults.x == .flops && defaults.along == .scale && defaults.task.isEmpty)
        #expect(try CurveOptions.parse(["--along", "training", "--from-step", "512"]).fromStep == 512)
    }

    @Test("curves: the step options must match the axis, and params is no axis along training")
    func curveRefusals() throws {
        let cases: [([String], String)] = [
            (["--from-step", "5"], "--from-step applies along training"),
            (["--along", "training", "--step", "5"], "along training use --from-step"),
            (["--along", "training", "--x", "params"], "--x flops or --x tokens"),
            (["--step=-1"], "non-negative"),
            (["--along", "sideways"], "'sideways'"),
        ]
        for (args, expected) in cases {
            let message = try #require(Self.refusal(CurveOptions.self, args), "\(args)")
            #expect(message.contains(expected), "\(args): \(message)")
        }
    }

    @Test("models: a model directory, a ladder or a stored name, each named as runs store it")
    func models() throws {
        #expect(try ModelSelection.parse(["--model", "ladders/q/w064-d3/"]).storedNames() == ["w064-d3"])
        #expect(try ModelSelection.parse(["--model", "ladders/q/w064-d3", "--name", "mine"]).storedNames() == ["mine"])
        #expect(try ModelSelection.parse([]).storedNames(servedName: "served") == ["served"])
        #expect(try ModelSelection.parse(["--name", "mine"]).storedNames(servedName: "served") == ["mine"])
    }

    @Test("strategy: defaults, every strategy by its stored name, tree scoring, and the configuration they make")
    func strategy() throws {
        let defaults = try StrategyOptions.parse([]).configuration()
        #expect(defaults.strategy == .standard && defaults.template == nil && defaults.strategyName == "standard")
        #expect(defaults.settings == StrategySettings() && defaults.settings.samples == 5 && defaults.settings.temperature == 0.7)
        #expect(defaults.treeScoring == .verifier && defaults.shots == 0 && defaults.exemplarSeed == 42)
        for strategy in Strategy.all {
            #expect(try StrategyOptions.parse(["--strategy", strategy.name]).strategy == strategy)
        }
        let options = try StrategyOptions.parse(["--strategy", "tree-of-thoughts", "--tree-scoring", "logprob",
                                                 "--breadth", "2", "--depth", "4", "--seed", "7", "--max-tokens", "16"])
        let configuration = try options.configuration(limit: 3)
        #expect(configuration.strategy == .treeOfThoughts && configuration.treeScoring == .logprob)
        #expect(configuration.settings.breadth == 2 && configuration.settings.depth == 4)
        #expect(configuration.settings.seed == 7 && configuration.settings.maxTokens == 16 && configuration.limit == 3)
        #expect(configuration.exemplarSeed == 7)
    }

    @Test("strategy: unknown names, bad tree scoring and out-of-range settings are refused with the choices")
    func strategyRefusals() throws {
        let cases: [([String], String)] = [
            (["--strategy", "cot"], "zero-shot-cot"),
            (["--tree-scoring", "vote"], "logprob"),
            (["--samples", "0"], "--samples, --breadth and --depth must be at least 1"),
            (["--temperature=-1"], "--temperature must be 0 or more"),
            (["--max-tokens", "0"], "--max-tokens must be at least 1"),
            (["--shots", "2", "--seed", "5000000000"], "32-bit seed"),
        ]
        for (args, expected) in cases {
            let message = try #require(Self.refusal(StrategyOptions.self, args), "\(args)")
            #expect(message.contains(expected), "\(args): \(message)")
        }
    }
}
