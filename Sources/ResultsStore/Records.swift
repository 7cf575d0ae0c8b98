import Foundation
import GRDB

// GRDB record types, one per table row. They stay internal: the public API
// speaks in Stored* values and OutputRecord.

struct ModelRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "model"
    var id: Int64?
    var name: String
    var family: String?
    var params: Double?
    var nonEmbeddingParams: Double?
    var tokens: Double?
    var trainingFlops: Double?
    var flopsSource: String?
    var checkpoint: String?
    var source: String?
    var sizeGroup: String?
    var step: Int?
    var seed: Int?

    enum CodingKeys: String, CodingKey {
        case id, name, family, params, nonEmbeddingParams = "non_embedding_params", tokens,
             trainingFlops = "training_flops", flopsSource = "flops_source", checkpoint, source,
             sizeGroup = "size_group", step, seed
    }
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var stored: StoredModel {
        StoredModel(name: name, family: family, params: params, nonEmbeddingParams: nonEmbeddingParams,
                    tokens: tokens, trainingFlops: trainingFlops, flopsSource: flopsSource.flatMap(FlopsSource.init),
                    checkpoint: checkpoint, source: source, sizeGroup: sizeGroup, step: step, seed: seed)
    }

    /// Applies the non-nil facts of `update`, then keeps FLOPs consistent:
    /// given FLOPs win; otherwise 6·N·D is (re)estimated when N and D are known.
    mutating func apply(_ update: ModelUpdate) {
        if let v = update.family { family = v }
        if let v = update.params { params = v }
        if let v = update.nonEmbeddingParams { nonEmbeddingParams = v }
        if let v = update.tokens { tokens = v }
        if let v = update.checkpoint { checkpoint = v }
        if let v = update.source { source = v }
        if let v = update.sizeGroup { sizeGroup = v }
        if let v = update.step { step = v }
        if let v = update.seed { seed = v }
        if let flops = update.trainingFlops {
            trainingFlops = flops
            flopsSource = FlopsSource.given.rawValue
        } else if flopsSource != FlopsSource.given.rawValue, let n = params ?? nonEmbeddingParams, let d = tokens {
            trainingFlops = 6 * n * d
            flopsSource = FlopsSource.estimated.rawValue
        }
    }
}

struct TaskRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "task"
    var id: Int64?
    var name: String
    var kind: String
    var description: String?
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct ExampleRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "example"
    var id: Int64?
    var taskId: Int64
    var idx: Int
    var prompt: String?
    var target: String?
    var choices: [String]?
    var gold: Int?
    enum CodingKeys: String, CodingKey { case id, taskId = "task_id", idx, prompt, target, choices, gold }
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Fills what the stored example lacks; returns whether anything changed.
    mutating func merge(_ e: StoredExample) -> Bool {
        var changed = false
        if let p = e.prompt, p != prompt { prompt = p; changed = true }
        if let t = e.target, t != target { target = t; changed = true }
        if let c = e.choices, c != choices { choices = c; changed = true }
        if let g = e.gold, g != gold { gold = g; changed = true }
        return changed
    }
    var example: StoredExample { StoredExample(index: idx, prompt: prompt, target: target, choices: choices, gold: gold) }
}

struct RunRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "run"
    var id: Int64?
    var modelId: Int64
    var taskId: Int64
    var strategy: String
    var temperature: Double
    var samples: Int
    var seed: Int
    var maxTokens: Int?
    var backend: String
    var toolVersion: String
    var createdAt: Date
    enum CodingKeys: String, CodingKey {
        case id, modelId = "model_id", taskId = "task_id", strategy, temperature, samples, seed,
             maxTokens = "max_tokens", backend, toolVersion = "tool_version", createdAt = "created_at"
    }
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    var decoding: DecodingSettings {
        DecodingSettings(temperature: temperature, samples: samples, seed: seed, maxTokens: maxTokens, backend: backend)
    }
}

struct ScoreRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "score"
    var id: Int64?
    var modelId: Int64
    var taskId: Int64
    var metric: String
    var strategy: String?
    var value: Double?
    var stderr: Double?
    var n: Int?
    var classOverride: String?
    var source: String?
    enum CodingKeys: String, CodingKey {
        case id, modelId = "model_id", taskId = "task_id", metric, strategy, value, stderr, n,
             classOverride = "class_override", source
    }
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct TokenTextRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "token_text"
    var id: Int64?
    var text: String
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
