import Foundation
import ResultsStore
import Testing
@testable import EmergenceMetrics

/// The simulator as ground truth: metrics of its outputs match the closed
/// forms of Schaeffer et al. within sampling error.
@Suite("Schaeffer simulator")
struct SimulatorTests {
    static let simulator = SchaefferSimulator(models: 5, targetTokens: 8, examples: 3000, seed: 42)

    @Test func parametersAndFacts() throws {
        let s = Self.simulator
        let params = s.parameterCounts
        #expect(params.count == 5)
        #expect(abs(params[0] - 1e7) / 1e7 < 1e-12 && abs(params[4] - 1e11) / 1e11 < 1e-12)
        #expect(abs(params[2] - 1e9) / 1e9 < 1e-12)
        #expect(abs(s.crossEntropy(params: 1e7) - 1) < 1e-12)
        #expect(abs(s.crossEntropy(params: 1e11) - 0.01) < 1e-12)
        #expect(abs(s.tokenProbability(params: 1e9) - exp(-0.1)) < 1e-12)
        let first = try #require(s.records().first)
        #expect(first.modelFacts?.family == "simulated-schaeffer")
        #expect(first.modelFacts?.tokens == 20 * first.modelFacts!.params!)
        #expect(first.modelFacts?.trainingFlops == 6 * 20 * 1e7 * 1e7)
        #expect(first.task == "simulated-L8" && first.taskKind == .generation)
        #expect(SchaefferSimulator.modelName(params: 1e7) == "sim-10M")
        #expect(SchaefferSimulator.modelName(params: 1.67e9) == "sim-1.67B")
        #expect(SchaefferSimulator.modelName(params: 1e11) == "sim-100B")
    }

    @Test func deterministicFromTheSeed() {
        let small = SchaefferSimulator(models: 2, targetTokens: 4, examples: 20, seed: 9)
        #expect(small.records() == small.records())
        let other = SchaefferSimulator(models: 2, targetTokens: 4, examples: 20, seed: 10)
        #expect(small.records() != other.records())
        // Every model answers the same examples.
        let records = small.records()
        #expect(records[0].target == records[20].target)
    }

    @Test func metricsMatchTheClosedForms() throws {
        let s = Self.simulator
        let records = s.records()
        let k = Double(s.examples), l = Double(s.targetTokens)
        for (m, n) in s.parameterCounts.enumerated() {
            let p = s.tokenProbability(params: n)
            let slice = Array(records[(m * s.examples)..<((m + 1) * s.examples)])
            let e = MetricsEngine.aggregate(outputs: slice)
            let exact = try #require(e[.exactMatch]?.mean)
            let pL = pow(p, l)
            #expect(abs(exact - pL) <= 4 * (pL * (1 - pL) / k).squareRoot() + 1e-3, "N=\(n): \(exact) vs \(pL)")
            let accuracy = try #require(e[.tokenAccuracy]?.mean)
            #expect(abs(accuracy - p) <= 4 * (p * (1 - p) / (k * l)).squareRoot(), "N=\(n)")
            // Wrong positions number L(1 − p) on average; Levenshtein can
            // realign and undercut that count a little, never exceed it.
            let edit = try #require(e[.tokenEditDistance]?.mean)
            let expected = l * (1 - p), se = (l * p * (1 - p) / k).squareRoot()
            #expect(edit <= expected + 4 * se, "N=\(n)")
            #expect(edit >= 0.9 * expected - 4 * se, "N=\(n): \(edit) vs \(expected)")
            #expect(abs(try #require(e[.logLikelihood]?.mean) - log(p)) < 1e-12)
            #expect(abs(try #require(e[.targetProbability]?.mean) - pL) < 1e-12)
            #expect(abs(try #require(e[.brier]?.mean) - (1 - pL) * (1 - pL)) < 1e-12)
            #expect(e[.multipleChoiceGrade] == nil)
        }
    }

    @Test func exactMatchJumpsWhileTokenAccuracyMovesSmoothly() throws {
        // The mirage in numbers: over the default family, exact match stays
        // near 0 for the smallest models, token accuracy already moves.
        let s = SchaefferSimulator(models: 10, targetTokens: 10, examples: 200, seed: 1)
        let p = s.parameterCounts.map { s.tokenProbability(params: $0) }
        #expect(p[0] > 0.35 && p[0] < 0.4)
        #expect(pow(p[0], 10) < 1e-4 && pow(p[2], 10) < 0.05 && pow(p[9], 10) > 0.9)
    }

    @Test func writesJSONLinesThatDecodeBack() throws {
        let s = SchaefferSimulator(models: 2, targetTokens: 3, examples: 5, seed: 3)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try s.write(to: url) == 10)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10)
        let decoded = try lines.map { try JSONDecoder().decode(OutputRecord.self, from: Data($0.utf8)) }
        #expect(decoded == s.records())
        #expect(lines[0].contains("\"target_tokens\"") && lines[0].contains("\"model_facts\""))
    }

    @Test func rejectsBadParameters() {
        #expect(throws: SimulatorError.self) { try SchaefferSimulator(models: 0).validate() }
        #expect(throws: SimulatorError.self) { try SchaefferSimulator(targetTokens: 0).validate() }
        #expect(throws: SimulatorError.self) { try SchaefferSimulator(examples: 0).validate() }
    }
}
