import EmergeSupport
import Foundation
import TaskSuite
import Training

/// Training throughput of a GPT-2 of width 128, depth 4, 4 heads, vocab 16,
/// context 32, batch 64 with AdamW (the PyTorch 2.15 eager peer,
/// measured on a faster machine: 17,800 tokens/s; target ≥ 27,000; `make
/// bench` measures the peer here afterwards). Prints tokens/s and the
/// achieved GFLOP/s counted as 6·N + 6·L·T·C FLOPs per token (see
/// `TrainingFLOPs`).
func runTrainingBenchmarks() {
    let config = GPT2Config(vocabSize: 16, contextLength: 32, width: 128, depth: 4, heads: 4)
    let B = 64, T = 32
    let model = GPT2Model(config: config)
    model.initialize(seed: 1)
    let optimizer = AdamW(layout: model.layout, settings: AdamWSettings())
    var rng = SplitMix64(seed: 2)
    let tokens = (0..<(B * T)).map { _ in Int32(rng.below(16)) }
    let targets = (0..<(B * T)).map { _ in Int32(rng.below(16)) }
    let weights = [Float](repeating: 1, count: B * T)
    func step() {
        model.forward(tokens: tokens, targets: targets, weights: weights, batch: B, length: T)
        model.zeroGradients()
        model.backward()
        clipGradientNorm(model.gradients, maxNorm: 1)
        optimizer.update(parameters: model.parameters, gradients: model.gradients, lr: 1e-3)
    }
    for _ in 0..<3 { step() }
    // Best of three timed windows: the machine is shared, the best window is
    // the closest to what the code can do.
    let steps = 20
    var best = Double.infinity
    for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { step() }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let tokensPerSecond = Double(steps * B * T) / best
    let flopsPerToken = TrainingFLOPs.perToken(config: config, sequenceLength: T)
    let achieved = tokensPerSecond * flopsPerToken / 1e9
    // The process-wide sgemm peak (measured once by BLASPeak.swift).
    let peak = measureSgemmPeakGFLOPS()
    print(String(format: "training  GPT-2 w128 d4 h4 V16 T32 B64 AdamW: %.0f tokens/s (%.1f ms/step), %.1f GFLOP/s achieved = %.0f%% of the sgemm peak (%.1f GFLOP/s); target ≥ 27,000 tokens/s, issue's peer PyTorch 17,800",
                 tokensPerSecond, best / Double(steps) * 1000, achieved, 100 * achieved / peak, peak))
}
