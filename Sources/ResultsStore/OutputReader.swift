import Foundation
import GRDB

extension ResultsDatabase {
    /// Every output of run `runID`, fully populated (prompt, target, choices
    /// with their scores and gold, target and generated token records,
    /// decoding settings, model facts), sorted by example index then sample.
    /// Token rows are read through the C API in key order; 1M rows take well
    /// under a second in a release build.
    public func outputs(runID: Int64) throws -> [OutputRecord] {
        try pool.read { db in try Self.readOutputs(db, runID: runID) }
    }

    /// Calls `body` with each output of run `runID` (same content as
    /// `outputs(runID:)`), without building the whole array first.
    public func forEachOutput(runID: Int64, _ body: (OutputRecord) throws -> Void) throws {
        try pool.read { db in try Self.readOutputs(db, runID: runID).forEach(body) }
    }

    static func readOutputs(_ db: Database, runID: Int64) throws -> [OutputRecord] {
        guard let run = try RunRow.fetchOne(db, key: runID),
              let model = try ModelRow.fetchOne(db, key: run.modelId),
              let task = try TaskRow.fetchOne(db, key: run.taskId) else { return [] }
        let facts = ModelFacts(family: model.family, params: model.params, nonEmbeddingParams: model.nonEmbeddingParams,
                               tokens: model.tokens, trainingFlops: model.trainingFlops, checkpoint: model.checkpoint)
        let kind = TaskKind(rawValue: task.kind)

        // Outputs joined with their examples.
        var records: [OutputRecord] = []
        var indexByOutput: [Int64: Int] = [:]
        let outputs = try RawStatement(db, """
            SELECT o.id, o.sample, o.generated, o.extracted_answer, o.extraction_rule, o.target_loglikelihood,
                   o.target_greedy, e.idx, e.prompt, e.target, e.choices, e.gold
            FROM output o JOIN example e ON e.id = o.example_id
            WHERE o.run_id = ? ORDER BY e.idx, o.sample
            """)
        outputs.bind(1, runID)
        var choiceTexts: [Int64: [String]] = [:]
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

        // Token rows, in key order (output, stream, position).
        var texts: [Int64: String] = [:]
        let textQuery = try RawStatement(db, "SELECT text FROM token_text WHERE id = ?")
        let tokens = try RawStatement(db, """
            SELECT t.output_id, t.stream, t.token_id, t.text_id, t.logprob, t.greedy, t.rank, t.entropy, t.top_k
            FROM output o JOIN token t ON t.output_id = o.id
            WHERE o.run_id = ? ORDER BY t.output_id, t.stream, t.position
            """)
        tokens.bind(1, runID)
        var currentOutput: Int64 = -1
        var currentStream = -1
        var buffer: [TokenRecord] = []
        func flush() {
            guard currentOutput >= 0, let i = indexByOutput[currentOutput] else { return }
            if currentStream == 0 { records[i].targetTokens = buffer } else { records[i].generatedTokens = buffer }
        }
        while try tokens.step() {
            let outputID = tokens.int64(0)
            let stream = tokens.int(1)
            if outputID != currentOutput || stream != currentStream {
                flush()
                currentOutput = outputID; currentStream = stream
                buffer = []
            }
            let textID = tokens.int64(3)
            let text: String
            if let known = texts[textID] {
                text = known
            } else {
                textQuery.bind(1, textID)
                text = try textQuery.step() ? (textQuery.optionalString(0) ?? "") : ""
                textQuery.reset()
                texts[textID] = text
            }
            var record = TokenRecord(tokenId: tokens.int(2), token: text, logprob: tokens.double(4),
                                     greedy: tokens.optionalBool(5), rank: tokens.optionalInt(6),
                                     entropy: tokens.optionalDouble(7))
            if let json = tokens.optionalString(8) {
                record.topK = try decoder.decode([TokenAlternative].self, from: Data(json.utf8))
            }
            buffer.append(record)
        }
        flush()
        tokens.reset()
        return records
    }
}
