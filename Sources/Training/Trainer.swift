import EmergeSupport
import Foundation
import TaskSuite

/// What one optimizer step did.
public struct StepReport: Sendable {
    public var step: Int
    public var loss: Float
    public var learningRate: Float
    public var gradientNorm: Float
    public var tokens: Int
}

/// A training run: a model, its AdamW state, the data stream and the step
/// counter. Everything random comes from `options.seed` — weights from one
/// SplitMix64 stream, the data order from another — so the same seed gives a
/// bit-identical checkpoint on the same machine, and a run saved at step k and
/// resumed continues exactly as if it had never stopped.
public final class Trainer {
    public let model: GPT2Model
    public let optimizer: AdamW
    public let options: TrainingOptions
    public let vocabulary: CharVocabulary
    public let data: TrainingData
    /// Optimizer steps taken so far.
    public private(set) var step = 0
    /// Real token positions processed so far (a batch's padding is not computed, so not counted).
    public private(set) var tokensProcessed = 0.0
    /// Training FLOPs so far under `TrainingFLOPs` (per sequence, at its own length).
    public private(set) var flops = 0.0
    /// The data-order generator (saved in checkpoints).
    public internal(set) var dataRNG: SplitMix64

    /// A fresh run: GPT-2 initialisation from the seed.
    public init(config: GPT2Config, vocabulary: CharVocabulary, data: TrainingData, options: TrainingOptions) {
        precondition(vocabulary.count <= config.vocabSize, "the vocabulary does not fit the model")
        self.model = GPT2Model(config: config)
        self.optimizer = AdamW(layout: model.layout, settings: options.adamW)
        self.options = options
        self.vocabulary = vocabulary
        self.data = data
        self.dataRNG = SplitMix64(seed: SplitMix64.mix(options.seed ^ 0xDA7A))
        model.initialize(seed: SplitMix64.mix(options.seed ^ 0x1417))
    }

    /// Restores a saved run (see `Checkpoint`).
    init(model: GPT2Model, optimizer: AdamW, options: TrainingOptions, vocabulary: CharVocabulary, data: TrainingData,
         step: Int, tokensProcessed: Double, flops: Double, dataRNG: SplitMix64) {
        self.model = model; self.optimizer = optimizer; self.options = options; self.vocabulary = vocabulary
        self.data = data; self.step = step; self.tokensProcessed = tokensProcessed; self.flops = flops
        self.dataRNG = dataRNG
    }

    public var isFinished: Bool { step >= options.steps }

    /// The next batch of the seeded data stream.
    public func nextBatch() throws -> TokenBatch {
        var examples: [TaskExample] = []
        examples.reserveCapacity(options.batchSize)
        for _ in 0..<options.batchSize { examples.append(data.draw(using: &dataRNG)) }
        return try TokenBatch(examples: examples, vocabulary: vocabulary, lossOn: options.lossOn)
    }

    /// One step: batch, forward, backward, clip, AdamW at the scheduled rate.
    @discardableResult
    public func trainStep() throws -> StepReport {
        let batch = try nextBatch()
        let loss = model.forward(tokens: batch.tokens, targets: batch.targets, weights: batch.weights,
                                 batch: batch.batch, length: batch.length, lengths: batch.lengths)
        model.zeroGradients()
        model.backward()
        let norm = options.gradientClip.map { clipGradientNorm(model.gradients, maxNorm: $0) } ?? 0
        let rate = options.schedule.rate(at: step)
        optimizer.update(parameters: model.parameters, gradients: model.gradients, lr: rate)
        step += 1
        let tokens = batch.lengths.reduce(0, +)
        tokensProcessed += Double(tokens)
        flops += TrainingFLOPs.total(config: model.config, lengths: batch.lengths)
        return StepReport(step: step, loss: loss, learningRate: rate, gradientNorm: norm, tokens: tokens)
    }
}
