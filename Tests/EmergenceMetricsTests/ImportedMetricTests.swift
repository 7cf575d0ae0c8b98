import Testing
import ResultsStore
@testable import EmergenceMetrics

@Suite("Metric vocabulary and imported names")
struct ImportedMetricTests {
    @Test func builtInMetricsKnowClassDirectionAndRange() {
        #expect(Metric.allCases.map(\.name) == ["exact-match", "multiple-choice-grade", "token-accuracy",
                                               "token-edit-distance", "brier", "log-likelihood",
                                               "target-probability"])
        #expect(Metric.exactMatch.metricClass == .threshold)
        #expect(Metric.multipleChoiceGrade.metricClass == .threshold)
        #expect(Metric.tokenEditDistance.metricClass == .perToken && !Metric.tokenEditDistance.higherIsBetter)
        #expect(Metric.brier.range == 0...2 && !Metric.brier.higherIsBetter)
        #expect(Metric.logLikelihood.range == nil && Metric.logLikelihood.higherIsBetter)
        #expect(Metric.targetProbability.metricClass == .nonlinear)
        #expect(Metric.brier.metricClass(for: .multipleChoice) == .perToken)
        #expect(Metric.brier.metricClass(for: .generation) == .nonlinear)
        #expect(Metric.tokenAccuracy.metricClass(for: .generation) == .perToken)
        #expect(MetricClass.perToken.rawValue == "per-token")
        #expect(Metric.allCases.allSatisfy { Metric.allCases[$0.index] == $0 })
    }

    @Test(arguments: ["acc", "acc_norm", "exact_match", "em", "accuracy", "grade", "acc,none",
                      "multiple_choice_grade", "mc1", "pass@1", "exact_str_match"])
    func accuracyLikeNamesAreThreshold(name: String) {
        #expect(ImportedMetric(name: name).metricClass == .threshold)
        #expect(ImportedMetric(name: name).higherIsBetter)
    }

    @Test(arguments: ["bleu", "f1", "brier_score", "perplexity", "loss", "mc2", "rougeL", "bits_per_byte"])
    func otherNamesArePerToken(name: String) {
        #expect(ImportedMetric(name: name).metricClass == .perToken)
    }

    @Test func directionFollowsTheName() {
        #expect(!ImportedMetric(name: "perplexity").higherIsBetter)
        #expect(!ImportedMetric(name: "brier_score").higherIsBetter)
        #expect(!ImportedMetric(name: "word_perplexity,none").higherIsBetter)
        #expect(ImportedMetric(name: "bleu").higherIsBetter)
    }

    @Test func overrideWins() {
        #expect(ImportedMetric(name: "acc", classOverride: "per-token").metricClass == .perToken)
        #expect(ImportedMetric(name: "bleu", classOverride: "threshold").metricClass == .threshold)
        #expect(ImportedMetric(name: "bleu", classOverride: nil).metricClass == .perToken)
    }

    @Test func rangesOfImportedMetrics() {
        #expect(ImportedMetric(name: "acc").range(observedMaximum: 0.8) == 0...1)
        #expect(ImportedMetric(name: "acc").range(observedMaximum: 63) == 0...100)
        #expect(ImportedMetric(name: "brier_score").range(observedMaximum: 0.9) == 0...2)
        #expect(ImportedMetric(name: "bleu").range(observedMaximum: 30) == nil)
    }
}
