import Foundation
import ResultsStore
import Testing
@testable import EmergenceMetrics

@Suite("Which metrics a record supports")
struct RecordScoringTests {
    func token(_ id: Int, _ logprob: Double, greedy: Bool) -> TokenRecord {
        TokenRecord(tokenID: id, text: String(id), logprob: logprob, greedy: greedy)
    }

    @Test func generationRecordSupportsEveryGenerationMetric() {
        let r = OutputRecord(model: "m", task: "t", example: 0, target: "12", generated: "13",
                             generatedTokens: [token(1, -0.1, greedy: true), token(3, -0.5, greedy: true)],
                             targetTokens: [token(1, -0.1, greedy: true), token(2, -0.9, greedy: false)])
        let v = RecordScoring.values(of: r)
        #expect(v[Metric.exactMatch.index] == 0)
        #expect(v[Metric.multipleChoiceGrade.index].isNaN)
        #expect(v[Metric.tokenAccuracy.index] == 0.5)
        #expect(v[Metric.tokenEditDistance.index] == 1)
        #expect(abs(v[Metric.logLikelihood.index] - (-0.5)) < 1e-12)
        #expect(abs(v[Metric.targetProbability.index] - exp(-1.0)) < 1e-12)
        #expect(abs(v[Metric.brier.index] - pow(1 - exp(-1.0), 2)) < 1e-12)
    }

    @Test func extractedAnswerWinsOverGeneratedText() {
        let r = OutputRecord(model: "m", task: "t", example: 0, target: "42",
                             generated: "Let's see... The answer is 42.", extractedAnswer: "42")
        #expect(RecordScoring.values(of: r)[Metric.exactMatch.index] == 1)
    }

    @Test func multipleChoiceRecordUsesChoices() {
        let r = OutputRecord(model: "m", task: "t", example: 0,
                             choices: [ChoiceScore(text: "a", loglikelihood: -1, tokenCount: 2),
                                       ChoiceScore(text: "b", loglikelihood: -2, tokenCount: 1),
                                       ChoiceScore(text: "c", loglikelihood: -3, tokenCount: 1)],
                             gold: 0)
        let v = RecordScoring.values(of: r)
        #expect(v[Metric.multipleChoiceGrade.index] == 1)
        #expect(abs(v[Metric.brier.index] - 0.18006114634076098) < 1e-12)
        #expect(v[Metric.logLikelihood.index] == -0.5)
        #expect(abs(v[Metric.targetProbability.index] - exp(-1.0)) < 1e-12)
        #expect(v[Metric.exactMatch.index].isNaN)
        #expect(v[Metric.tokenAccuracy.index].isNaN)
        #expect(v[Metric.tokenEditDistance.index].isNaN)
    }

    @Test func lossRecordWithOnlyASummary() {
        let r = OutputRecord(model: "m", task: "t", example: 0, target: "x", targetLoglikelihood: -0.25,
                             targetGreedy: true)
        let v = RecordScoring.values(of: r)
        #expect(v[Metric.exactMatch.index] == 1)
        #expect(abs(v[Metric.targetProbability.index] - exp(-0.25)) < 1e-12)
        #expect(v[Metric.logLikelihood.index].isNaN)
        #expect(v[Metric.tokenAccuracy.index].isNaN)
    }

    @Test func samplesAverageExceptSelfConsistencyVotes() {
        func sample(_ k: Int, _ answer: String, strategy: String) -> OutputRecord {
            OutputRecord(model: "m", task: "t", strategy: strategy, example: 3, sample: k, target: "7",
                         extractedAnswer: answer)
        }
        let answers = ["7", "8", "7.0"]
        let plain = answers.enumerated().map { sample($0.offset, $0.element, strategy: "standard") }
        #expect(abs(RecordScoring.values(ofSamples: plain[...])[Metric.exactMatch.index] - 2.0 / 3) < 1e-12)
        let voted = answers.enumerated().map { sample($0.offset, $0.element, strategy: "self-consistency") }
        #expect(RecordScoring.values(ofSamples: voted[...])[Metric.exactMatch.index] == 1)
        let lost = ["8", "7", "8"].enumerated().map { sample($0.offset, $0.element, strategy: "self-consistency") }
        #expect(RecordScoring.values(ofSamples: lost[...])[Metric.exactMatch.index] == 0)
    }

    @Test func examplesAreGroupedWhateverTheRecordOrder() {
        let records = [(2, 0, "1"), (0, 0, "5"), (2, 1, "1"), (1, 0, "5")].map { e, s, a in
            OutputRecord(model: "m", task: "t", example: e, sample: s, target: "5", generated: a)
        }
        let values = MetricsEngine.exampleValues(records)
        #expect(values.count == 3)
        #expect(values.map { $0[Metric.exactMatch.index] } == [1, 1, 0])
    }
}
