import EmergeTestSupport
import EmergenceMetrics
import Foundation
import ResultsStore
import Testing
@testable import ScalingFits

/// Prediction on Schaeffer et al.'s simulated family, where the truth is
/// known: exact match ≈ p^L with p = exp(−(N/1e7)^−½), L = 10, and
/// FLOPs = 120·N², so exact match crosses ½ at N* = 1e7·(L/ln 2)².
@Suite("Prediction: the simulated family")
struct PredictionSimulatedTests {
    static func curves(seed: UInt64, models: Int = 20, examples: Int = 300) throws -> [Curve] {
        let dir = try makeTemporaryDirectory("predict-sim")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try ResultsDatabase(path: dir.appendingPathComponent("e.sqlite").path)
        _ = try database.importOutputs(SchaefferSimulator(models: models, targetTokens: 10, examples: examples, seed: seed).records(),
                                       source: "simulator")
        return buildCurves(from: try MetricsEngine.compute(in: database), xAxis: .flops)
    }

    static var closedFormTransition: Double {
        let n = 1e7 * pow(10 / Foundation.log(2.0), 2)
        return 120 * n * n
    }

    @Test("via-continuous foresees the exact-match jump from the models on the floor; direct predicts the floor")
    func viaContinuousForeseesTheJump() throws {
        var covered = 0, total = 0
        var directErrors: [Double] = [], viaErrors: [Double] = []
        var directMissed = 0
        for seed: UInt64 in [1, 2, 3] {
            // Twenty models, so that several sit on the floor: the models fitted
            // on are those whose exact match is still under 10% of its range.
            let curves = try Self.curves(seed: seed)
            let exact = try #require(curves.first { $0.metric == "exact-match" })
            let floor = exact.points.prefix { $0.y < 0.1 }
            #expect(floor.count >= 5)
            let split = PredictionSplit.cutoff(floor.last!.x)
            let context = PredictionContext(curves: curves)
            let options = PredictionOptions(bootstrap: 200, seed: seed)
            let via = try context.predict(exact, method: .viaContinuous, split: split, options: options)
            #expect(via.trainingCount == floor.count && via.points.count == 20 - floor.count)
            #expect(via.detail.hasPrefix("log-likelihood (power) → power link"))
            covered += via.points.filter { $0.covered == true }.count
            total += via.points.count
            viaErrors += via.points.compactMap(\.absoluteError)
            #expect(via.transition.status == .crosses)
            let x = try #require(via.transition.x)
            #expect(abs(Foundation.log10(x / Self.closedFormTransition)) < Foundation.log10(2.0),
                    "forecast \(x) vs closed form \(Self.closedFormTransition)")
            let direct = try context.predict(exact, method: .direct, split: split, options: options)
            directErrors += direct.points.compactMap(\.absoluteError)
            let directX = direct.transition.x ?? .infinity
            if abs(Foundation.log10(directX / Self.closedFormTransition)) > Foundation.log10(2.0) { directMissed += 1 }
        }
        let coverage = Double(covered) / Double(total)
        #expect(coverage >= 0.8, "via-continuous coverage \(coverage) over \(total) predictions")
        let meanVia = viaErrors.reduce(0, +) / Double(viaErrors.count)
        let meanDirect = directErrors.reduce(0, +) / Double(directErrors.count)
        #expect(meanVia < 0.05, "via-continuous mean absolute error \(meanVia)")
        #expect(meanDirect > 4 * meanVia, "direct \(meanDirect) should fail where via-continuous \(meanVia) does not")
        // Fitted to a floor, direct's law stays on it: no crossing of ½ within
        // a factor of 2 of the truth in most draws.
        #expect(directMissed >= 2, "direct found the transition in \(3 - directMissed) of 3 draws")
    }

    @Test("observational refuses a family with no other task, in one sentence")
    func observationalNeedsOtherTasks() throws {
        let curves = try Self.curves(seed: 1, models: 10, examples: 50)
        let exact = try #require(curves.first { $0.metric == "exact-match" })
        #expect {
            _ = try PredictionContext(curves: curves).predict(exact, method: .observational, split: .holdout(2))
        } throws: { error in
            (error as? PredictionError)?.description.contains("has no scores on other tasks") == true
        }
    }
}
