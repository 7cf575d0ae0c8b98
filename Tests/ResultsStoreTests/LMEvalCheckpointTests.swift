import EmergeTestSupport
import Foundation
import ResultsStore
import Testing

/// Legacy (0.3) harness files, checkpoints as models, few-shot counts as
/// strategies, and what the importer refuses. The Pythia files under
/// Fixtures/pythia-legacy are copies of EleutherAI's published evaluations
/// (70m and 1.4b at steps 0, 512, 3000, 143000).
@Suite("lm-evaluation-harness: legacy files and checkpoints")
struct LMEvalCheckpointTests {
    static let tokensPerStep = 2_097_152.0

    @Test("every task × metric of a legacy Pythia file is stored exactly, stderr kept, checkpoint named")
    func legacyValuesStoredExactly() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = fixture("pythia-legacy/pythia-1.4b/1.4b_step3000.json")
        let summary = try db.importLMEval(atPath: path, options: LMEvalOptions(tokensPerStep: Self.tokensPerStep))
        #expect(summary.models == 1 && summary.tasks == 87 && summary.skipped.isEmpty)

        // Compare with the file, read independently by Foundation's decoder
        // (JSONSerialization on Linux rounds some 17-digit numbers wrongly).
        struct File: Decodable { var results: [String: [String: Double]] }
        let results = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path))).results
        var expected: [String: (Double, Double?)] = [:]
        for (task, metrics) in results {
            for (key, value) in metrics where !key.hasSuffix("_stderr") {
                expected["\(task)|\(key)"] = (value, metrics["\(key)_stderr"])
            }
        }
        let scores = try db.scores()
        #expect(scores.count == expected.count && scores.count == 172)
        for s in scores {
            let e = try #require(expected["\(s.task)|\(s.metric)"])
            #expect(s.value == e.0 && s.stderr == e.1 && s.strategy == "0-shot")
        }
        let model = try #require(try db.model(named: "EleutherAI/pythia-v1.1-1.4b@step3000"))
        #expect(model.sizeGroup == "EleutherAI/pythia-v1.1-1.4b" && model.step == 3000)
        #expect(model.family == "pythia" && model.checkpoint == "EleutherAI/pythia-v1.1-1.4b")
        #expect(model.tokens == 3000 * Self.tokensPerStep && model.trainingFlops == nil)
    }

    @Test("FLOPs are estimated once parameters arrive, from a models file imported before or after")
    func flopsFromAModelsFile() throws {
        let models = "name,params\nEleutherAI/pythia-v1.1-1.4b,1414647808\n"
        for modelsFirst in [true, false] {
            let (db, dir) = try makeStore()
            defer { try? FileManager.default.removeItem(at: dir) }
            let csv = try write(models, "models.csv", in: dir)
            let options = ModelsCSVOptions(nameColumn: "name", paramsColumn: "params")
            if modelsFirst { try db.importModelsCSV(atPath: csv, options: options) }
            try db.importLMEval(atPath: fixture("pythia-legacy"), options: LMEvalOptions(tokensPerStep: Self.tokensPerStep))
            if !modelsFirst { try db.importModelsCSV(atPath: csv, options: options) }
            let m = try #require(try db.model(named: "EleutherAI/pythia-v1.1-1.4b@step512"))
            #expect(m.params == 1414647808 && m.flopsSource == .estimated)
            #expect(m.trainingFlops == 6 * 1414647808 * 512 * Self.tokensPerStep)
            #expect(try db.model(named: "EleutherAI/pythia-v1.1-1.4b@step0")?.trainingFlops == 0)
            // The other size has no parameters: no FLOPs, never a guess.
            #expect(try db.model(named: "EleutherAI/pythia-v1.1-70m@step512")?.trainingFlops == nil)
        }
    }

    @Test("a folder is searched recursively; checkpoints list by training progress; importing twice changes nothing")
    func folderAndIdempotence() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try db.importLMEval(atPath: fixture("pythia-legacy"))
        #expect(first.files == 8 && first.models == 8)
        let counts = try db.rowCounts()
        let scores = try db.scores()
        try db.importLMEval(atPath: fixture("pythia-legacy"))
        #expect(try db.rowCounts() == counts)
        #expect(try db.scores() == scores)
        let names = try db.models().map(\.name).filter { $0.contains("1.4b") }
        #expect(names == [0, 512, 3000, 143000].map { "EleutherAI/pythia-v1.1-1.4b@step\($0)" })
    }

    @Test("zero- and five-shot results of one checkpoint are kept side by side; nothing is dropped silently")
    func shotsAndSkipped() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ shots: Int) -> String {
            """
            {"results": {"arc": {"acc,none": 0.\(shots)5, "acc_stderr,none": "N/A", "acc_norm,none": 0.4,
                                 "bleu,none": "high", "f1_stderr,none": 0.1, "alias": "arc"}},
             "n-shot": {"arc": \(shots)}, "n-samples": {"arc": {"original": 100, "effective": 50}},
             "config": {"model": "hf", "model_args": {"pretrained": "org/m-160m", "revision": "step10"},
                        "model_num_parameters": 160000000},
             "model_name": "org/m-160m"}
            """
        }
        let folder = dir.appendingPathComponent("runs")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        _ = try write(file(0), "a/results_2026-01-01T00-00-00.json", in: folder)
        _ = try write(file(5), "a/b/results_2026-01-02T00-00-00.json", in: folder)
        let summary = try db.importLMEval(atPath: folder.path)
        let scores = try db.scores(task: "arc", metric: "acc")
        #expect(scores.map(\.strategy) == ["0-shot", "5-shot"] && scores.map(\.value) == [0.05, 0.55])
        #expect(scores.allSatisfy { $0.stderr == nil && $0.n == 50 && $0.model.name == "org/m-160m@step10" })
        #expect(try db.model(named: "org/m-160m@step10")?.params == 160_000_000)
        #expect(try db.model(named: "org/m-160m@step10")?.family == "m")
        #expect(summary.skipped.count == 4)
        #expect(Set(summary.skipped.map(\.reason)) == ["non-numeric value \"high\"", "standard error without its value"])
        let line = try #require(summary.skippedDescription)
        #expect(line.contains("arc/bleu") && line.contains("arc/f1_stderr,none"))
    }

    @Test("the family comes from the pretrained name without its size and version")
    func familyFromPretrained() {
        #expect(CheckpointName.family(ofPretrained: "EleutherAI/pythia-v1.1-1.4b") == "pythia")
        #expect(CheckpointName.family(ofPretrained: "EleutherAI/pythia-410m-deduped") == "pythia-deduped")
        #expect(CheckpointName.family(ofPretrained: "meta-llama/Llama-2-7b-hf") == "Llama-2-hf")
        #expect(CheckpointName.family(ofPretrained: "gpt2") == "gpt2")
        #expect(CheckpointName.stepNumber(ofRevision: "step143000") == 143000
                && CheckpointName.stepNumber(ofRevision: "main") == nil)
    }

    @Test("bad files are refused with the file and key named, and nothing is written", arguments: [
        (#"{"answer": 42}"#, "\"results\" object"),
        (#"[1, 2]"#, "expected a JSON object"),
        (#"{"results": {"arc": [0.5]}, "versions": {}, "config": {"model_args": "pretrained=x"}}"#, "\"results\".\"arc\""),
        (#"{"results": {"arc": {"acc": 0.5}}, "versions": {}, "config": {"model_args": "revision=step1"}}"#, "model_args"),
        (#"{"results": {"arc": {"acc": 0.5}}, "versions": {}, "config": {}}"#, "model_args"),
    ])
    func badFiles(text: String, expected: String) throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixture("pythia-legacy/pythia-70m/70m_step512.json"),
                                         toPath: folder.appendingPathComponent("good.json").path)
        let bad = try write(text, "bad.json", in: folder)
        let error = try #require(throws: StoreError.self) { try db.importLMEval(atPath: folder.path) }
        #expect(error.file == bad && error.message.contains(expected))
        #expect(try db.rowCounts().values.allSatisfy { $0 == 0 })
    }

    @Test("a store from before checkpoints keeps its scores and takes strategies")
    func oldStoreMigrates() throws {
        let dir = try makeTemporaryDirectory("results-store-v1")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("store.sqlite").path
        try FileManager.default.copyItem(atPath: fixture("store-v1.db"), toPath: path)
        let db = try ResultsDatabase(path: path)
        let before = try #require(try db.scores().first)
        #expect(before.metric == "acc" && before.value == 0.25 && before.stderr == 0.05 && before.n == 100)
        #expect(before.strategy == nil)
        try db.upsertScores([ScoreInput(model: "m", task: "t", metric: "acc", value: 0.5, strategy: "5-shot")])
        #expect(try db.scores().map(\.value) == [0.25, 0.5])
    }
}
