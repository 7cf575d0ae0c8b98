import EmergeSupport
import EmergeTestSupport
import Foundation
import ResultsStore
import Testing
@testable import EmergenceMetrics

/// Seeded property tests over random records of every shape.
@Suite("Metric properties (seeded)")
struct PropertyTests {
    /// Single-character token texts, so text equality ⇔ token equality.
    static let vocabulary = Array("abcdefghij").map(String.init)

    static func randomGreedyGeneration(_ rng: inout SplitMix64, example: Int) -> OutputRecord {
        let length = Int.random(in: 1...6, using: &rng)
        let target = (0..<length).map { _ in Int.random(in: 0..<vocabulary.count, using: &rng) }
        // Greedy decoding: where the target token was the argmax, the model emits it.
        var generated: [Int] = [], teacher: [TokenRecord] = []
        for id in target {
            let greedy = Double.random(in: 0..<1, using: &rng) < 0.7
            let logprob = greedy ? -Double.random(in: 0..<0.69, using: &rng) : -Double.random(in: 0.7..<8, using: &rng)
            teacher.append(TokenRecord(tokenID: id, text: vocabulary[id], logprob: logprob, greedy: greedy))
            generated.append(greedy ? id : (id + Int.random(in: 1..<vocabulary.count, using: &rng)) % vocabulary.count)
        }
        if Bool.random(using: &rng) { generated.append(Int.random(in: 0..<vocabulary.count, using: &rng)) }
        let generatedTokens = generated.map { TokenRecord(tokenID: $0, text: vocabulary[$0], logprob: -0.1, greedy: true) }
        return OutputRecord(model: "m", task: "t", example: example, target: target.map { vocabulary[$0] }.joined(),
                            generated: generated.map { vocabulary[$0] }.joined(),
                            generatedTokens: generatedTokens, targetTokens: teacher)
    }

    static func randomMultipleChoice(_ rng: inout SplitMix64, example: Int) -> OutputRecord {
        let count = Int.random(in: 2...5, using: &rng)
        let choices = (0..<count).map { c in
            ChoiceScore(text: "\(c)", loglikelihood: -Double.random(in: 0..<200, using: &rng),
                        tokenCount: Int.random(in: 1...9, using: &rng))
        }
        return OutputRecord(model: "m", task: "t", example: example, choices: choices,
                            gold: Int.random(in: 0..<count, using: &rng))
    }

    @Test func everyMetricStaysInItsRange() {
        var rng = SplitMix64(seed: 2024)
        for example in 0..<2000 {
            let r = example.isMultiple(of: 2) ? Self.randomGreedyGeneration(&rng, example: example)
                                              : Self.randomMultipleChoice(&rng, example: example)
            let v = RecordScoring.values(of: r)
            for metric in Metric.allCases where !v[metric.index].isNaN {
                let x = v[metric.index]
                if let range = metric.range { #expect(range.contains(x), "\(metric) = \(x)") }
                if metric == .tokenEditDistance { #expect(x >= 0 && x == x.rounded()) }
                if metric == .logLikelihood { #expect(x <= 0) }
            }
        }
    }

    @Test func exactMatchImpliesZeroEditDistanceForGreedyOutputs() {
        var rng = SplitMix64(seed: 99)
        var matches = 0
        for example in 0..<3000 {
            let v = RecordScoring.values(of: Self.randomGreedyGeneration(&rng, example: example))
            if v[Metric.exactMatch.index] == 1 {
                matches += 1
                #expect(v[Metric.tokenEditDistance.index] == 0)
                #expect(v[Metric.tokenAccuracy.index] == 1)
            } else {
                #expect(v[Metric.tokenEditDistance.index] > 0)
            }
        }
        #expect(matches > 100) // the property was exercised
    }

    @Test func bootstrapIntervalContainsTheMean() {
        var rng = SplitMix64(seed: 5)
        for trial in 0..<200 {
            let n = Int.random(in: 1...60, using: &rng)
            let skew = Double.random(in: 0.01...0.99, using: &rng)
            let values = (0..<n).map { _ in
                Double.random(in: 0..<1, using: &rng) < skew ? Double.random(in: -5...5, using: &rng) : 0
            }
            let e = Bootstrap.mean(values, resamples: 500, seed: UInt64(trial))
            #expect(e.low <= e.mean && e.mean <= e.high, "trial \(trial): \(e)")
            // Resampled means stay within the data (up to rounding of the sums).
            #expect(e.low >= values.min()! - 1e-12 && e.high <= values.max()! + 1e-12)
        }
    }

    @Test func aggregatedRowsStayInRangeWithOrderedIntervals() {
        var rng = SplitMix64(seed: 77)
        let records = (0..<300).map { example in
            example.isMultiple(of: 3) ? Self.randomMultipleChoice(&rng, example: example)
                                      : Self.randomGreedyGeneration(&rng, example: example)
        }
        let estimates = MetricsEngine.aggregate(outputs: records)
        #expect(Set(estimates.keys) == Set(Metric.allCases))
        for (metric, e) in estimates {
            #expect(e.low <= e.mean && e.mean <= e.high, "\(metric)")
            if let range = metric.range { #expect(range.contains(e.low) && range.contains(e.high)) }
        }
        #expect(estimates[.multipleChoiceGrade]?.n == 100)
        #expect(estimates[.tokenEditDistance]?.n == 200)
    }
}
