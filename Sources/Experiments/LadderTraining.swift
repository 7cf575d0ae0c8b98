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
}

/// The ladder directory's manifest: the plan it was started with and the
/// rungs finished so far. Re-running with the same plan continues.
struct LadderManifest: Codable, Equatable {
    var task: String
    var rungs: [LadderRung]
    var training: TrainingOptions
    var testExamples: Int
    /// The training mix's step-by-step share; absent (older manifests, or none) means direct answers only.
    var scratchpadMix: ScratchpadMix?
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
    /// Training progress of rung `index` (0-based) of `count`.
    case training(index: Int, count: Int, name: String, step: Int, steps: Int, loss: Float, tokensPerSecond: Double)
    case trained(LadderRungResult, skipped: Bool)
}

/// Trains every rung of a plan into `directory/<rung name>/`, resumably:
/// finished rungs are skipped, an unfinished one continues from its last
/// checkpoint (saved every `plan.checkpointEvery` steps), bit-identically to
/// an uninterrupted run.
public struct LadderTrainer {
    public var plan: LadderPlan
    public var directory: URL
    public var onEvent: ((LadderEvent) -> Void)?

    public init(plan: LadderPlan, directory: URL, onEvent: ((LadderEvent) -> Void)? = nil) {
        self.plan = plan; self.directory = directory; self.onEvent = onEvent
    }

    public func rungDirectory(_ rung: LadderRung) -> URL {
        directory.appendingPathComponent(plan.rungName(rung))
    }

    /// Trains what is left; returns every rung's result in plan order.
    @discardableResult
    public func train() throws -> [LadderRungResult] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var manifest = LadderManifest(task: plan.task.name, rungs: plan.rungs, training: plan.training,
                                      testExamples: plan.testExamples, scratchpadMix: plan.scratchpadMix, results: [])
        if let data = try? Data(contentsOf: LadderManifest.url(in: directory)) {
            guard let saved = try? JSONDecoder().decode(LadderManifest.self, from: data),
                  saved.task == manifest.task, saved.training == manifest.training,
                  saved.testExamples == manifest.testExamples, saved.scratchpadMix == manifest.scratchpadMix else {
                throw LadderError.mismatchedPlan(directory.path)
            }
            // Keep results of rungs still in the plan (a longer --sizes list extends a ladder).
            manifest.results = saved.results.filter { result in plan.rungs.contains { plan.rungName($0) == result.name } }
        }
        try manifest.write(to: directory)
        // A save interrupted mid-way leaves a hidden staging directory: drop it
        // (the last complete checkpoint is still in place).
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        where entry.hasPrefix(".") && entry.contains(".saving-") {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(entry))
        }
        for (index, rung) in plan.rungs.enumerated() {
            let name = plan.rungName(rung)
            if let done = manifest.results.first(where: { $0.name == name }) {
                onEvent?(.trained(done, skipped: true))
                continue
            }
            let result = try trainRung(rung, index: index)
            manifest.results.append(result)
            manifest.results.sort { a, b in
                (plan.rungs.firstIndex { plan.rungName($0) == a.name } ?? 0)
                    < (plan.rungs.firstIndex { plan.rungName($0) == b.name } ?? 0)
            }
            try manifest.write(to: directory)
            onEvent?(.trained(result, skipped: false))
        }
        return manifest.results
    }

    func trainRung(_ rung: LadderRung, index: Int) throws -> LadderRungResult {
        let name = plan.rungName(rung)
        let location = rungDirectory(rung)
        let config = rung.config(vocabularySize: plan.vocabulary.count, contextLength: plan.contextLength)
        let trainer: Trainer
        if Checkpoint.existing(location) != nil {
            trainer = try Checkpoint.resume(from: location, data: .generator(plan.trainingTask), options: plan.training)
            guard trainer.model.config == config, trainer.vocabulary == plan.vocabulary else {
                throw LadderError.mismatchedPlan(location.path)
            }
        } else {
            trainer = Trainer(config: config, vocabulary: plan.vocabulary, data: .generator(plan.trainingTask),
                              options: plan.training)
        }
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
                onEvent?(.training(index: index, count: plan.rungs.count, name: name, step: trainer.step,
                                   steps: plan.training.steps, loss: recent.reduce(0, +) / Float(recent.count),
                                   tokensPerSecond: tokensPerSecond))
            }
        }
        if trainer.step == firstStep { try Checkpoint.save(trainer, to: location) }
        return LadderRungResult(
            name: name, width: rung.width, depth: rung.depth, heads: rung.heads,
            params: config.parameterCount, nonEmbeddingParams: config.nonEmbeddingParameterCount,
            steps: trainer.step, tokens: trainer.tokensProcessed, trainingFlops: trainer.flops,
            finalLoss: recent.isEmpty ? nil : Double(recent.reduce(0, +) / Float(recent.count)))
    }
}
