import Foundation
import ResultsStore
import Testing

@Suite("Models and scores CSV imports")
struct CSVImportTests {
    @Test("a models table with real headers and scales: 'Model Size (B)', 'Pretraining Data Size (T)', 'FLOPs (1E21)'")
    func realHeaders() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = try db.importModelsCSV(atPath: fixture("models-real-headers.csv"), options: ModelsCSVOptions(
            nameColumn: "Model", familyColumn: "Family", paramsColumn: "Model Size (B)", paramsScale: 1e9,
            tokensColumn: "Pretraining Data Size (T)", tokensScale: 1e12, flopsColumn: "FLOPs (1E21)", flopsScale: 1e21))
        #expect(summary.models == 4)
        let models = Dictionary(uniqueKeysWithValues: try db.models().map { ($0.name, $0) })
        let ada = try #require(models["gpt3-ada"])
        #expect(ada.family == "GPT-3")
        #expect(abs(ada.params! - 0.35e9) < 1)
        #expect(abs(ada.tokens! - 0.3e12) < 1)
        #expect(abs(ada.trainingFlops! - 0.63e21) < 1e6 && ada.flopsSource == .given)
        let llama = try #require(models["llama-7b"])
        #expect(llama.flopsSource == .estimated)
        #expect(abs(llama.trainingFlops! - 6 * 6.7e9 * 1e12) / llama.trainingFlops! < 1e-12)
        let mystery = try #require(models["mystery"])
        #expect(mystery.params == nil && mystery.tokens == nil && mystery.trainingFlops == nil)
        #expect(mystery.flopsSource == nil && mystery.family == "Other")
    }

    @Test("a models table naming a missing column or holding a word for a number is refused with its position")
    func modelsErrors() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try #require(throws: StoreError.self) {
            try db.importModelsCSV(atPath: fixture("models-real-headers.csv"),
                                   options: ModelsCSVOptions(nameColumn: "Model", paramsColumn: "Size"))
        }
        #expect(missing.message.contains("\"Size\"") && missing.message.contains("\"Model Size (B)\""))
        let path = try write("name,params\na,1e6\nb,\"1,5 B\"\n", "m.csv", in: dir)
        let error = try #require(throws: StoreError.self) {
            try db.importModelsCSV(atPath: path, options: ModelsCSVOptions(nameColumn: "name", paramsColumn: "params"))
        }
        #expect(error.file == "m.csv" && error.line == 3 && error.column == 3)
        #expect(error.message.contains("expected a number"))
        #expect(try db.models().isEmpty) // row 2 was fine, but nothing is written
        let ragged = try write("name,params\na\n", "r.csv", in: dir)
        let raggedError = try #require(throws: StoreError.self) {
            try db.importModelsCSV(atPath: ragged, options: ModelsCSVOptions(nameColumn: "name"))
        }
        #expect(raggedError.line == 2 && raggedError.message.contains("expected 2 fields"))
    }

    @Test("a wide score table: longest metric suffix, separators stripped, empty and NaN cells missing")
    func wideScores() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.importScoresCSV(atPath: fixture("scores-wide.csv"),
                               options: ScoresCSVOptions(nameColumn: "model", discontinuous: ["perplexity"]))
        let scores = try db.scores()
        func value(_ model: String, _ task: String, _ metric: String) -> Double?? {
            scores.first { $0.model.name == model && $0.task == task && $0.metric == metric }.map(\.value)
        }
        #expect(scores.count == 10) // 2 models × 5 columns, missing cells included as missing
        #expect(value("m-small", "arc_easy", "acc") == 0.41)
        #expect(value("m-small", "arc_easy", "acc_norm") == 0.44)
        #expect(value("m-large", "arc_easy", "acc_norm") == .some(nil))
        #expect(value("m-small", "MMLU", "acc") == 0.25)
        #expect(value("m-small", "GSM8K", "exact_match") == .some(nil))
        #expect(value("m-large", "GSM8K", "exact_match") == 0.12)
        #expect(value("m-large", "lambada", "perplexity") == .some(nil))
        #expect(scores.filter { $0.metric == "perplexity" }.allSatisfy { $0.classOverride == "threshold" })
        #expect(scores.filter { $0.metric != "perplexity" }.allSatisfy { $0.classOverride == nil })
        #expect(Set(try db.tasks().map(\.name)) == ["arc_easy", "MMLU", "GSM8K", "lambada"])
    }

    @Test("column names split into task and metric", arguments: [
        ("arc_easy_acc_norm", "arc_easy", "acc_norm"), ("MMLU acc", "MMLU", "acc"),
        ("GSM8K, - exact_match", "GSM8K", "exact_match"), ("wmt-bleu", "wmt", "bleu"),
        ("TruthfulQA MC2", "TruthfulQA", "mc2"), ("squad_em", "squad", "em"),
    ])
    func splitting(column: String, task: String, metric: String) {
        let split = WideColumnName.split(column, suffixes: MetricNames.knownSuffixes)
        #expect(split?.task == task && split?.metric == metric)
    }

    @Test("a suffix must follow a separator, and user suffixes extend the list")
    func suffixBoundaries() throws {
        #expect(WideColumnName.split("modelacc", suffixes: MetricNames.knownSuffixes) == nil)
        #expect(WideColumnName.split("acc", suffixes: MetricNames.knownSuffixes) == nil)
        #expect(WideColumnName.split("task_weird", suffixes: MetricNames.knownSuffixes + ["weird"])?.metric == "weird")
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write("name,arith_score\nm,0.5\n", "w.csv", in: dir)
        let error = try #require(throws: StoreError.self) {
            try db.importScoresCSV(atPath: path, options: ScoresCSVOptions(nameColumn: "name"))
        }
        #expect(error.line == 1 && error.column == 6 && error.message.contains("--metric-suffixes"))
        try db.importScoresCSV(atPath: path, options: ScoresCSVOptions(nameColumn: "name", metricSuffixes: ["score"]))
        #expect(try db.scores().map(\.metric) == ["score"])
    }

    @Test("a tidy score table is detected by its header; empty cells are missing; n and stderr kept")
    func tidyScores() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.importScoresCSV(atPath: fixture("scores-tidy.csv"), options: ScoresCSVOptions(continuous: ["exact_match"]))
        let scores = try db.scores(task: "arith")
        #expect(scores.count == 3)
        let small = try #require(scores.first { $0.model.name == "m-small" && $0.metric == "exact_match" })
        #expect(small.value == 0.05 && small.stderr == 0.01 && small.n == 500 && small.classOverride == "per-token")
        let bleu = try #require(scores.first { $0.metric == "bleu" })
        #expect(bleu.value == 12.5 && bleu.stderr == nil && bleu.n == nil && bleu.classOverride == nil)
        let large = try #require(scores.first { $0.model.name == "m-large" })
        #expect(large.value == nil)
    }

    @Test("a metric both discontinuous and continuous is refused")
    func conflictingOverride() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: StoreError.self) {
            try db.importScoresCSV(atPath: fixture("scores-tidy.csv"),
                                   options: ScoresCSVOptions(discontinuous: ["bleu"], continuous: ["bleu"]))
        }
    }
}
