import EmergeTestSupport
import Foundation
import ResultsStore
import Testing
import EmergenceMetrics

/// A trace as the `confidence` strategy stores it.
func confidenceTrace(_ confidence: TraceValue, abstained: Bool = false) -> TraceValue {
    .object(["confidence": confidence, "abstained": .bool(abstained), "stated": .string("Confidence: …")])
}

/// One output of `model` (a seed of size group `size` when `seed` is set) with a stated confidence.
func statedOutput(_ model: String, example: Int, answer: String?, confidence: TraceValue, abstained: Bool = false,
                  size: String? = nil, seed: Int? = nil, flops: Double = 1e15) -> OutputRecord {
    OutputRecord(model: model, modelFacts: ModelFacts(family: "ladder", params: 1e5, trainingFlops: flops, sizeGroup: size, seed: seed),
                 task: "word-problems", taskKind: .generation, strategy: "confidence", example: example, prompt: "Q\(example)",
                 target: "7", generated: abstained ? "I don't know." : "The answer is \(answer ?? "").",
                 extractedAnswer: abstained ? nil : answer, extractionRule: abstained ? "abstained" : "the-answer-is",
                 trace: confidenceTrace(confidence, abstained: abstained))
}

@Suite("Calibration: verbalised confidence and seeds")
struct VerbalCalibrationTests {
    @Test func aWorkedCaseOverThreeBins() throws {
        // Bins of two: {0.2 ✗, 0.3 ✗} gap |0 − 0.25|, {0.5 ✓, 0.6 ✗} gap |0.5 − 0.55|, {0.8 ✓, 0.9 ✓} gap |1 − 0.85|.
        let set = [(0.2, false), (0.3, false), (0.5, true), (0.6, false), (0.8, true), (0.9, true)]
            .map { CalibrationPoint(confidence: $0.0, correct: $0.1) }
        let bins = Calibration.equalMassBins(set.shuffled(), binCount: 3)
        #expect(bins.map(\.count) == [2, 2, 2] && bins.map(\.accuracy) == [0, 0.5, 1])
        #expect(abs(try #require(Calibration.expectedCalibrationError(set, binCount: 3)) - 0.15) < 1e-12)
        // One bin of all six: |0.5 − 0.55|.
        #expect(abs(try #require(Calibration.expectedCalibrationError(set, binCount: 1)) - 0.05) < 1e-12)
        #expect(abs(try #require(Calibration.brier(set)) - 0.79 / 6) < 1e-12)
    }

    @Test func statedConfidenceIsReadFromTheTrace() {
        #expect(VerbalConfidence.reading(of: confidenceTrace(.integer(7))) == .rating(7))
        #expect(VerbalConfidence.reading(of: confidenceTrace(.number(8))) == .rating(8), "a whole number written as 8.0")
        #expect(VerbalConfidence.reading(of: confidenceTrace(.null)) == .unstated)
        for unusable: TraceValue in [.integer(0), .integer(11), .number(7.5), .string("7")] {
            #expect(VerbalConfidence.reading(of: confidenceTrace(unusable)) == .unstated)
        }
        #expect(VerbalConfidence.reading(of: confidenceTrace(.integer(9), abstained: true)) == .abstained)
        #expect(VerbalConfidence.reading(of: .object(["confidence": .integer(7)])) == nil, "no abstained key")
        #expect(VerbalConfidence.reading(of: .object(["abstained": .bool(false)])) == nil, "no confidence key")
        #expect(VerbalConfidence.reading(of: nil) == nil)
        #expect(VerbalOutcome(stated: .rating(7), correct: true).confidence == 0.7)
    }

    @Test func abstentionsLowerCoverageAndAreNeverWrong() throws {
        let records = [
            statedOutput("m", example: 0, answer: "7", confidence: .integer(9)),
            statedOutput("m", example: 1, answer: "7", confidence: .integer(9)),
            statedOutput("m", example: 2, answer: "8", confidence: .integer(9)),
            statedOutput("m", example: 3, answer: "5", confidence: .integer(3)),
            statedOutput("m", example: 4, answer: "7", confidence: .null),
            statedOutput("m", example: 5, answer: nil, confidence: .null, abstained: true),
            statedOutput("m", example: 6, answer: nil, confidence: .integer(2), abstained: true),
            OutputRecord(model: "m", task: "word-problems", example: 7, target: "7", generated: "7"),
        ]
        let set = ConfidenceSet.verbal(records)
        #expect(set.points.count == 4 && set.unstated == [true] && set.abstentions == 2 && set.judged == 7)
        // Bins {0.3 ✗} and {0.9 ✓✓✗}: ¼·0.3 + ¾·(0.9 − ⅔) = 0.25; Brier (0.01 + 0.01 + 0.81 + 0.09) / 4.
        #expect(abs(try #require(Calibration.expectedCalibrationError(set.points)) - 0.25) < 1e-12)
        #expect(abs(try #require(Calibration.brier(set.points)) - 0.23) < 1e-12)
        // Threshold 0: everything answered is kept, the unrated answer included: 5 of 7, 3 right.
        let own = set.selective(threshold: 0)
        #expect(abs(own.coverage - 5.0 / 7) < 1e-12 && abs(own.accuracy! - 0.6) < 1e-12)
        // Threshold 0.5: the three 9s, 2 right; the unrated answer is not kept.
        let sure = set.selective(threshold: 0.5)
        #expect(abs(sure.coverage - 3.0 / 7) < 1e-12 && abs(sure.accuracy! - 2.0 / 3) < 1e-12)
        #expect(ConfidenceSet.probability(records).points.isEmpty, "no tokens, no answer probability")
    }

