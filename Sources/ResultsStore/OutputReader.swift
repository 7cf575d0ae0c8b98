import Foundation
import GRDB

extension ResultsDatabase {
    /// Every output of run `runID`, fully populated (prompt, target, choices
    /// with their scores and gold, target and generated token records,
    /// decoding settings, model facts, the strategy's trace), sorted by example index then sample.
    /// Token streams are stored packed (see TokenPacking) and unpacked here.
    public func outputs(runID: Int64) throws -> [OutputRecord] {
        try pool.read { db in try Self.readOutputs(db, runID: runID) }
    }

    /// Calls `body` with each output of run `runID`, in the order and with the
    /// content of `outputs(runID:)` (the run is read in one go, then visited).
    public func forEachOutput(runID: Int64, _ body: (OutputRecord) throws -> Void) throws {
        try pool.read { db in try Self.readOutputs(db, runID: runID).forEach(body) }
    }

    static func readOutputs(_ db: Database, runID: Int64) throws -> [OutputRecord] {
        guard let run = try RunRow.fetchOne(db, key: runID),
              let model = try ModelRow.fetchOne(db, key: run.modelId),
              let task = try TaskRow.fetchOne(db, key: run.taskId) else { return [] }
        let facts = ModelFacts(family: model.family, params: model.params, nonEmbeddingParams: model.nonEmbeddingParams,
                               tokens: model.tokens, trainingFlops: model.trainingFlops, checkpoint: model.checkpoint,
                               sizeGroup: model.sizeGroup, step: model.step, seed: model.seed)
        let kind = TaskKind(rawValue: task.kind)

        // Outputs joined with their examples.
        var records: [OutputRecord] = []
        var indexByOutput: [Int64: Int] = [:]
        let outputs = try RawStatement(db, """
            SELECT o.id, o.sample, o.generated, o.extracted_answer, o.extraction_rule, o.target_loglikelihood,
                   o.target_greedy, e.idx, e.prompt, e.target, e.choices, e.gold, o.trace, e.id
            FROM output o JOIN example e ON e.id = o.example_id
            WHERE o.run_id = ? ORDER BY e.idx, o.sample
            """)
        outputs.bind(1, runID)
        var choiceTexts: [Int64: [String]] = [:]
        let alternatives = try alternativeTargets(db, taskID: run.taskId)
        let decoder = JSONDecoder()
        while try outputs.step() {
            let id = outputs.int64(0)
            var r = OutputRecord(model: model.name, modelFacts: facts, task: task.name, taskKind: kind,
                                 strategy: run.strategy, decoding: run.decoding, example: outputs.int(7),
                                 sample: outputs.int(1), prompt: outputs.optionalString(8),
                                 target: outputs.optionalString(9), generated: outputs.optionalString(2),
                                 extractedAnswer: outputs.optionalString(3), extractionRule: outputs.optionalString(4),
                                 gold: outputs.optionalInt(11))
            r.targetLoglikelihood = outputs.optionalDouble(5)
            r.targetGreedy = outputs.optionalBool(6)
            r.trace = try outputs.optionalString(12).map(TraceValue.init(jsonText:))
            r.alternativeTargets = alternatives[outputs.int64(13)]
            if let json = outputs.optionalString(10) {
                choiceTexts[id] = try decoder.decode([String].self, from: Data(json.utf8))
            }
            indexByOutput[id] = records.count
            records.append(r)
        }
        outputs.reset()
        if records.isEmpty { return records }

        // Choice scores.
        let choices = try RawStatement(db, """
            SELECT c.output_id, c.choice_index, c.loglikelihood, c.token_count, c.greedy
            FROM choice_score c JOIN output o ON o.id = c.output_id
            WHERE o.run_id = ? ORDER BY c.output_id, c.choice_index
            """)
        choices.bind(1, runID)
        while try choices.step() {
            let id = choices.int64(0)
            guard let i = indexByOutput[id] else { continue }
            let ci = choices.int(1)
            let text = choiceTexts[id].flatMap { ci < $0.count ? $0[ci] : nil } ?? ""
            let score = ChoiceScore(text: text, loglikelihood: choices.double(2), tokenCount: choices.optionalInt(3),
                                    greedy: choices.optionalBool(4))
            records[i].choices = (records[i].choices ?? []) + [score]
        }
        choices.reset()

        // Token streams, unpacked; texts resolved through the interning table.
        var texts: [Int64: String] = [:]
        let textQuery = try RawStatement(db, "SELECT text FROM token_text WHERE id = ?")
        func text(_ id: Int64) throws -> String {
            if let known = texts[id] { return known }
            textQuery.bind(1, id)
            let value = try textQuery.step() ? (textQuery.optionalString(0) ?? "") : ""
            textQuery.reset()
            texts[id] = value
            return value
        }
        let streams = try RawStatement(db, """
            SELECT t.output_id, t.stream, t.count, t.token_ids, t.text_ids, t.logprobs, t.greedy, t.ranks,
                   t.entropies, t.top_k
            FROM output o JOIN token_stream t ON t.output_id = o.id
            WHERE o.run_id = ?
            """)
        streams.bind(1, runID)
        while try streams.step() {
            guard let i = indexByOutput[streams.int64(0)] else { continue }
            let count = streams.int(2)
            guard let tokenIDs = streams.blob(3, as: Int64.self, count: count),
                  let textIDs = streams.blob(4, as: Int64.self, count: count),
                  let logprobs = streams.blob(5, as: UInt64.self, count: count) else {
                throw StoreError("the store's token data for output \(streams.int64(0)) is damaged.")
            }
            let topK = try streams.optionalString(9).map {
                try decoder.decode([[AlternativeRecord]?].self, from: Data($0.utf8))
            }
            let tokens = try PackedTokens.unpack(
                count: count, tokenIDs: tokenIDs, textIDs: textIDs, logprobs: logprobs,
                greedy: streams.blob(6, as: UInt8.self, count: count), ranks: streams.blob(7, as: Int64.self, count: count),
                entropies: streams.blob(8, as: UInt64.self, count: count), topK: topK, text: text)
            if streams.int(1) == 0 { records[i].targetTokens = tokens } else { records[i].generatedTokens = tokens }
        }
        streams.reset()
        return records
    }
}
