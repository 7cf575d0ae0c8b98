import Foundation
import ResultsStore
import Testing
@testable import EmergenceMetrics

/// Brier, multiple-choice grade, log-likelihood and target probability
/// against hand-computed values (references from numpy, as
/// lm-evaluation-harness computes them: softmax of the choice
/// log-likelihoods, then Σ (p − onehot)²).
@Suite("Probability metrics")
struct ProbabilityMetricsTests {
    @Test(arguments: [
        ([-1.0, -2, -3], 0, 0.18006114634076098),
        ([-16.33880043029785, -17.05, -18.5, -16.53], 1, 0.9235804698735137),
        ([-1000.0, -1001], 1, 1.068893290777046),
        ([-2.5, -2.5, -7], 1, 0.5000457688188026),
    ])
    func multipleChoiceBrierMatchesHarness(lls: [Double], gold: Int, expected: Double) throws {
        let brier = try #require(ExampleMetrics.multipleChoiceBrier(logLikelihoods: lls, gold: gold))
        #expect(abs(brier - expected) < 1e-12)
    }

    @Test func softmaxIsStableForVeryNegativeLogLikelihoods() {
        let p = ExampleMetrics.softmax([-1000, -1001])
        #expect(abs(p[0] - 0.7310585786300049) < 1e-15)
        #expect(abs(p.reduce(0, +) - 1) < 1e-15)
    }

    @Test func brierOfACertainModel() {
        #expect(ExampleMetrics.multipleChoiceBrier(logLikelihoods: [0, -.infinity, -.infinity], gold: 0) == 0)
        #expect(ExampleMetrics.multipleChoiceBrier(logLikelihoods: [0, -.infinity], gold: 1) == 2)
    }

    @Test func gradeIsArgmaxWithFirstIndexOnTies() {
        #expect(ExampleMetrics.multipleChoiceGrade(logLikelihoods: [-3, -1, -2], gold: 1) == 1)
        #expect(ExampleMetrics.multipleChoiceGrade(logLikelihoods: [-3, -1, -2], gold: 2) == 0)
        // numpy.argmax picks the first maximum, and so does the harness's acc.
        #expect(ExampleMetrics.multipleChoiceGrade(logLikelihoods: [-2.5, -2.5, -7], gold: 0) == 1)
        #expect(ExampleMetrics.multipleChoiceGrade(logLikelihoods: [-2.5, -2.5, -7], gold: 1) == 0)
        #expect(ExampleMetrics.multipleChoiceGrade(logLikelihoods: [-1, -2], gold: 5) == nil)
    }

    @Test func logLikelihoodAndTargetProbabilityIdentities() throws {
        let logprobs = [-0.1, -2.3, -0.7, -0.05]
        let tokens = logprobs.enumerated().map { TokenRecord(tokenID: $0.offset, text: "t", logprob: $0.element) }
        let mean = try #require(ExampleMetrics.logLikelihood(tokens))
        let probability = try #require(ExampleMetrics.targetProbability(tokens))
        #expect(abs(mean - (-3.15 / 4)) < 1e-12)
        // P(target) = exp(L · mean log-prob) = Π p_i.
        #expect(abs(probability - exp(4 * mean)) < 1e-12)
        #expect(abs(probability - logprobs.map(exp).reduce(1, *)) < 1e-12)
        #expect(abs(ExampleMetrics.generationBrier(targetLogProbability: -3.15) - pow(1 - exp(-3.15), 2)) < 1e-12)
        #expect(ExampleMetrics.logLikelihood([]) == nil)
        #expect(ExampleMetrics.targetProbability([]) == nil)
    }

    @Test func tokenAccuracyCountsGreedyTokensOrRankOne() {
        let tokens = [
            TokenRecord(tokenID: 1, text: "a", logprob: -0.1, greedy: true),
            TokenRecord(tokenID: 2, text: "b", logprob: -2, greedy: false),
            TokenRecord(tokenID: 3, text: "c", logprob: -0.2, rank: 1),
            TokenRecord(tokenID: 4, text: "d", logprob: -3, rank: 4),
        ]
        #expect(ExampleMetrics.tokenAccuracy(tokens) == 0.5)
        #expect(ExampleMetrics.tokenAccuracy([TokenRecord(tokenID: 1, text: "a", logprob: -1)]) == nil)
    }
}
