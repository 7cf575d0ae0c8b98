import Elicitation
import EmergenceMetrics
import Foundation
import InferenceCore
import ResultsStore
import TaskSuite

/// How far an evaluation has come, reported after every example.
public struct EvalProgress: Sendable, Equatable {
    public var model: String
    public var task: String
    public var strategy: String
    /// Examples finished in this call (evaluated now or found stored).
    public var done: Int
    public var total: Int
    /// Of `done`, how many were already stored by an earlier call.
    public var skipped: Int
    /// Correct final answers among the examples evaluated now.
    public var correct: Int
    public var elapsedSeconds: Double
}

/// What one evaluation did.
public struct EvalSummary: Sendable, Equatable {
    public var model: String
    public var task: String
    public var strategy: String
    /// Examples evaluated (and stored) by this call.
    public var evaluated: Int
    /// Examples skipped because the store already held them.
    public var skipped: Int
    /// Correct examples among `evaluated`, judged exactly as `metrics`
    /// judges the stored outputs (`RecordScoring.exactMatch(ofSamples:)`),
    /// so `accuracy` is the exact match `metrics` reports for this call's examples.
    public var correct: Int
    public var seconds: Double

    /// correct / evaluated, nil when nothing was evaluated.
    public var accuracy: Double? { evaluated > 0 ? Double(correct) / Double(evaluated) : nil }
}

/// Evaluates models on tasks with a prompting strategy and stores every
/// output in the results store (docs/design.md#store, docs/design.md#elicitation, docs/design.md#cli-contract `eval`).
///
/// For each example: the strategy's response(s) with generated tokens and
/// their log-probs, the extracted answer and its rule, and the target's
/// teacher-forced per-token records (token id, text, log-prob, greedy flag,
/// rank, entropy) — scored in one batch per chunk of examples. Examples are
/// written a chunk per transaction; a re-run skips the examples the store
/// already holds for the same model, task, strategy and decoding settings.
public struct EvalRunner {
    public var database: ResultsDatabase
    /// Called after every example (e.g. to draw a progress bar).
    public var progress: ((EvalProgress) -> Void)?
    /// Called with every strategy outcome before it is stored (e.g. to print
    /// a tree of thoughts or keep the vote counts).
    public var onOutcome: ((_ exampleIndex: Int, StrategyOutcome) -> Void)?

    public init(database: ResultsDatabase, progress: ((EvalProgress) -> Void)? = nil,
                onOutcome: ((_ exampleIndex: Int, StrategyOutcome) -> Void)? = nil) {
        self.database = database; self.progress = progress; self.onOutcome = onOutcome
    }

