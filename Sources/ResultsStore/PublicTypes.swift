import Foundation

/// The version written into every run this tool creates.
public let emergeToolVersion = "0.1.0"

/// How a model's training FLOPs were obtained (docs/design.md#store).
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
    /// For one checkpoint of a model trained over time, or one seed of a
    /// size: the name shared by every checkpoint and seed of that size (an
    /// lm-eval import uses the pretrained name, `EleutherAI/pythia-1.4b`).
    public var sizeGroup: String?
    /// The training step of a checkpoint (`revision=step83000` → 83000).
    public var step: Int?
    /// The initialisation seed, for models trained several times per size.
    public var seed: Int?

    public init(name: String, family: String? = nil, params: Double? = nil, nonEmbeddingParams: Double? = nil,
                tokens: Double? = nil, trainingFlops: Double? = nil, flopsSource: FlopsSource? = nil,
                checkpoint: String? = nil, source: String? = nil, sizeGroup: String? = nil, step: Int? = nil,
                seed: Int? = nil) {
        self.name = name; self.family = family; self.params = params
        self.nonEmbeddingParams = nonEmbeddingParams; self.tokens = tokens
        self.trainingFlops = trainingFlops; self.flopsSource = flopsSource
        self.checkpoint = checkpoint; self.source = source
        self.sizeGroup = sizeGroup; self.step = step; self.seed = seed
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

/// One example of a task as the store keeps it (docs/design.md#store): its
/// index in the task, and `choices`/`gold` only for multiple choice.
public struct StoredExample: Sendable, Equatable, Hashable, Codable {
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
    /// What produced the score beyond model and task, e.g. `0-shot` for an
    /// lm-evaluation-harness result; nil when the source does not say.
    public var strategy: String?
    public var value: Double?
    public var stderr: Double?
    public var n: Int?
    public var classOverride: String?
    public var source: String?

    public init(model: StoredModel, task: String, metric: String, strategy: String? = nil, value: Double?,
                stderr: Double? = nil, n: Int? = nil, classOverride: String? = nil, source: String? = nil) {
        self.model = model; self.task = task; self.metric = metric; self.strategy = strategy; self.value = value
        self.stderr = stderr; self.n = n; self.classOverride = classOverride; self.source = source
    }
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
    /// See `StoredScore.strategy`; scores differing only here are kept side by side.
    public var strategy: String?

    public init(model: String, task: String, metric: String, value: Double?, stderr: Double? = nil,
                n: Int? = nil, classOverride: String? = nil, strategy: String? = nil) {
        self.model = model; self.task = task; self.metric = metric; self.value = value
        self.stderr = stderr; self.n = n; self.classOverride = classOverride; self.strategy = strategy
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
    /// See `StoredModel.sizeGroup`, `step` and `seed`.
    public var sizeGroup: String?
    public var step: Int?
    public var seed: Int?

    public init(name: String, family: String? = nil, params: Double? = nil, nonEmbeddingParams: Double? = nil,
                tokens: Double? = nil, trainingFlops: Double? = nil, checkpoint: String? = nil, source: String? = nil,
                sizeGroup: String? = nil, step: Int? = nil, seed: Int? = nil) {
        self.name = name; self.family = family; self.params = params; self.nonEmbeddingParams = nonEmbeddingParams
        self.tokens = tokens; self.trainingFlops = trainingFlops; self.checkpoint = checkpoint; self.source = source
        self.sizeGroup = sizeGroup; self.step = step; self.seed = seed
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
    /// Results files read (lm-eval imports).
    public var files = 0
    /// Values a file held that were not stored, each with the reason.
    public var skipped: [SkippedValue] = []

    public init() {}

    public static func + (a: ImportSummary, b: ImportSummary) -> ImportSummary {
        var s = a
        s.models += b.models; s.tasks += b.tasks; s.examples += b.examples; s.runs += b.runs
        s.outputs += b.outputs; s.tokenRows += b.tokenRows; s.choiceRows += b.choiceRows; s.scores += b.scores
        s.files += b.files; s.skipped += b.skipped
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

    /// One line naming what was skipped and why, grouped by reason (at most
    /// three examples per reason), or nil when nothing was.
    public var skippedDescription: String? {
        guard !skipped.isEmpty else { return nil }
        var order: [String] = []
        var byReason: [String: [SkippedValue]] = [:]
        for s in skipped {
            if byReason[s.reason] == nil { order.append(s.reason) }
            byReason[s.reason, default: []].append(s)
        }
        let parts = order.map { reason -> String in
            let items = byReason[reason]!
            var names = items.prefix(3).map { "\($0.task)/\($0.metric)" }.joined(separator: ", ")
            if items.count > 3 { names += ", …" }
            return "\(items.count) \(reason) (\(names))"
        }
        return "skipped \(skipped.count) value\(skipped.count == 1 ? "" : "s"): " + parts.joined(separator: "; ")
    }
}

/// A value found in an imported file that was not stored, and why
/// (a non-numeric value, a standard error without its metric, …).
public struct SkippedValue: Sendable, Equatable, Hashable {
    public var file: String
    public var task: String
    public var metric: String
    public var reason: String

    public init(file: String, task: String, metric: String, reason: String) {
        self.file = file; self.task = task; self.metric = metric; self.reason = reason
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
