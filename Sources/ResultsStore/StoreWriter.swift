import Foundation
import GRDB

/// Writes into the store inside one open transaction, remembering the ids it
/// has resolved so that a million-row import does one lookup per model, task,
/// example and run, not per row. Token rows go through a prepared statement
/// bound with the C API (see RawStatement).
final class StoreWriter {
    let db: Database
    var summary = ImportSummary()

    private var modelIDs: [String: Int64] = [:]
    private var taskIDs: [String: Int64] = [:]
    private var exampleRows: [ExampleKey: ExampleRow] = [:]
    private var runIDs: [RunKey: Int64] = [:]
    private var textIDs: [String: Int64] = [:]
    private var lastTextByTokenID: [Int: (text: String, id: Int64)] = [:]
    private var touchedModels: Set<String> = []
    private var touchedTasks: Set<String> = []
    private var knownAlternatives: [Int64: [String]] = [:]

    private struct ExampleKey: Hashable { var task: Int64; var index: Int }
    private struct RunKey: Hashable {
        var model: Int64; var task: Int64; var strategy: String; var decoding: DecodingSettings
    }

    init(_ db: Database) { self.db = db }

    // MARK: Models, tasks, examples, runs

    /// Creates or updates a model, and keeps the facts of a size group in
    /// step with it: a model named like a size group (a models CSV row
    /// `EleutherAI/pythia-1.4b`) passes its family and parameter counts to
    /// every checkpoint of that group, and a checkpoint created later takes
    /// them from such a model. So a models file may be imported before or
    /// after the checkpoints' results.
    @discardableResult
    func upsertModel(_ update: ModelUpdate) throws -> ModelRow {
        var row = try ModelRow.filter(Column("name") == update.name).fetchOne(db)
            ?? ModelRow(name: update.name)
        let before = row
        row.apply(update)
        if let group = row.sizeGroup, group != row.name,
           let groupRow = try ModelRow.filter(Column("name") == group).fetchOne(db) {
            row.apply(ModelUpdate(name: row.name, family: row.family == nil ? groupRow.family : nil,
                                  params: row.params == nil ? groupRow.params : nil,
                                  nonEmbeddingParams: row.nonEmbeddingParams == nil ? groupRow.nonEmbeddingParams : nil))
        }
        try save(&row, before: before)
        if update.family != nil || update.params != nil || update.nonEmbeddingParams != nil {
            for var member in try ModelRow.filter(Column("size_group") == row.name && Column("name") != row.name).fetchAll(db) {
                let old = member
                member.apply(ModelUpdate(name: member.name, family: update.family, params: update.params,
                                         nonEmbeddingParams: update.nonEmbeddingParams))
                try save(&member, before: old)
            }
        }
        return row
    }

    private func save(_ row: inout ModelRow, before: ModelRow) throws {
        if row.id == nil { try row.insert(db) } else if !sameModel(before, row) { try row.update(db) }
        modelIDs[row.name] = row.id!
        if touchedModels.insert(row.name).inserted { summary.models += 1 }
    }

    private func sameModel(_ a: ModelRow, _ b: ModelRow) -> Bool {
        a.family == b.family && a.params == b.params && a.nonEmbeddingParams == b.nonEmbeddingParams
            && a.tokens == b.tokens && a.trainingFlops == b.trainingFlops && a.flopsSource == b.flopsSource
            && a.checkpoint == b.checkpoint && a.source == b.source && a.sizeGroup == b.sizeGroup
            && a.step == b.step && a.seed == b.seed
    }

    /// The id of model `name`, created bare if missing.
    func modelID(name: String, source: String?) throws -> Int64 {
        if let id = modelIDs[name] { return id }
        if let row = try ModelRow.filter(Column("name") == name).fetchOne(db) {
            modelIDs[name] = row.id!
            return row.id!
        }
        return try upsertModel(ModelUpdate(name: name, source: source)).id!
    }