    @Test func verbalRowsFromAStore() throws {
        let dir = try makeTemporaryDirectory("verbal-calibration")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try ResultsDatabase(path: dir.appendingPathComponent("emerge.sqlite").path)
        var records = (0..<8).map { i in statedOutput("m", example: i, answer: i < 4 ? "7" : "1", confidence: .integer(i < 4 ? 8 : 6)) }
        records.append(statedOutput("m", example: 8, answer: nil, confidence: .null, abstained: true))
        records.append(statedOutput("m", example: 9, answer: "7", confidence: .null))
        // A standard run without traces: answer probabilities only, no verbal row.
        records += (0..<4).map { i in
            OutputRecord(model: "m", task: "word-problems", strategy: "standard", example: i, target: "7", generated: "7",
                         generatedTokens: [TokenRecord(tokenID: 7, text: "7", logprob: log(0.5))])
        }
        try database.importOutputs(records, source: "test")
        let rows = try Calibration.rows(in: database, query: CalibrationQuery(sources: [.probability, .verbal], resamples: 200))
        #expect(rows.map { "\($0.strategy)/\($0.source.rawValue)" } == ["confidence/probability", "confidence/verbal", "standard/probability"])
        let verbal = rows[1]
        // Bins {0.6 ✗ ×4} and {0.8 ✓ ×4}: ECE ½·0.6 + ½·0.2 = 0.4.
        #expect(verbal.n == 8 && verbal.abstained == 1 && verbal.unstated == 1 && verbal.withoutConfidence == 0)
        #expect(abs(verbal.ece! - 0.4) < 1e-12 && verbal.bins == 2 && verbal.accuracy == 0.5)
        #expect(verbal.selective.threshold == 0 && abs(verbal.selective.coverage - 0.9) < 1e-12)
        #expect(abs(verbal.selective.accuracy! - 5.0 / 9) < 1e-12)
        #expect(verbal.eceLow! <= verbal.eceHigh! && verbal.seeds == 1)
        #expect(rows[0].n == 0 && rows[0].withoutConfidence == 10, "no tokens: no answer probability")
        #expect(rows[2].n == 4 && rows[2].abstained == nil && abs(rows[2].ece! - 0.5) < 1e-12)
    }

    @Test func seedsOfASizeArePooledAsTheMeanOfTheirECE() throws {
        let dir = try makeTemporaryDirectory("seed-calibration")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try ResultsDatabase(path: dir.appendingPathComponent("emerge.sqlite").path)
        // Seed 0: 9 of 10 sure, right half the time (ECE 0.4); seed 1: 10 of 10 sure and always right (ECE 0).
        let records = (0..<20).map { i in
            statedOutput("w64-s0", example: i, answer: i % 2 == 0 ? "7" : "1", confidence: .integer(9),
                         size: "w64", seed: 0, flops: 1e15)
        } + (0..<20).map { i in
            statedOutput("w64-s1", example: i, answer: "7", confidence: .integer(10), size: "w64", seed: 1, flops: 1.2e15)
        }
        try database.importOutputs(records, source: "test")
        let query = CalibrationQuery(sources: [.verbal], resamples: 400, seed: 7)
        let pooled = try Calibration.rows(in: database, query: query)
        let row = try #require(pooled.first)
        #expect(pooled.count == 1 && row.model == "w64" && row.seeds == 2 && row.n == 40)
        #expect(abs(row.ece! - 0.2) < 1e-12 && row.seedECE.count == 2 && abs(row.seedECE[0] - 0.4) < 1e-12 && row.seedECE[1] == 0)
        #expect(abs(row.trainingFlops! - 1.1e15) < 1 && row.accuracy == 0.75)
        // Resampling seeds: both draws can be the calibrated seed (interval reaches 0) or the other one (above 0.3).
        #expect(row.eceLow! < 0.05 && row.eceHigh! > 0.3)
        #expect(try Calibration.rows(in: database, query: query) == pooled, "seeded: the same rows every time")

        var perSeed = query
        perSeed.poolSeeds = false
        let apart = try Calibration.rows(in: database, query: perSeed)
        #expect(apart.map(\.model) == ["w64-s0", "w64-s1"] && apart.map(\.seeds) == [1, 1])
        #expect(abs(apart[0].ece! - 0.4) < 1e-12 && apart[1].ece == 0)
    }
}
