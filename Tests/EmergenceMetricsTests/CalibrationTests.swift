import EmergeTestSupport
import Foundation
import ResultsStore
import Testing
import EmergenceMetrics

@Suite("Calibration")
struct CalibrationTests {
    private func points(_ pairs: [(Double, Bool)]) -> [CalibrationPoint] {
        pairs.map { CalibrationPoint(confidence: $0.0, correct: $0.1) }
    }

    @Test func perfectCalibrationHasZeroError() throws {
        // 0.25 confident and right 1 time in 4; 0.75 confident and right 3 times in 4.
        let set = points([(0.25, true), (0.25, false), (0.25, false), (0.25, false),
                          (0.75, true), (0.75, true), (0.75, true), (0.75, false)])
        #expect(try #require(Calibration.expectedCalibrationError(set, binCount: 2)) < 1e-12)
        let certain = points([(1, true), (1, true), (0, false)])
        #expect(Calibration.expectedCalibrationError(certain) == 0)
        #expect(Calibration.brier(certain) == 0)
    }

    @Test func alwaysNinetyPercentSureAndRightHalfTheTimeIsOffByFourTenths() throws {
        let set = points((0..<20).map { (0.9, $0 % 2 == 0) })
        // Equal confidences share a bin, so ten bins are one bin: |0.5 − 0.9|.
        #expect(Calibration.equalMassBins(set, binCount: 10).count == 1)
        #expect(abs(try #require(Calibration.expectedCalibrationError(set)) - 0.4) < 1e-12)
        // Brier: half (0.9 − 1)², half (0.9 − 0)² = (0.01 + 0.81) / 2.
        #expect(abs(try #require(Calibration.brier(set)) - 0.41) < 1e-12)
    }

    @Test func equalMassBinEdgesKeepTiesTogether() throws {
        let distinct = points([(0.6, true), (0.1, false), (0.4, true), (0.2, true), (0.5, false), (0.3, false)])
        let three = Calibration.equalMassBins(distinct, binCount: 3)
        #expect(three.map(\.count) == [2, 2, 2])
        #expect(three.map(\.lower) == [0.1, 0.3, 0.5] && three.map(\.upper) == [0.2, 0.4, 0.6])
        #expect(three.map(\.accuracy) == [0.5, 0.5, 0.5])
        // Seven answers in three bins: cuts at ⌊7/3⌋ = 2 and ⌊14/3⌋ = 4.
        let seven = Calibration.equalMassBins(distinct + points([(0.7, true)]), binCount: 3)
        #expect(seven.map(\.count) == [2, 2, 3])

        // 0.2 three times: the cut at 2 moves to 4, the cut at 4 is then empty and dropped.
        let tied = points([(0.1, false), (0.2, true), (0.2, true), (0.2, false), (0.5, true), (0.6, true)])
        let bins = Calibration.equalMassBins(tied, binCount: 3)
        #expect(bins.map(\.count) == [4, 2])
        #expect(abs(bins[0].meanConfidence - 0.175) < 1e-12 && bins[0].accuracy == 0.5)
        // (4/6)·|0.5 − 0.175| + (2/6)·|1 − 0.55| = (1.3 + 0.9) / 6.
        #expect(abs(try #require(Calibration.expectedCalibrationError(tied, binCount: 3)) - 2.2 / 6) < 1e-12)
        // More bins than answers: one answer per bin, except the tie.
        #expect(Calibration.equalMassBins(tied, binCount: 50).map(\.count) == [1, 3, 1, 1])
        #expect(Calibration.equalMassBins([], binCount: 10).isEmpty)
        #expect(Calibration.expectedCalibrationError([]) == nil)
    }

    @Test func selectiveAccuracyAndCoverage() {
        let set = points([(0.9, true), (0.8, true), (0.7, false), (0.4, true), (0.2, false)])
        let kept = Calibration.selective(set, threshold: 0.7)
        #expect(kept.coverage == 0.6)
        #expect(kept.accuracy == 2.0 / 3.0)
        let none = Calibration.selective(set, threshold: 0.95)
        #expect(none.coverage == 0 && none.accuracy == nil)
        #expect(Calibration.selective(set, threshold: 0).accuracy == 0.6)
    }

    @Test func answerConfidenceIsTheProductOfTheAnswerTokens() throws {
        let texts = ["The", " answer", " is", " 8", "5", ".", "\n"]
        let logprobs = [-0.1, -0.2, -0.3, -0.4, -0.5, -0.6, -0.7]
        let tokens = zip(texts, logprobs).enumerated().map { TokenRecord(tokenID: $0.offset, text: $0.element.0, logprob: $0.element.1) }
        #expect(AnswerConfidence.answerTokens("85", in: tokens) == 3..<5)
        #expect(AnswerConfidence.answerTokens("9", in: tokens) == nil)
        var record = OutputRecord(model: "m", task: "t", example: 0, target: "85\n", generated: "The answer is 85.",
                                  generatedTokens: tokens, extractedAnswer: "85", extractionRule: "the-answer-is")
        let right = try #require(AnswerConfidence.point(of: record))
        #expect(abs(right.confidence - exp(-0.9)) < 1e-12 && right.correct)
        record.target = "86\n"
        #expect(AnswerConfidence.point(of: record)?.correct == false)
        record.extractedAnswer = "8 5"
        #expect(AnswerConfidence.point(of: record) == nil, "an answer not spelled by the tokens has no confidence")

        let choices = [0.2, 0.5, 0.3].map { ChoiceScore(text: "\($0)", loglikelihood: log($0)) }
        let mc = OutputRecord(model: "m", task: "t", example: 0, choices: choices, gold: 1)
        let chosen = try #require(AnswerConfidence.point(of: mc))
        #expect(abs(chosen.confidence - 0.5) < 1e-12 && chosen.correct)
        var wrong = mc; wrong.gold = 2
        #expect(AnswerConfidence.point(of: wrong)?.correct == false)
    }

    @Test func rowsPerRunFromAStore() throws {
        let dir = try makeTemporaryDirectory("calibration")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try ResultsDatabase(path: dir.appendingPathComponent("emerge.sqlite").path)
        // A model 90% sure of every answer (one token, log 0.9), right on even examples only.
        let records = (0..<10).map { i in
            OutputRecord(model: "sure", task: "add", taskKind: .generation, strategy: "standard", example: i,
                         prompt: "Q", target: "1\n", generated: i % 2 == 0 ? "1" : "2",
                         generatedTokens: [TokenRecord(tokenID: 0, text: i % 2 == 0 ? "1" : "2", logprob: log(0.9))])
        }
        try database.importOutputs(records, source: "test")
        let rows = try Calibration.rows(in: database, threshold: 0.95)
        let row = try #require(rows.first)
        #expect(rows.count == 1 && row.model == "sure" && row.strategy == "standard")
        #expect(row.n == 10 && row.withoutConfidence == 0 && row.accuracy == 0.5 && row.bins == 1)
        #expect(abs(row.ece! - 0.4) < 1e-9 && abs(row.meanConfidence! - 0.9) < 1e-9)
        #expect(row.selective.coverage == 0 && row.selective.accuracy == nil)
    }
}