    /// The id of task `name`. A missing task is created with `kind` (generation
    /// when unknown); an existing one takes `kind` only when it is explicit.
    func taskID(name: String, kind: TaskKind?, kindIsExplicit: Bool, description: String? = nil) throws -> Int64 {
        if let id = taskIDs[name], !kindIsExplicit, description == nil { return id }
        var row = try TaskRow.filter(Column("name") == name).fetchOne(db)
            ?? TaskRow(name: name, kind: (kind ?? .generation).rawValue, description: description)
        if row.id == nil {
            try row.insert(db)
        } else {
            var changed = false
            if kindIsExplicit, let kind, row.kind != kind.rawValue { row.kind = kind.rawValue; changed = true }
            if let description, row.description != description { row.description = description; changed = true }
            if changed { try row.update(db) }
        }
        taskIDs[name] = row.id!
        if touchedTasks.insert(name).inserted { summary.tasks += 1 }
        return row.id!
    }

    /// The id of example `example.index` of the task, created or updated with
    /// the example's non-nil fields (alternative targets included).
    func exampleID(taskID: Int64, _ example: StoredExample) throws -> Int64 {
        let id = try exampleRowID(taskID: taskID, example)
        if let alternatives = example.alternativeTargets { try setAlternativeTargets(alternatives, exampleID: id) }
        return id
    }

    /// Replaces the example's alternative targets when they differ from the stored ones.
    private func setAlternativeTargets(_ texts: [String], exampleID: Int64) throws {
        if knownAlternatives[exampleID] == texts { return }
        let stored = try String.fetchAll(db, sql: "SELECT text FROM example_target WHERE example_id = ? ORDER BY position",
                                         arguments: [exampleID])
        if stored != texts {
            try db.execute(sql: "DELETE FROM example_target WHERE example_id = ?", arguments: [exampleID])
            for (offset, text) in texts.enumerated() {
                try db.execute(sql: "INSERT INTO example_target (example_id, position, text) VALUES (?, ?, ?)",
                               arguments: [exampleID, offset + 1, text])
            }
        }
        knownAlternatives[exampleID] = texts
    }

    private func exampleRowID(taskID: Int64, _ example: StoredExample) throws -> Int64 {
        let key = ExampleKey(task: taskID, index: example.index)
        // Many outputs share an example (one per model and sample): keep the
        // row in memory and write only when a line brings something new.
        if var cached = exampleRows[key] {
            if cached.merge(example) { try cached.update(db); exampleRows[key] = cached }
            return cached.id!
        }
        var row: ExampleRow
        if var existing = try ExampleRow.filter(Column("task_id") == taskID && Column("idx") == example.index).fetchOne(db) {
            if existing.merge(example) { try existing.update(db) }
            row = existing
        } else {
            row = ExampleRow(taskId: taskID, idx: example.index, prompt: example.prompt, target: example.target,
                             choices: example.choices, gold: example.gold)
            try row.insert(db)
        }
        exampleRows[key] = row
        summary.examples += 1
        return row.id!
    }

    func runID(modelID: Int64, taskID: Int64, strategy: String, decoding: DecodingSettings) throws -> Int64 {
        let key = RunKey(model: modelID, task: taskID, strategy: strategy, decoding: decoding)
        if let id = runIDs[key] { return id }
        var request = RunRow.filter(Column("model_id") == modelID && Column("task_id") == taskID
            && Column("strategy") == strategy && Column("temperature") == decoding.temperature
            && Column("samples") == decoding.samples && Column("seed") == decoding.seed
            && Column("backend") == decoding.backend)
        if let m = decoding.maxTokens { request = request.filter(Column("max_tokens") == m) }
        else { request = request.filter(Column("max_tokens") == nil) }
        var row = try request.fetchOne(db)
        if row == nil {
            var fresh = RunRow(modelId: modelID, taskId: taskID, strategy: strategy, temperature: decoding.temperature,
                               samples: decoding.samples, seed: decoding.seed, maxTokens: decoding.maxTokens,
                               backend: decoding.backend, toolVersion: emergeToolVersion, createdAt: Date())
            try fresh.insert(db)
            row = fresh
        }
        runIDs[key] = row!.id!
        summary.runs += 1
        return row!.id!
    }

    // MARK: Scores

