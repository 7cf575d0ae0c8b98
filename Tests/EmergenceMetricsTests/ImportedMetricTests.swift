import EmergeSupport
import Foundation
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

    @Test("lm-evaluation-harness names: class, direction and scale")
    func harnessNames() {
        for name in ["acc", "acc_norm", "exact_match", "em", "mc1", "acc,none"] {
            let m = ImportedMetric(name: name)
            #expect(m.metricClass == .threshold && m.higherIsBetter && m.scale == .identity)
        }
        let stereotype = ImportedMetric(name: "pct_stereotype")
        #expect(stereotype.metricClass == .threshold && !stereotype.higherIsBetter)
        for name in ["ppl", "perplexity", "word_perplexity", "byte_perplexity", "word_perplexity,none"] {
            let m = ImportedMetric(name: name)
            #expect(m.metricClass == .perToken && !m.higherIsBetter && m.scale == .naturalLog)
            #expect(m.range(observedMaximum: 3e6) == nil)
        }
        #expect(ImportedMetric(name: "ppl").analysedName == "log-ppl")
        for name in ["bits_per_byte", "likelihood_difference", "brier_score"] {
            let m = ImportedMetric(name: name)
            #expect(m.metricClass == .perToken && !m.higherIsBetter && m.scale == .identity && m.analysedName == name)
        }
        #expect(ImportedMetric(name: "ppl", classOverride: "threshold").metricClass == .threshold)
    }

    @Test("a perplexity is judged as its log: the mean negative log-likelihood, with the delta-method error")
    func logPerplexityRows() throws {
        let model = StoredModel(name: "m", family: "f", params: 1e6)
        let scores = [
            StoredScore(model: model, task: "lambada", metric: "ppl", strategy: "0-shot", value: 44.178, stderr: 1.717, n: 5153),
            StoredScore(model: model, task: "lambada", metric: "acc", strategy: "0-shot", value: 0.3243, stderr: 0.0065, n: 5153),
            StoredScore(model: model, task: "lambada", metric: "ppl", strategy: "5-shot", value: -1, stderr: nil, n: nil),
        ]
        let rows = MetricsEngine.importedRows(scores)
        #expect(rows.count == 2)
        let ppl = try #require(rows.first { $0.metric == "log-ppl" })
        #expect(abs(ppl.value - log(44.178)) < 1e-12 && abs(ppl.stderr! - 1.717 / 44.178) < 1e-12)
        #expect(ppl.metricClass == .perToken && !ppl.higherIsBetter && ppl.range == nil && ppl.strategy == "0-shot")
        #expect(rows.first { $0.metric == "acc" }?.value == 0.3243)
    }
}

@Suite("Task patterns")
struct TaskPatternTests {
    @Test func wildcardsMatchWholeNames() {
        let mmlu = TaskPattern("hendrycksTest-*")
        #expect(mmlu.matches("hendrycksTest-anatomy") && mmlu.matches("hendrycksTest-") && !mmlu.matches("xhendrycksTest-a"))
        #expect(mmlu.exactName == nil && TaskPattern("sciq").exactName == "sciq")
        #expect(TaskPattern("a?c*").matches("abcdef") && !TaskPattern("a?c*").matches("acdef"))
        #expect(TaskPattern("*_*_*").matches("crows_pairs_french") && !TaskPattern("*_*_*").matches("piqa"))
        #expect(TaskPattern("sciq").matches("sciq") && !TaskPattern("sciq").matches("sciq2"))
        #expect(TaskPattern.any([], match: "anything"))
        #expect(TaskPattern.any([TaskPattern("piqa"), TaskPattern("arc_*")], match: "arc_easy"))
    }
}
