/// Which positions the cross-entropy is taken over.
public enum LossPositions: String, Codable, Sendable {
    /// Only the tokens of the target (the answer): the model is never asked to predict the question.
    case target
    /// Every next token of prompt and target.
    case all
}

/// Everything that decides a training run besides the model shape and the data.
/// Defaults (docs/ladders.md#training): AdamW lr 2e-3,
/// weight decay 0.01 on every parameter, 100 warm-up steps then cosine,
/// batch 64, loss on the answer tokens.
public struct TrainingOptions: Codable, Sendable, Equatable {
    public var steps: Int
    public var batchSize: Int
    public var learningRate: Float
    public var warmupSteps: Int
    /// The cosine decays to `learningRate × minLearningRateFraction`.
    public var minLearningRateFraction: Float
    public var adamW: AdamWSettings
    /// Global gradient-norm clip; nil disables clipping.
    public var gradientClip: Float?
    public var lossOn: LossPositions
    /// Seeds the initial weights and the data order (two independent streams).
    public var seed: UInt64

    public init(steps: Int = 1500, batchSize: Int = 64, learningRate: Float = 2e-3, warmupSteps: Int = 100,
                minLearningRateFraction: Float = 0.1,
                adamW: AdamWSettings = AdamWSettings(beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.01, decayPolicy: .all),
                gradientClip: Float? = 1.0, lossOn: LossPositions = .target, seed: UInt64 = 0) {
        self.steps = steps; self.batchSize = batchSize; self.learningRate = learningRate
        self.warmupSteps = warmupSteps; self.minLearningRateFraction = minLearningRateFraction
        self.adamW = adamW; self.gradientClip = gradientClip; self.lossOn = lossOn; self.seed = seed
    }

    public var schedule: LearningRateSchedule {
        LearningRateSchedule(peak: learningRate, warmupSteps: warmupSteps, totalSteps: steps,
                             minFraction: minLearningRateFraction)
    }
}