    /// Writes one aggregate score, replacing the stored value of its (model,
    /// task, metric, strategy). Bound statements, not records: an lm-eval
    /// folder holds tens of thousands of scores.
    func upsertScore(_ s: ScoreInput, taskKind: TaskKind?, source: String?) throws {
        let modelID = try modelID(name: s.model, source: source)
        let taskID = try taskID(name: s.task, kind: taskKind ?? MetricNames.guessTaskKind(metric: s.metric),
                                kindIsExplicit: false)
        let find = try RawStatement(db, """
            SELECT id FROM score WHERE model_id = ? AND task_id = ? AND metric = ? AND IFNULL(strategy, '') = ?
            """)
        find.bind(1, modelID); find.bind(2, taskID); find.bind(3, s.metric); find.bind(4, s.strategy ?? "")
        let existing: Int64? = try find.step() ? find.int64(0) : nil
        find.reset()
        let value = s.value.flatMap { $0.isNaN ? nil : $0 }, stderr = s.stderr.flatMap { $0.isNaN ? nil : $0 }
        if let existing {
            let update = try RawStatement(db, """
                UPDATE score SET value = ?, stderr = ?, n = ?, class_override = ?, source = ? WHERE id = ?
                """)
            update.bind(1, value); update.bind(2, stderr); update.bind(3, s.n); update.bind(4, s.classOverride)
            update.bind(5, source); update.bind(6, existing)
            try update.run()
        } else {
            let insert = try RawStatement(db, """
                INSERT INTO score (model_id, task_id, metric, strategy, value, stderr, n, class_override, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            insert.bind(1, modelID); insert.bind(2, taskID); insert.bind(3, s.metric); insert.bind(4, s.strategy)
            insert.bind(5, value); insert.bind(6, stderr); insert.bind(7, s.n); insert.bind(8, s.classOverride)
            insert.bind(9, source)
            try insert.run()
        }
        summary.scores += 1
    }

    // MARK: Outputs (the hot path)

    func writeOutput(_ r: OutputRecord, source: String) throws {
        if let problem = r.positiveLogProbability { throw StoreError("\(problem).") }
        var modelID = modelIDs[r.model]
        if let facts = r.modelFacts, !touchedModels.contains(r.model) || modelID == nil {
            modelID = try upsertModel(ModelUpdate(
                name: r.model, family: facts.family, params: facts.params, nonEmbeddingParams: facts.nonEmbeddingParams,
                tokens: facts.tokens, trainingFlops: facts.trainingFlops, checkpoint: facts.checkpoint,
                source: source, sizeGroup: facts.sizeGroup, step: facts.step, seed: facts.seed)).id!
        } else if modelID == nil {
            modelID = try self.modelID(name: r.model, source: source)
        }
        let kind = r.taskKind ?? Self.inferKind(r)
        let taskID = try taskIDs[r.task] ?? self.taskID(name: r.task, kind: kind, kindIsExplicit: r.taskKind != nil)
        let example = StoredExample(index: r.example, prompt: r.prompt, target: r.target,
                                  choices: r.choices?.map(\.text), gold: r.gold, alternativeTargets: r.alternativeTargets)
        let exampleID = try exampleID(taskID: taskID, example)
        let runID = try runID(modelID: modelID!, taskID: taskID, strategy: r.strategy ?? "standard",
                              decoding: r.decoding ?? DecodingSettings())
        let sample = r.sample ?? 0
        let trace = try r.trace.map(Self.traceText)

        let find = try RawStatement(db, "SELECT id FROM output WHERE run_id = ? AND example_id = ? AND sample = ?")
        find.bind(1, runID); find.bind(2, exampleID); find.bind(3, sample)
        let existing: Int64? = try find.step() ? find.int64(0) : nil
        find.reset()

        let outputID: Int64
        if let existing {
            let update = try RawStatement(db, """
                UPDATE output SET generated = ?, extracted_answer = ?, extraction_rule = ?,
                    target_loglikelihood = ?, target_greedy = ?, trace = ? WHERE id = ?
                """)
            update.bind(1, r.generated); update.bind(2, r.extractedAnswer); update.bind(3, r.extractionRule)
            update.bind(4, r.targetLoglikelihood); update.bind(5, r.targetGreedy); update.bind(6, trace)
            update.bind(7, existing)
            try update.run()
            let dropTokens = try RawStatement(db, "DELETE FROM token_stream WHERE output_id = ?")
            dropTokens.bind(1, existing); try dropTokens.run()
            let dropChoices = try RawStatement(db, "DELETE FROM choice_score WHERE output_id = ?")
            dropChoices.bind(1, existing); try dropChoices.run()
            outputID = existing
        } else {
            let insert = try RawStatement(db, """
                INSERT INTO output (run_id, example_id, sample, generated, extracted_answer, extraction_rule,
                    target_loglikelihood, target_greedy, trace) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            insert.bind(1, runID); insert.bind(2, exampleID); insert.bind(3, sample)
            insert.bind(4, r.generated); insert.bind(5, r.extractedAnswer); insert.bind(6, r.extractionRule)
            insert.bind(7, r.targetLoglikelihood); insert.bind(8, r.targetGreedy); insert.bind(9, trace)
            try insert.run()
            outputID = db.lastInsertedRowID
        }
        summary.outputs += 1

        if let tokens = r.targetTokens { try writeTokens(tokens, outputID: outputID, stream: 0) }
        if let tokens = r.generatedTokens { try writeTokens(tokens, outputID: outputID, stream: 1) }
        if let choices = r.choices, !choices.isEmpty {
            let insert = try RawStatement(db, """
                INSERT INTO choice_score (output_id, choice_index, loglikelihood, token_count, greedy)
                VALUES (?, ?, ?, ?, ?)
                """)
            for (i, c) in choices.enumerated() {
                insert.bind(1, outputID); insert.bind(2, i); insert.bind(3, c.loglikelihood)
                insert.bind(4, c.tokenCount); insert.bind(5, c.greedy)
                try insert.run()
            }
            summary.choiceRows += choices.count
        }
    }

    /// The stored text of a trace (compact JSON, sorted keys); a trace must be a JSON object.
    static func traceText(_ trace: TraceValue) throws -> String {
        guard case .object = trace else { throw StoreError("expected the output's \"trace\" to be a JSON object.") }
        do { return try trace.jsonText() } catch {
            throw StoreError("the output's \"trace\" holds a number JSON cannot write (NaN or infinity).")
        }
    }

    /// The kind an output implies when its line does not say: choices →
    /// multiple choice; a generation → generation; only a scored target → loss.
    static func inferKind(_ r: OutputRecord) -> TaskKind {
        if r.choices != nil { return .multipleChoice }
        if r.generated != nil || r.generatedTokens != nil || r.extractedAnswer != nil { return .generation }
        if r.targetTokens != nil || r.targetLoglikelihood != nil { return .loss }
        return .generation
    }

    private func writeTokens(_ tokens: [TokenRecord], outputID: Int64, stream: Int) throws {
        let packed = try PackedTokens(tokens) { text, tokenID in try textID(text, tokenID: tokenID) }
        let insert = try RawStatement(db, """
            INSERT INTO token_stream (output_id, stream, count, token_ids, text_ids, logprobs, greedy, ranks,
                entropies, top_k) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insert.bind(1, outputID)
        insert.bind(2, stream)
        insert.bind(3, tokens.count)
        insert.bindBlob(4, packed.tokenIDs)
        insert.bindBlob(5, packed.textIDs)
        insert.bindBlob(6, packed.logprobs)
        if let v = packed.greedy { insert.bindBlob(7, v) } else { insert.bind(7, nil as Int?) }
        if let v = packed.ranks { insert.bindBlob(8, v) } else { insert.bind(8, nil as Int?) }
        if let v = packed.entropies { insert.bindBlob(9, v) } else { insert.bind(9, nil as Int?) }
        insert.bind(10, packed.topK)
        try insert.run()
        summary.tokenRows += tokens.count
    }

    /// The interned id of a token text. A token id almost always comes with
    /// the same text, so the last text seen per token id answers first: an
    /// integer lookup and a short string comparison instead of hashing the text.
    @inline(__always)
    func textID(_ text: String, tokenID: Int) throws -> Int64 {
        if let last = lastTextByTokenID[tokenID], last.text == text { return last.id }
        let id = try textID(text)
        lastTextByTokenID[tokenID] = (text, id)
        return id
    }

    /// The interned id of a token text.
    func textID(_ text: String) throws -> Int64 {
        if let id = textIDs[text] { return id }
        let find = try RawStatement(db, "SELECT id FROM token_text WHERE text = ?")
        find.bind(1, text)
        var id: Int64
        if try find.step() {
            id = find.int64(0)
            find.reset()
        } else {
            find.reset()
            let insert = try RawStatement(db, "INSERT INTO token_text (text) VALUES (?)")
            insert.bind(1, text)
            try insert.run()
            id = db.lastInsertedRowID
        }
        textIDs[text] = id
        return id
    }
}
