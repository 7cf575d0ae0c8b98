import Foundation
import TaskSuite
import Training

/// What training recorded about one rung (kept in the ladder's `ladder.json`).
public struct LadderRungResult: Codable, Sendable, Equatable {
    public var name: String
    public var width: Int
    public var depth: Int
    public var heads: Int
    /// All parameters, tied embedding once, position embeddings included.
    public var params: Int
    /// Parameters outside the token and position embeddings.
    public var nonEmbeddingParams: Int
    public var steps: Int
    /// Real token positions trained on (padding excluded; steps × batch × length when rows are equal).
    public var tokens: Double
    /// Training FLOPs, `TrainingFLOPs` (6·N + 6·L·T·C per token).
    public var trainingFlops: Double
    /// Mean loss over the last 50 steps trained in the final session (nil when resumed with no steps left).
    public var finalLoss: Double?
    /// The training seed (`LadderPlan.trainingSeed`); nil in manifests written
    /// before ladders had seeds, whose models all trained from the ladder's seed.
    public var seed: UInt64?
}

/// The ladder directory's manifest: the plan it was started with and the
/// models finished so far. Re-running with the same plan continues; the
/// rungs and the seeds per size may change between runs (a longer size list
/// or more seeds extends the ladder), the recipe and the test set may not.
struct LadderManifest: Codable, Equatable {
    var task: String
    var rungs: [LadderRung]
    /// The recipe, with the ladder's seed (seed index 0's).
    var training: TrainingOptions
    var testExamples: Int
    /// The training mix's step-by-step share; absent (older manifests, or none) means direct answers only.
    var scratchpadMix: ScratchpadMix?
    /// A word-problem ladder's framings; absent means direct answers only.
    var elicitationMix: ElicitationMix?
    /// Seeds per size of the last run; absent in manifests written before ladders had seeds (one seed).
    var seeds: Int?
    var results: [LadderRungResult]

    static func url(in directory: URL) -> URL { directory.appendingPathComponent("ladder.json") }

    func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: Self.url(in: directory), options: .atomic)
    }
}

/// Something the ladder reports while it works (for progress bars).
public enum LadderEvent: Sendable {
    /// Training progress of rung `index` (0-based) of `count`, from seed index
    /// `seedIndex` (0-based) of `seeds`; `name` is the model's (with its seed).
    case training(index: Int, count: Int, seedIndex: Int, seeds: Int, name: String, step: Int, steps: Int, loss: Float,
                  tokensPerSecond: Double)
    case trained(LadderRungResult, skipped: Bool)
}

/// Trains every model of a plan (each rung from each of its seeds, see
/// `LadderPlan.models`) into `directory/<model name>/`, resumably: finished
/// models are skipped, an unfinished one continues from its last checkpoint
/// (saved every `plan.checkpointEvery` steps), bit-identically to an
/// uninterrupted run. Each seed is a model of its own, so an interrupted
/// seed resumes alone and more seeds only train the new ones.
public struct LadderTrainer {
    public var plan: LadderPlan
    public var directory: URL
    public var onEvent: ((LadderEvent) -> Void)?

    public init(plan: LadderPlan, directory: URL, onEvent: ((LadderEvent) -> Void)? = nil) {
        self.plan = plan; self.directory = directory; self.onEvent = onEvent
    }

    /// The checkpoint directory of `rung` trained from seed index 0.
    public func rungDirectory(_ rung: LadderRung) -> URL { modelDirectory(plan.modelName(rung, seedIndex: 0)) }