    /// Evaluates `model` on `task` and stores the outputs.
    @discardableResult
    public func run(model: EvalModel, task: EvalTask, configuration: EvalConfiguration) throws -> EvalSummary {
        if let spec = task.bigBench { return try runBigBench(model: model, task: task, spec: spec, configuration: configuration) }
        guard configuration.shots == 0 else { throw BigBenchEvalError.shotsNeedBigBench(task: task.name) }
        // A chat model cannot score; only multiple-choice tasks need scores to be judged at all.
        let scores = !model.textModel.isChatModel
        if !scores, task.examples.contains(where: { $0.choices != nil }) {
            throw EvalError.choicesNeedScoring(task: task.name, model: model.name)
        }
        let start = Date()
        let decoding = configuration.decoding(backend: model.backend)
        let total = min(task.examples.count, configuration.limit ?? Int.max)
        let stored = try storedExamples(model: model.name, task: task.name, strategy: configuration.strategyName,
                                        decoding: decoding, samples: configuration.samplesPerExample,
                                        configuration: configuration)
        let pending = (0..<total).filter { !stored.contains($0) }
        let facts = try missingFacts(of: model)
        let elicitor = configuration.elicitor
        var report = EvalProgress(model: model.name, task: task.name, strategy: configuration.strategyName,
                                  done: total - pending.count, total: total, skipped: total - pending.count,
                                  correct: 0, elapsedSeconds: 0)
        progress?(report)

        var firstChunk = true
        for chunkStart in stride(from: 0, to: pending.count, by: configuration.chunkSize) {
            let chunk = Array(pending[chunkStart..<min(chunkStart + configuration.chunkSize, pending.count)])
            var outcomes: [StrategyOutcome] = []
            var answered: [[OutputRecord]] = []
            for index in chunk {
                let input = task.promptInput(index, exemplars: configuration.exemplarsShown)
                let verifier = configuration.strategy == .treeOfThoughts && configuration.treeScoring == .verifier
                    ? task.verifier(index) : nil
                let outcome: StrategyOutcome
                do {
                    outcome = try elicitor.run(input, exampleIndex: index, model: model.textModel, verifier: verifier,
                                               selfRating: configuration.treeScoring == .selfRated)
                } catch let InferenceError.unrepresentableCharacter(character, offset) {
                    throw EvalError.unreadablePrompt(model: model.name, example: index, strategy: configuration.strategyName,
                                                     character: character, offset: offset)
                }
                onOutcome?(index, outcome)
                outcomes.append(outcome)
                let records = try EvalRecords.records(outcome: outcome, exampleIndex: index, task: task, model: model,
                                                      facts: firstChunk ? facts : nil, decoding: decoding)
                answered.append(records)
                // Judged by the records `metrics` will read, so the two can never disagree.
                if RecordScoring.exactMatch(ofSamples: records[...]) == 1 { report.correct += 1 }
                report.done += 1
                report.elapsedSeconds = Date().timeIntervalSince(start)
                progress?(report)
            }
            guard scores else {
                // A chat model's outputs carry their generations only; target-token metrics stay missing.
                try database.importOutputs(answered.flatMap { $0 }, source: "eval")
                firstChunk = false
                continue
            }
            // Teacher-forced targets (and multiple-choice options) of the chunk in one batch.
            var requests: [ContinuationRequest] = []
            for (k, index) in chunk.enumerated() {
                requests.append(ContinuationRequest(prompt: outcomes[k].prompt,
                                                    continuation: task.teacherForcedTarget(index, strategy: configuration.strategy)))
                for choice in task.examples[index].choices ?? [] {
                    requests.append(ContinuationRequest(prompt: outcomes[k].prompt, continuation: choice))
                }
            }
            var scored: ArraySlice<[ScoredToken]>
            do { scored = try model.textModel.scoreContinuations(requests)[...] } catch let error as InferenceError {
                guard case .unrepresentableCharacter = error else { throw error }
                throw EvalError.unreadableTarget(model: model.name, task: task.name, detail: error.description)
            }
            var records: [OutputRecord] = []
            for (k, index) in chunk.enumerated() {
                let target = scored.removeFirst()
                let choices = task.examples[index].choices.map { texts in
                    texts.map { text -> ChoiceScore in
                        let tokens = scored.removeFirst()
                        return ChoiceScore(text: text, loglikelihood: tokens.reduce(0) { $0 + $1.logprob },
                                           tokenCount: tokens.count, greedy: tokens.allSatisfy { $0.greedy == true })
                    }
                }
                records += EvalRecords.addingScores(targetTokens: target, choices: choices, to: answered[k])
            }
            try database.importOutputs(records, source: "eval")
            firstChunk = false
        }
        // Nothing left to evaluate, yet facts the store lacks (a one-seed
        // ladder's model that became seed 0 of several): record them alone.
        if pending.isEmpty, total > 0, let facts {
            try database.upsertModel(ModelUpdate(
                name: model.name, family: facts.family, params: facts.params, nonEmbeddingParams: facts.nonEmbeddingParams,
                tokens: facts.tokens, trainingFlops: facts.trainingFlops, checkpoint: facts.checkpoint,
                sizeGroup: facts.sizeGroup, step: facts.step, seed: facts.seed))
        }
        return EvalSummary(model: model.name, task: task.name, strategy: configuration.strategyName,
                           evaluated: pending.count, skipped: total - pending.count, correct: report.correct,
                           seconds: Date().timeIntervalSince(start))
    }

    /// Evaluates every rung of the ladder in `directory` (each subdirectory
    /// with a `config.json`, in name order), each named after its directory.
    public func runLadder(directory: URL, task: EvalTask, configuration: EvalConfiguration,
                          family: String? = nil) throws -> [EvalSummary] {
        let rungs = try EvalModel.ladderRungs(in: directory)
        guard !rungs.isEmpty else { throw EvalError.emptyLadder(directory.path) }
        return try rungs.map { rung in
            try run(model: EvalModel.load(directory: rung, family: family), task: task, configuration: configuration)
        }
    }

