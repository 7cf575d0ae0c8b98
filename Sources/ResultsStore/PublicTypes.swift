import Foundation

/// The version written into every run this tool creates.
public let emergeToolVersion = "0.1.0"

/// How a model's training FLOPs were obtained (SPEC §4).
public enum FlopsSource: String, Codable, Sendable {
    /// Given by the user or an imported file.
    case given
    /// Estimated as 6·N·D from parameters N (total, else non-embedding) and training tokens D.
    case estimated
}

/// A stored model with its scale facts. Every number is nil when unknown.
public struct StoredModel: Sendable, Equatable, Hashable {
    public var name: String
    public var family: String?
    public var params: Double?
    public var nonEmbeddingParams: Double?
    public var tokens: Double?
    public var trainingFlops: Double?
    public var flopsSource: FlopsSource?
    public var checkpoint: String?
    public var source: String?

    public init(name: String, family: String? = nil, params: Double? = nil, nonEmbeddingParams: Double? = nil,
                tokens: Double? = nil, trainingFlops: Double? = nil, flopsSource: FlopsSource? = nil,
                checkpoint: String? = nil, source: String? = nil) {
        self.name = name; self.family = family; self.params = params
        self.nonEmbeddingParams = nonEmbeddingParams; self.tokens = tokens
        self.trainingFlops = trainingFlops; self.flopsSource = flopsSource
        self.checkpoint = checkpoint; self.source = source
    }
}

/// A stored task and how many examples the store holds for it.
public struct StoredTask: Sendable, Equatable, Hashable {
    public var name: String
    public var kind: TaskKind
    public var description: String?
    public var exampleCount: Int

    public init(name: String, kind: TaskKind, description: String? = nil, exampleCount: Int = 0) {
        self.name = name; self.kind = kind; self.description = description; self.exampleCount = exampleCount
    }
}

/// One example of a task (SPEC §4). `choices`/`gold` only for multiple choice.
public struct TaskExample: Sendable, Equatable, Hashable, Codable {
    public var index: Int
    public var prompt: String?
    public var target: String?
    public var choices: [String]?
    public var gold: Int?
    /// Targets accepted besides `target`, in order (a BIG-bench example may
    /// list several). Read back as nil when there are none; when writing, nil
    /// keeps what is stored and an empty list removes them.
    public var alternativeTargets: [String]?

    public init(index: Int, prompt: String? = nil, target: String? = nil, choices: [String]? = nil, gold: Int? = nil,
                alternativeTargets: [String]? = nil) {
        self.index = index; self.prompt = prompt; self.target = target; self.choices = choices; self.gold = gold
        self.alternativeTargets = alternativeTargets
    }

    /// Every acceptable target, `target` first (empty without a target).
    public var acceptableTargets: [String] {
        guard let target else { return [] }
        return [target] + (alternativeTargets ?? [])
    }
}

/// A stored run: one model × task × strategy × decoding settings (backend included).
public struct StoredRun: Sendable, Equatable, Hashable {
    public var id: Int64
    public var model: StoredModel
    public var task: StoredTask
    public var strategy: String
    public var decoding: DecodingSettings
    public var toolVersion: String
    public var createdAt: Date
}

/// An aggregate score (model × task × metric), e.g. imported from a paper's
/// table or an lm-eval results file. `value`, `stderr` and `n` are nil when
/// missing (an empty or NaN cell), never zero. `classOverride` is
/// "threshold" or "per-token" when the import said `--discontinuous` /
/// `--continuous` for this metric, else nil (classify by name).
public struct StoredScore: Sendable, Equatable, Hashable {
    public var model: StoredModel
    public var task: String
    public var metric: String
    public var value: Double?
    public var stderr: Double?
    public var n: Int?
    public var classOverride: String?
    public var source: String?
}

/// A score to write through `ResultsDatabase.upsertScores`.
public struct ScoreInput: Sendable, Equatable {
    public var model: String
    public var task: String
    public var metric: String
    public var value: Double?
    public var stderr: Double?
    public var n: Int?
    public var classOverride: String?

    public init(model: String, task: String, metric: String, value: Double?, stderr: Double? = nil,
                n: Int? = nil, classOverride: String? = nil) {
        self.model = model; self.task = task; self.metric = metric; self.value = value
        self.stderr = stderr; self.n = n; self.classOverride = classOverride
    }
}

/// Facts to set on a model; nil fields leave the stored value unchanged.
public struct ModelUpdate: Sendable, Equatable {
    public var name: String
    public var family: String?
    public var params: Double?
    public var nonEmbeddingParams: Double?
    public var tokens: Double?
    /// Given training FLOPs; when nil and params and tokens are known, 6·N·D is stored as "estimated".
    public var trainingFlops: Double?
    public var checkpoint: String?
    public var source: String?

    public init(name: String, family: String? = nil, params: Double? = nil, nonEmbeddingParams: Double? = nil,
                tokens: Double? = nil, trainingFlops: Double? = nil, checkpoint: String? = nil, source: String? = nil) {
        self.name = name; self.family = family; self.params = params; self.nonEmbeddingParams = nonEmbeddingParams
        self.tokens = tokens; self.trainingFlops = trainingFlops; self.checkpoint = checkpoint; self.source = source
    }
}

/// What an import wrote. "Written" counts rows inserted or replaced, so a
/// repeated import reports the same numbers while the store's row counts stay put.
public struct ImportSummary: Sendable, Equatable {
    public var models = 0
    public var tasks = 0
    public var examples = 0
    public var runs = 0
    public var outputs = 0
    public var tokenRows = 0
    public var choiceRows = 0
    public var scores = 0

    public init() {}

    public static func + (a: ImportSummary, b: ImportSummary) -> ImportSummary {
        var s = a
        s.models += b.models; s.tasks += b.tasks; s.examples += b.examples; s.runs += b.runs
        s.outputs += b.outputs; s.tokenRows += b.tokenRows; s.choiceRows += b.choiceRows; s.scores += b.scores
        return s
    }

    /// One line for the CLI, e.g. "3 models, 2 tasks, 40 outputs, 1200 token rows".
    public var description: String {
        let parts: [(Int, String)] = [(models, "models"), (tasks, "tasks"), (examples, "examples"), (runs, "runs"),
                                      (outputs, "outputs"), (tokenRows, "token rows"), (choiceRows, "choice scores"),
                                      (scores, "scores")]
        let shown = parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return shown.isEmpty ? "nothing" : shown.joined(separator: ", ")
    }
}

/// A user-facing import or store failure, one sentence naming the file and,
/// for a malformed row, its line and column (1-based) and what was expected.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    public var description: String {
        var where_ = ""
        if let file { where_ += file }
        if let line { where_ += (where_.isEmpty ? "" : ", ") + "line \(line)" }
        if let column { where_ += (where_.isEmpty ? "" : ", ") + "column \(column)" }
        return where_.isEmpty ? message : "\(where_): \(message)"
    }
}
