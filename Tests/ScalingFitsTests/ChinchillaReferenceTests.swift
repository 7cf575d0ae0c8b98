import EmergeSupport
import Foundation
import Testing
@testable import ScalingFits

/// Besiroglu et al. 2024 (Approach 3 on Epoch's extracted Chinchilla data):
/// 5 highest-loss points left out, D = FLOP/(6N), Huber δ = 1e-3 on log L,
/// L-BFGS from 4,500 starts. The pure-Huber optimum is E ≈ 1.817,
/// α ≈ 0.3473, β ≈ 0.3671, A ≈ 478, B ≈ 2140.
@Test func chinchillaApproach3MatchesEpochRefit() throws {
    let url = try #require(Bundle.module.url(forResource: "chinchilla_svg_extracted", withExtension: "csv", subdirectory: "Fixtures"))
    let data = try LossObservations(csv: String(contentsOf: url, encoding: .utf8), nColumn: "Model Size",
                                    lossColumn: "loss", flopsColumn: "Training FLOP", excludeTop: 5)
    #expect(data.loss.count == 240)
    let fit = try fitChinchilla(data)
    print("Chinchilla: E=\(fit.E) A=\(fit.A) B=\(fit.B) alpha=\(fit.alpha) beta=\(fit.beta) huber=\(fit.huberLoss)")
    #expect(abs(fit.E - 1.817) <= 0.01)
    #expect(abs(fit.alpha - 0.347) <= 0.01)
    #expect(abs(fit.beta - 0.367) <= 0.015)
    #expect(abs(fit.A / 478 - 1) <= 0.15)
    #expect(abs(fit.B / 2140 - 1) <= 0.15)
    #expect(fit.n == 240)
}

@Test func chinchillaRecoversExactSyntheticLaw() throws {
    var rng = SplitMix64(seed: 7)
    var n: [Double] = [], d: [Double] = [], l: [Double] = []
    for _ in 0..<60 {
        let nn = pow(10, Double.random(in: 7...10, using: &rng)), dd = pow(10, Double.random(in: 9...12, using: &rng))
        n.append(nn); d.append(dd); l.append(1.7 + 400 / pow(nn, 0.34) + 410 / pow(dd, 0.28))
    }
    var options = ChinchillaOptions()
    options.starts = Array(ChinchillaOptions.besiroglu2024Grid.enumerated().filter { $0.offset % 9 == 0 }.map(\.element))
    let fit = try fitChinchilla(LossObservations(n: n, d: d, loss: l), options: options)
    #expect(abs(fit.E - 1.7) < 0.01)
    #expect(abs(fit.alpha - 0.34) < 0.01)
    #expect(abs(fit.beta - 0.28) < 0.01)
}

@Test func chinchillaRefusesTooFewPointsAndMissingTokens() throws {
    #expect(throws: ChinchillaError.tooFewPoints(got: 3)) {
        try fitChinchilla(LossObservations(n: [1e8, 1e9, 1e10], d: [1e10, 1e10, 1e10], loss: [3, 2.5, 2.2]))
    }
    #expect(throws: ChinchillaError.needTokens) {
        try LossObservations(csv: "N,loss\n1e8,3\n", nColumn: "N", lossColumn: "loss")
    }
}
