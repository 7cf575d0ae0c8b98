import Foundation
import ResultsStore
import Testing

@Suite("Every record survives a write and a read")
struct RoundTripTests {
    static let facts = ModelFacts(family: "pythia", params: 7e7, nonEmbeddingParams: 1.9e7, tokens: 3e11,
                                  trainingFlops: 1.26e20, checkpoint: "/ckpt/70m")
    static let decoding = DecodingSettings(temperature: 0.7, samples: 3, seed: 42, maxTokens: 16, backend: "openai")

    static var generation: OutputRecord {
        OutputRecord(
            model: "pythia-70m", modelFacts: facts, task: "addition", taskKind: .generation, strategy: "self-consistency",
            decoding: decoding, example: 7, sample: 2, prompt: "12+30=", target: "42", generated: "The answer is 42",
            generatedTokens: [TokenRecord(tokenID: 464, text: "The", logprob: -1.25),
                              TokenRecord(tokenID: 3939, text: " answer", logprob: -0.5, greedy: false, rank: 3)],
            extractedAnswer: "42", extractionRule: "the-answer-is",
            targetTokens: [
                TokenRecord(tokenID: 3682, text: "4", logprob: -0.125, greedy: true, rank: 1, entropy: 0.75,
                            alternatives: [AlternativeRecord(tokenID: 3682, text: "4", logprob: -0.125),
                                   AlternativeRecord(tokenID: 20, logprob: -2.5)]),
                TokenRecord(tokenID: 17, text: "2 \"é\"\n", logprob: -3.0, greedy: false, rank: 2, entropy: 1.5),
            ])
    }

    static var multipleChoice: OutputRecord {
        OutputRecord(model: "pythia-70m", modelFacts: facts, task: "capitals", taskKind: .multipleChoice,
                     strategy: "standard", decoding: DecodingSettings(), example: 0, sample: 0, prompt: "Capital of France?",
                     target: " Paris",
                     choices: [ChoiceScore(text: " Rome", loglikelihood: -4.25, tokenCount: 1, greedy: false),
                               ChoiceScore(text: " Paris", loglikelihood: -1.5, tokenCount: 2, greedy: true),
                               ChoiceScore(text: " Oslo", loglikelihood: -6)],
                     gold: 1)
    }

    static var loss: OutputRecord {
        OutputRecord(model: "pythia-70m", modelFacts: facts, task: "lambada", taskKind: .loss, strategy: "standard",
                     decoding: DecodingSettings(), example: 3, sample: 0, prompt: "The cat sat", target: " on the mat",
                     targetLoglikelihood: -16.32, targetGreedy: false)
    }

