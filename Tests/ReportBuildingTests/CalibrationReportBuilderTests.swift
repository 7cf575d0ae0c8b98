import EmergeTestSupport
import EmergenceMetrics
import Foundation
import Reporting
import ResultsStore
import Testing
@testable import ReportBuilding

/// From a store whose outputs carry answer probabilities and stated
/// confidences to a report's calibration section and reliability diagrams.
@Suite("Calibration from the store to the report")
struct CalibrationReportBuilderTests {
    /// Three sizes, two seeds each, on 20 examples with the confidence strategy:
    /// size k is right on examples below 5·(k+1) and states 9 everywhere (seed 1 states 8).
    static func store(in dir: URL) throws -> ResultsDatabase {
        let database = try ResultsDatabase(path: dir.appendingPathComponent("emerge.sqlite").path)
        var records: [OutputRecord] = []
        for size in 0..<3 {
            for seed in 0..<2 {
                let facts = ModelFacts(family: "ladder", params: 1e5 * Double(size + 1), trainingFlops: 1e15 * pow(10, Double(size)),
                                       sizeGroup: "ladder-w\(size)", seed: seed)
                for i in 0..<20 {
                    let answer = i < 5 * (size + 1) ? "7" : "3"
                    let abstained = size == 0 && i == 19
                    records.append(OutputRecord(
                        model: "ladder-w\(size)-s\(seed)", modelFacts: facts, task: "word-problems", taskKind: .generation,
                        strategy: "confidence", example: i, prompt: "Q\(i)", target: "7",
                        generated: abstained ? "I don't know" : answer,
                        generatedTokens: [TokenRecord(tokenID: 1, text: abstained ? "I don't know" : answer,
                                                      logprob: log(0.2 + 0.03 * Double(i)))],
                        extractedAnswer: abstained ? nil : answer, extractionRule: abstained ? "abstained" : nil,
                        trace: .object(["confidence": abstained ? .null : .integer(9 - seed), "abstained": .bool(abstained)])))
                }
            }
        }
        try database.importOutputs(records, source: "test")
        return database
    }

    @Test func theReportPoolsSeedsAndDrawsADiagramPerRun() throws {
        let dir = try makeTemporaryDirectory("calibration-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try Self.store(in: dir)
        let data = try ReportBuilder.build(database: database, request: ReportRequest(bootstrap: 50, workers: 2))
        let calibration = try #require(data.tasks.first { $0.name == "word-problems" }?.calibration)
        #expect(calibration.rows.map(\.source) == ["probability", "probability", "probability", "verbal", "verbal", "verbal"])
        #expect(calibration.rows.map(\.model.name) == ["ladder-w0", "ladder-w1", "ladder-w2", "ladder-w0", "ladder-w1", "ladder-w2"])
        #expect(calibration.rows.allSatisfy { $0.seeds == 2 && $0.seedECE.count == 2 })
        // Stated confidence of the middle size: seed 0 says 0.9, seed 1 0.8, each right half the time → ECE 0.4 and 0.3.
        let middle = calibration.rows[4]
        #expect(abs(middle.ece!.value - 0.35) < 1e-12 && middle.seedECE.map { ($0 * 1e9).rounded() / 1e9 } == [0.4, 0.3])
        #expect(middle.x == 1e16 && middle.abstained == 0 && middle.threshold == 0)
        // The smallest size abstained once per seed: coverage 19/20, never counted wrong.
        #expect(calibration.rows[3].abstained == 2 && abs(calibration.rows[3].coverage - 0.95) < 1e-12)
        #expect(abs(calibration.rows[3].accuracy! - 5.0 / 19) < 1e-12)
        #expect(calibration.diagrams.count == 6 && calibration.diagrams.allSatisfy { $0.series.map(\.source) == ["probability", "verbal"] })

        let files = ReportWriter.build(data)
        let md = try #require(files["report.md"])
        #expect(md.contains("### Calibration") && md.contains("ladder-w1 (2 seeds)"))
        let path = "plots/word-problems--reliability--ladder-w0-s0--confidence.svg"
        #expect(md.contains("](\(path))"))
        let svg = try #require(files[path])
        // Answer probabilities 0.2 … 0.74 in ten bins of two; every stated 9 in one bin at (0.9, 5/19).
        #expect(svg.components(separatedBy: "<circle class=\"bin\"").count - 1 == 10)
        #expect(svg.contains("data-source=\"verbal\" data-count=\"19\" data-confidence=\"0.9\""))
        #expect(files["calibration.csv"]?.contains("word-problems,ladder,confidence,verbal,ladder-w1,") == true)
    }

    @Test func anotherFamilyOrStrategyHasNoCalibration() throws {
        let dir = try makeTemporaryDirectory("calibration-report-filter")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try Self.store(in: dir)
        let other = try ReportBuilder.build(database: database, request: ReportRequest(family: "other", bootstrap: 20, workers: 2))
        #expect(other.tasks.allSatisfy { $0.calibration.isEmpty })
        let standard = try ReportBuilder.build(database: database, request: ReportRequest(bootstrap: 20, workers: 2, strategy: "standard"))
        #expect(standard.tasks.allSatisfy { $0.calibration.isEmpty })
    }
}