    /// The checkpoint directory of the model named `name`.
    public func modelDirectory(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Trains what is left; returns every model's result in plan order
    /// (`LadderPlan.models`). Holds `directory` for its duration (a
    /// `LadderLock`: a second run on the folder is refused at once), or
    /// works under `lock` when the caller already holds the folder.
    @discardableResult
    public func train(holding lock: LadderLock? = nil) throws -> [LadderRungResult] {
        if let lock {
            precondition(lock.directory.standardizedFileURL == directory.standardizedFileURL,
                         "the lock held is for \(lock.directory.path), not \(directory.path)")
        }
        let hold = try lock ?? LadderLock(directory: directory)
        defer { if lock == nil { hold.release() } }
        let models = plan.models
        var manifest = LadderManifest(task: plan.task.name, rungs: plan.rungs, training: plan.training,
                                      testExamples: plan.testExamples, scratchpadMix: plan.scratchpadMix,
                                      elicitationMix: plan.elicitationMix, seeds: plan.seeds, results: [])
        if let data = try? Data(contentsOf: LadderManifest.url(in: directory)) {
            guard let saved = try? JSONDecoder().decode(LadderManifest.self, from: data),
                  saved.task == manifest.task, saved.training == manifest.training,
                  saved.testExamples == manifest.testExamples, saved.scratchpadMix == manifest.scratchpadMix,
                  saved.elicitationMix == manifest.elicitationMix else {
                throw LadderError.mismatchedPlan(directory.path)
            }
            // Keep results of models still in the plan (a longer --sizes list or more --seeds extends a ladder).
            manifest.results = saved.results.filter { result in models.contains { $0.name == result.name } }
        }
        try manifest.write(to: directory)
        // A save interrupted mid-way leaves a hidden staging directory: drop it
        // (the last complete checkpoint is still in place).
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        where entry.hasPrefix(".") && entry.contains(".saving-") {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(entry))
        }
        let position = Dictionary(models.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for model in models {
            if let done = manifest.results.first(where: { $0.name == model.name }) {
                onEvent?(.trained(done, skipped: true))
                continue
            }
            let result = try train(model)
            manifest.results.append(result)
            manifest.results.sort { (position[$0.name] ?? 0) < (position[$1.name] ?? 0) }
            try manifest.write(to: directory)
            onEvent?(.trained(result, skipped: false))
        }
        return manifest.results
    }

    func train(_ model: LadderModel) throws -> LadderRungResult {
        let rung = model.rung, name = model.name
        let location = modelDirectory(name)
        let options = plan.trainingOptions(seedIndex: model.seedIndex)
        let config = rung.config(vocabularySize: plan.vocabulary.count, contextLength: plan.contextLength)
        let trainer: Trainer
        if Checkpoint.existing(location) != nil {
            // Refuses a checkpoint trained from another seed (its options differ).
            trainer = try Checkpoint.resume(from: location, data: .generator(plan.trainingTask), options: options)
            guard trainer.model.config == config, trainer.vocabulary == plan.vocabulary else {
                throw LadderError.mismatchedPlan(location.path)
            }
        } else {
            trainer = Trainer(config: config, vocabulary: plan.vocabulary, data: .generator(plan.trainingTask),
                              options: options)
        }
        let index = plan.rungs.firstIndex(of: rung) ?? 0
        var recent: [Float] = []
        let start = Date()
        let firstStep = trainer.step, firstTokens = trainer.tokensProcessed
        var lastReport = Date.distantPast
        while !trainer.isFinished {
            let report = try trainer.trainStep()
            recent.append(report.loss)
            if recent.count > 50 { recent.removeFirst() }
            if trainer.step % plan.checkpointEvery == 0 || trainer.isFinished {
                try Checkpoint.save(trainer, to: location)
            }
            if Date().timeIntervalSince(lastReport) > 0.25 || trainer.isFinished {
                lastReport = Date()
                let seconds = max(1e-9, Date().timeIntervalSince(start))
                let tokensPerSecond = (trainer.tokensProcessed - firstTokens) / seconds
                onEvent?(.training(index: index, count: plan.rungs.count, seedIndex: model.seedIndex, seeds: plan.seeds,
                                   name: name, step: trainer.step, steps: options.steps,
                                   loss: recent.reduce(0, +) / Float(recent.count), tokensPerSecond: tokensPerSecond))
            }
        }
        if trainer.step == firstStep { try Checkpoint.save(trainer, to: location) }
        return LadderRungResult(
            name: name, width: rung.width, depth: rung.depth, heads: rung.heads,
            params: config.parameterCount, nonEmbeddingParams: config.nonEmbeddingParameterCount,
            steps: trainer.step, tokens: trainer.tokensProcessed, trainingFlops: trainer.flops,
            finalLoss: recent.isEmpty ? nil : Double(recent.reduce(0, +) / Float(recent.count)), seed: model.seed)
    }
}