    /// Example indexes of the matching run that hold all their samples.
    /// With a `configuration`, throws `EvalError.storedRunDiffers` when the
    /// run's first trace was made with another value of a setting its key
    /// does not hold (`StoredRunSetting`), rather than resume it with mixed values.
    func storedExamples(model: String, task: String, strategy: String, decoding: DecodingSettings,
                        samples: Int, configuration: EvalConfiguration? = nil) throws -> Set<Int> {
        guard let run = try database.runs(task: task, strategy: strategy, model: model)
            .first(where: { $0.decoding == decoding }) else { return [] }
        var counts: [Int: Int] = [:]
        var firstTrace: TraceValue?
        try database.forEachOutput(runID: run.id) { output in
            counts[output.example, default: 0] += 1
            if firstTrace == nil { firstTrace = output.trace }
        }
        if let configuration, let setting = StoredRunSetting.difference(trace: firstTrace, configuration: configuration) {
            throw EvalError.storedRunDiffers(model: model, task: task, strategy: strategy, setting: setting)
        }
        return Set(counts.filter { $0.value >= samples }.keys)
    }

    /// The model's facts the store does not hold yet (nil when there are none).
    func missingFacts(of model: EvalModel) throws -> ModelFacts? {
        var facts = model.facts
        if let stored = try database.model(named: model.name) {
            if stored.family != nil { facts.family = nil }
            if stored.params != nil { facts.params = nil }
            if stored.nonEmbeddingParams != nil { facts.nonEmbeddingParams = nil }
            if stored.tokens != nil { facts.tokens = nil }
            if stored.trainingFlops != nil { facts.trainingFlops = nil }
            if stored.checkpoint != nil { facts.checkpoint = nil }
            if stored.sizeGroup != nil { facts.sizeGroup = nil }
            if stored.step != nil { facts.step = nil }
            if stored.seed != nil { facts.seed = nil }
        }
        return facts == ModelFacts() ? nil : facts
    }
}

public enum EvalError: Error, CustomStringConvertible, Equatable {
    case emptyLadder(String)
    /// A multiple-choice task asked of a chat model, which cannot score the options.
    case choicesNeedScoring(task: String, model: String)
    /// The strategy's prompt for an example holds a character the model's
    /// tokenizer cannot represent (a persona sentence shown to a ladder with
    /// an arithmetic vocabulary); `offset` counts Unicode scalars from the
    /// start of the rendered prompt.
    case unreadablePrompt(model: String, example: Int, strategy: String, character: String, offset: Int)
    /// A target or choice holds a character the model's tokenizer cannot represent.
    case unreadableTarget(model: String, task: String, detail: String)
    /// The run this call would resume was made with another value of a
    /// setting the store does not key runs by (`StoredRunSetting`).
    case storedRunDiffers(model: String, task: String, strategy: String, setting: StoredRunSetting)

    public var description: String {
        switch self {
        case let .emptyLadder(path): "The ladder directory \(path) holds no model (no subdirectory with a config.json)."
        case let .choicesNeedScoring(task, model):
            "\(task) is multiple choice: each option is scored by its log-likelihood, which the chat model \(model) cannot give (a chat endpoint cannot score a given continuation). Evaluate it with --api completions."
        case let .unreadablePrompt(model, example, strategy, character, offset):
            "Model \(model) cannot read the \(strategy) prompt of example \(example): its vocabulary lacks the character "
                + "\(String(reflecting: character)) at offset \(offset) of the prompt. Choose a strategy whose prompt uses only "
                + "characters the model was trained on, or a model whose vocabulary covers the prompt (docs/elicitation.md#tokenizers-never-drop-input)."
        case let .unreadableTarget(model, task, detail):
            "Model \(model) cannot score the targets of task \(task): \(detail)"
        case let .storedRunDiffers(model, task, strategy, s):
            "The stored \(strategy) run of \(model) on \(task) was made with \(s.option) \(s.stored), and this eval asks for "
                + "\(s.option) \(s.requested); a run's examples share one value, and the store keys runs by strategy and "
                + "decoding settings only. Give \(s.option) \(s.stored) to resume that run, or keep both values by running "
                + "the other as a template of another name (docs/elicitation.md#templates) or in another store (--db)."
        }
    }
}
