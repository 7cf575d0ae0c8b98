import Foundation
import ResultsStore
import Testing

@Suite("lm-evaluation-harness folder import")
struct LMEvalImportTests {
    @Test("aggregates become scores; N/A stderr is missing; the model gets its parameters")
    func aggregates() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.importLMEval(atPath: fixture("lm-eval"), options: LMEvalOptions(family: "pythia"))
        let model = try #require(try db.model(named: "/models/pythia-tiny"))
        #expect(model.params == 128352 && model.family == "pythia" && model.checkpoint == "/models/pythia-tiny")
        let scores = try db.scores()
        func score(_ task: String, _ metric: String) -> StoredScore? {
            scores.first { $0.task == task && $0.metric == metric }
        }
        #expect(scores.count == 5)
        #expect(score("mc_task", "acc")?.value == 0.5 && score("mc_task", "acc")?.stderr == 0.5)
        #expect(score("mc_task", "acc")?.n == 2)
        #expect(score("mc_task", "brier_score")?.value == 0.6085 && score("mc_task", "brier_score")?.stderr == nil)
        #expect(score("ll_task", "perplexity")?.value == 12.5 && score("ll_task", "perplexity")?.n == 1)
        #expect(score("gen_task", "exact_match")?.value == 0.5)
        let kinds = Dictionary(uniqueKeysWithValues: try db.tasks().map { ($0.name, $0.kind) })
        #expect(kinds == ["mc_task": .multipleChoice, "gen_task": .generation, "ll_task": .loss])
    }

    @Test("multiple-choice samples become choice scores with gold from target")
    func multipleChoice() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.importLMEval(atPath: fixture("lm-eval"))
        let run = try #require(try db.runs(task: "mc_task").first)
        #expect(run.decoding.backend == "lm-eval")
        let outputs = try db.outputs(runID: run.id)
        #expect(outputs.count == 2)
        #expect(outputs[0].choices == [ChoiceScore(text: " Rome", loglikelihood: -4.25, greedy: false),
                                       ChoiceScore(text: " Paris", loglikelihood: -1.5, greedy: true),
                                       ChoiceScore(text: " Oslo", loglikelihood: -6.0, greedy: false)])
        #expect(outputs[0].gold == 1 && outputs[0].target == " Paris")
        #expect(outputs[0].prompt == "Q: Capital of France?\nA:")
        #expect(outputs[1].gold == 1 && outputs[1].choices?.map(\.loglikelihood) == [-0.75, -2.0])
        // The harness's Brier score for document 0, recomputed from the stored log-likelihoods.
        let lls = outputs[0].choices!.map(\.loglikelihood)
        let z = lls.map { exp($0) }.reduce(0, +)
        let brier = lls.enumerated().map { i, l in pow(exp(l) / z - (i == 1 ? 1 : 0), 2) }.reduce(0, +)
        let p = [0.0595, 0.9302, 0.0103]
        let fromFile = p.enumerated().map { i, v in pow(v - (i == 1 ? 1 : 0), 2) }.reduce(0, +)
        #expect(abs(brier - fromFile) < 1e-3)
    }

    @Test("generation samples keep generated text, extracted answer and target; log-likelihood samples their sum")
    func generationAndLoss() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.importLMEval(atPath: fixture("lm-eval"))
        let gen = try db.outputs(runID: try #require(try db.runs(task: "gen_task").first).id)
        #expect(gen.map(\.generated) == [" 46", "OOOOOOOO"])
        #expect(gen.map(\.target) == [" 46", " 15"])
        #expect(gen.map(\.extractedAnswer) == [" 46", "OOOOOOOO"])
        #expect(gen[0].extractionRule == "lm-eval:none" && gen[0].prompt == "12+34=")
        #expect(gen[0].decoding?.maxTokens == 8)
        let loss = try db.outputs(runID: try #require(try db.runs(task: "ll_task").first).id)
        #expect(loss.count == 1)
        #expect(loss[0].targetLoglikelihood == -16.32 && loss[0].targetGreedy == false)
        #expect(loss[0].target == " on the mat" && loss[0].taskKind == .loss)
    }

    @Test("a broken samples line names file, line and column, and nothing is imported")
    func brokenSample() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("lm")
        try FileManager.default.copyItem(atPath: fixture("lm-eval"), toPath: copy.path)
        let samples = try FileManager.default.subpathsOfDirectory(atPath: copy.path)
            .first { $0.hasSuffix(".jsonl") && $0.contains("gen_task") }!
        let url = copy.appendingPathComponent(samples)
        var text = try String(contentsOf: url, encoding: .utf8)
        text += "{\"doc_id\": 2, \"resps\": [[\"x\"]] \"oops\"}\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        let error = try #require(throws: StoreError.self) { try db.importLMEval(atPath: copy.path) }
        #expect(error.file == (samples as NSString).lastPathComponent && error.line == 3 && error.column == 32)
        #expect(try db.rowCounts().values.allSatisfy { $0 == 0 })
    }

    @Test("a folder without results files is refused")
    func emptyFolder() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = try #require(throws: StoreError.self) { try db.importLMEval(atPath: dir.path) }
        #expect(error.message.contains("results_*.json"))
    }
}
