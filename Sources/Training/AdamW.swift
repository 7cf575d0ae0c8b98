import EmergeSupport
import InferenceCore
import Foundation

/// Which parameters AdamW decays.
public enum WeightDecayPolicy: String, Codable, Sendable {
    /// Every parameter (PyTorch's default when all parameters form one group;
    /// the train-step fixture's setting).
    case all
    /// Only matrices — embeddings and linear weights — not biases or LayerNorm (nanoGPT's choice).
    case matricesOnly = "matrices-only"
}

/// AdamW hyper-parameters.
public struct AdamWSettings: Codable, Sendable, Equatable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.95
    public var epsilon: Float = 1e-8
    public var weightDecay: Float = 0.1
    public var decayPolicy: WeightDecayPolicy = .all
    public init(beta1: Float = 0.9, beta2: Float = 0.95, epsilon: Float = 1e-8, weightDecay: Float = 0.1,
                decayPolicy: WeightDecayPolicy = .all) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        self.weightDecay = weightDecay; self.decayPolicy = decayPolicy
    }
}

/// AdamW with PyTorch's semantics (torch.optim.AdamW, non-fused):
///
///     p ← p · (1 − lr·λ)                       (decoupled decay, before the moments)
///     m ← m + (1 − β₁)(g − m);  v ← β₂v + (1 − β₂)g²
///     p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// `step` counts updates from 1. Matches PyTorch to float32 rounding.
public final class AdamW {
    public let settings: AdamWSettings
    public let firstMoment: UnsafeMutableBufferPointer<Float>
    public let secondMoment: UnsafeMutableBufferPointer<Float>
    /// Updates applied so far.
    public var step = 0
    /// The parameter ranges and whether the policy decays them (adjacent
    /// tensors with the same answer merged, so `.all` is a single range).
    private let decayRanges: [(range: Range<Int>, decays: Bool)]

    public init(layout: ParameterLayout, settings: AdamWSettings) {
        self.settings = settings
        firstMoment = .allocate(capacity: layout.count); firstMoment.initialize(repeating: 0)
        secondMoment = .allocate(capacity: layout.count); secondMoment.initialize(repeating: 0)
        var ranges: [(range: Range<Int>, decays: Bool)] = []
        for tensor in layout.tensors {
            let decays = settings.decayPolicy == .all || tensor.isMatrix
            let range = tensor.offset..<(tensor.offset + tensor.count)
            if let last = ranges.last, last.decays == decays, last.range.upperBound == range.lowerBound {
                ranges[ranges.count - 1].range = last.range.lowerBound..<range.upperBound
            } else {
                ranges.append((range, decays))
            }
        }
        decayRanges = ranges
    }

    deinit { firstMoment.deallocate(); secondMoment.deallocate() }

    /// One update of `parameters` with `gradients` at learning rate `lr`.
    public func update(parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>, lr: Float) {
        step += 1
        let b1 = settings.beta1, b2 = settings.beta2, eps = settings.epsilon
        let correction1 = 1 - Float(pow(Double(b1), Double(step)))
        let correction2Root = Float((1 - pow(Double(b2), Double(step))).squareRoot())
        let stepSize = lr / correction1
        let p = parameters.baseAddress!, g = gradients.baseAddress!
        let m = firstMoment.baseAddress!, v = secondMoment.baseAddress!
        let ranges = decayRanges, decay = settings.weightDecay
        // Every element is independent: any split over threads gives the same bits.
        parallelRows(parameters.count, grain: 16384) { chunk in
            for (range, decays) in ranges {
                let lower = max(range.lowerBound, chunk.lowerBound), upper = min(range.upperBound, chunk.upperBound)
                guard lower < upper else { continue }
                let shrink = decays ? 1 - lr * decay : 1
                @inline(__always) func step(_ k: Int, _ lanes: Int) {
                    let i = lower + k
                    let grad = load(g + i, lanes)
                    var m1 = load(m + i, lanes), m2 = load(v + i, lanes)
                    m1 += (grad - m1) * (1 - b1)
                    m2 = m2 * b2 + (1 - b2) * grad * grad
                    let denominator = m2.squareRoot() / correction2Root + eps
                    let param = load(p + i, lanes) * shrink
                    store(param - stepSize * m1 / denominator, p + i, lanes)
                    store(m1, m + i, lanes)
                    store(m2, v + i, lanes)
                }
                forEachVector(upper - lower, step)
            }
        }
    }
}

/// Scales `gradients` so their global L2 norm is at most `maxNorm`
/// (torch.nn.utils.clip_grad_norm_: factor maxNorm / (norm + 1e-6), capped at 1).
/// Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ gradients: UnsafeMutableBufferPointer<Float>, maxNorm: Float) -> Float {
    let g = gradients.baseAddress!, count = gradients.count
    // Squares summed per fixed block of 4096 (eight Float lanes), the blocks
    // in Double in order: the same bits whatever the thread count.
    let block = 4096, blocks = (count + block - 1) / block
    var partial = [Double](repeating: 0, count: blocks)
    partial.withUnsafeMutableBufferPointer { sums in
        parallelRows(blocks, grain: 4) { range in
            for b in range {
                let start = g + b * block
                sums[b] = Double(dot(start, start, min(block, count - b * block)))
            }
        }
    }
    let norm = Float(partial.reduce(0, +).squareRoot())
    let factor = maxNorm / (norm + 1e-6)
    if factor < 1 {
        parallelRows(count, grain: 16384) { range in
            @inline(__always) func step(_ k: Int, _ lanes: Int) {
                let i = range.lowerBound + k
                store(load(g + i, lanes) * factor, g + i, lanes)
            }
            forEachVector(range.count, step)
        }
    }
    return norm
}

/// Linear warm-up then cosine decay:
/// lr(s) = peak·(s+1)/warmup for s < warmup, then
/// min + ½(peak − min)(1 + cos(π·(s − warmup)/(total − warmup))), min = peak·minFraction.
/// `s` is the 0-based index of the update.
public struct LearningRateSchedule: Codable, Sendable, Equatable {
    public var peak: Float
    public var warmupSteps: Int
    public var totalSteps: Int
    public var minFraction: Float

    public init(peak: Float, warmupSteps: Int, totalSteps: Int, minFraction: Float = 0.1) {
        self.peak = peak; self.warmupSteps = warmupSteps; self.totalSteps = totalSteps; self.minFraction = minFraction
    }

    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let span = max(1, totalSteps - warmupSteps)
        let progress = min(1, Double(step - warmupSteps) / Double(span))
        let minimum = peak * minFraction
        return minimum + Float(0.5 * (1 + cos(Double.pi * progress))) * (peak - minimum)
    }
}