    @Test("outputs of all three kinds read back equal, field by field")
    func outputsRoundTrip() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = [Self.generation, Self.multipleChoice, Self.loss]
        let summary = try db.importOutputs(records, source: "test")
        #expect(summary.outputs == 3 && summary.tokenRows == 4 && summary.choiceRows == 3 && summary.runs == 3)
        for record in records {
            let runs = try db.runs(task: record.task)
            #expect(runs.count == 1)
            let read = try db.outputs(runID: runs[0].id)
            #expect(read == [record])
        }
    }

    @Test("token streams: empty, all-unknown optionals, extreme values and unicode survive packing")
    func tokenPackingEdges() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let record = OutputRecord(
            model: "m", modelFacts: Self.facts, task: "edges", taskKind: .generation, strategy: "standard",
            decoding: DecodingSettings(), example: 0, sample: 0, generated: "",
            generatedTokens: [TokenRecord(tokenID: Int(Int32.max) + 5, text: "", logprob: -.infinity),
                              TokenRecord(tokenID: 0, text: "日本", logprob: -1e-300, greedy: true, rank: 1,
                                          entropy: 0, alternatives: [])],
            targetTokens: [])
        try db.importOutputs([record], source: "t")
        let read = try db.outputs(runID: try db.runs()[0].id)
        #expect(read == [record])
        #expect(try db.rowCounts()["token"] == 2 && db.rowCounts()["token_stream"] == 2)
    }

    @Test("the JSONL file path and the in-memory path store the same thing")
    func fileRoundTrip() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = [Self.generation, Self.multipleChoice, Self.loss]
        let path = try write(try jsonl(records), "out.jsonl", in: dir)
        try db.importOutputsFile(atPath: path)
        let read = try db.runs().flatMap { try db.outputs(runID: $0.id) }
        #expect(Set(read.map(\.task)) == ["addition", "capitals", "lambada"])
        for record in records { #expect(read.contains(record)) }
    }

    @Test("a seed's or a checkpoint's size group, step and seed travel in model_facts, from memory and from JSONL")
    func seedAndCheckpointFacts() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = ModelFacts(family: "ladder-add3", params: 1e5, sizeGroup: "ladder-add3-w064-d3", seed: 4)
        let checkpoint = ModelFacts(family: "pythia", sizeGroup: "pythia-70m", step: 83000)
        try db.importOutputs([generationRecord(model: "ladder-add3-w064-d3-s1", example: 0, facts: seed)], source: "test")
        let path = try write(#"{"model": "pythia-70m@step83000", "model_facts": {"family": "pythia", "size_group": "pythia-70m", "step": 83000}, "task": "t", "example": 0}"# + "\n",
                             "checkpoint.jsonl", in: dir)
        try db.importOutputsFile(atPath: path)

        let seeded = try #require(try db.model(named: "ladder-add3-w064-d3-s1"))
        #expect(seeded.sizeGroup == "ladder-add3-w064-d3" && seeded.seed == 4 && seeded.step == nil)
        let stepped = try #require(try db.model(named: "pythia-70m@step83000"))
        #expect(stepped.sizeGroup == "pythia-70m" && stepped.step == 83000 && stepped.seed == nil)
        // Read back with the outputs, and written out again as JSON keys.
        let run = try #require(try db.runs(model: "ladder-add3-w064-d3-s1").first)
        #expect(try db.outputs(runID: run.id).first?.modelFacts?.seed == 4)
        let line = try jsonl([OutputRecord(model: "m", modelFacts: checkpoint, task: "t", example: 0)])
        #expect(line.contains(#""size_group":"pythia-70m""#) && line.contains(#""step":83000"#))
    }

    @Test("a run keeps its model, task, strategy, decoding settings, tool version and time")
    func runRoundTrip() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = Date().addingTimeInterval(-1)
        try db.importOutputs([Self.generation], source: "test")
        let run = try #require(try db.runs().first)
        #expect(run.model.name == "pythia-70m" && run.model.family == "pythia")
        #expect(run.task == StoredTask(name: "addition", kind: .generation, exampleCount: 1))
        #expect(run.strategy == "self-consistency")
        #expect(run.decoding == Self.decoding)
        #expect(run.toolVersion == emergeToolVersion)
        #expect(run.createdAt >= before && run.createdAt <= Date().addingTimeInterval(1))
        #expect(try db.runs(family: "other").isEmpty)
        #expect(try db.runs(strategy: "standard").isEmpty)
        #expect(try db.runs(model: "pythia-70m").count == 1)
    }

    @Test("models: given FLOPs win, otherwise 6·N·D is estimated and says so")
    func modelFlops() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let estimated = try db.upsertModel(ModelUpdate(name: "a", family: "f", params: 1e9, tokens: 2e10))
        #expect(estimated.trainingFlops == 6 * 1e9 * 2e10 && estimated.flopsSource == .estimated)
        let given = try db.upsertModel(ModelUpdate(name: "a", trainingFlops: 5e19))
        #expect(given.trainingFlops == 5e19 && given.flopsSource == .given && given.params == 1e9)
        // New N or D do not overwrite given FLOPs.
        let kept = try db.upsertModel(ModelUpdate(name: "a", tokens: 4e10, checkpoint: "/c"))
        #expect(kept.trainingFlops == 5e19 && kept.flopsSource == .given && kept.tokens == 4e10)
        let unknown = try db.upsertModel(ModelUpdate(name: "b", params: 1e6))
        #expect(unknown.trainingFlops == nil && unknown.flopsSource == nil)
        #expect(try db.models() == [
            StoredModel(name: "b", params: 1e6),
            StoredModel(name: "a", family: "f", params: 1e9, tokens: 4e10, trainingFlops: 5e19, flopsSource: .given,
                        checkpoint: "/c"),
        ])
    }

    @Test("task examples are stored, merged and counted")
    func examples() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let examples = [StoredExample(index: 0, prompt: "1+1=", target: "2"),
                        StoredExample(index: 1, prompt: "Pick", target: "b", choices: ["a", "b"], gold: 1)]
        try db.storeExamples(task: "mixed", kind: .generation, description: "two examples", examples)
        try db.storeExamples(task: "mixed", kind: .generation, [StoredExample(index: 0, target: "2")])
        #expect(try db.examples(task: "mixed") == examples)
        #expect(try db.tasks() == [StoredTask(name: "mixed", kind: .generation, description: "two examples",
                                              exampleCount: 2)])
    }

    @Test("scores keep missing values missing and their class override")
    func scores() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.upsertModel(ModelUpdate(name: "m", family: "fam"))
        try db.upsertScores([ScoreInput(model: "m", task: "t", metric: "acc", value: 0.5, stderr: 0.1, n: 100),
                             ScoreInput(model: "m", task: "t", metric: "bleu", value: nil, classOverride: "threshold"),
                             ScoreInput(model: "m", task: "t", metric: "f1", value: .nan)], source: "s")
        let scores = try db.scores()
        #expect(scores.map(\.metric) == ["acc", "bleu", "f1"])
        #expect(scores[0].value == 0.5 && scores[0].stderr == 0.1 && scores[0].n == 100 && scores[0].classOverride == nil)
        #expect(scores[1].value == nil && scores[1].classOverride == "threshold")
        #expect(scores[2].value == nil)
        #expect(scores.allSatisfy { $0.model.family == "fam" && $0.task == "t" && $0.source == "s" })
        #expect(try db.scores(metric: "acc").count == 1)
        #expect(try db.scores(family: "nope").isEmpty)
        #expect(try db.tasks().first?.kind == .multipleChoice) // guessed from "acc"
    }
}
