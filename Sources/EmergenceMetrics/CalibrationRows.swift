import Foundation
import ResultsStore

/// The calibration of one stored run (one model on one task with one
/// strategy and decoding settings): the `calibration` command's row.
public struct CalibrationRow: Sendable, Equatable {
    public var model: String
    public var family: String?
    public var trainingFlops: Double?
    public var task: String
    public var strategy: String
    /// Records of the run with a confidence (`AnswerConfidence.point(of:)`).
    public var n: Int
    /// Records of the run without one (left out of every number below).
    public var withoutConfidence: Int
    public var accuracy: Double?
    public var meanConfidence: Double?
    /// `Calibration.expectedCalibrationError` with `bins` equal-mass bins.
    public var ece: Double?
    public var brier: Double?
    public var bins: Int
    /// `Calibration.selective` at the row's threshold.
    public var selective: SelectiveResult
}

extension Calibration {
    /// One row per stored run matching `task`, `family` and `strategy` (nil
    /// matches all), ordered by task, strategy, training FLOPs (unknown last)
    /// and model name. Throws what the store throws.
    public static func rows(in database: ResultsDatabase, task: String? = nil, family: String? = nil,
                            strategy: String? = nil, binCount: Int = defaultBinCount,
                            threshold: Double = 0.5) throws -> [CalibrationRow] {
        var rows: [CalibrationRow] = []
        for run in try database.runs(task: task, family: family, strategy: strategy) {
            let records = try database.outputs(runID: run.id)
            let points = records.compactMap(AnswerConfidence.point(of:))
            let n = Double(points.count)
            rows.append(CalibrationRow(
                model: run.model.name, family: run.model.family, trainingFlops: run.model.trainingFlops,
                task: run.task.name, strategy: run.strategy, n: points.count,
                withoutConfidence: records.count - points.count,
                accuracy: points.isEmpty ? nil : Double(points.filter(\.correct).count) / n,
                meanConfidence: points.isEmpty ? nil : points.reduce(0) { $0 + $1.confidence } / n,
                ece: expectedCalibrationError(points, binCount: binCount), brier: brier(points),
                bins: equalMassBins(points, binCount: binCount).count,
                selective: selective(points, threshold: threshold)))
        }
        return rows.sorted { a, b in
            if a.task != b.task { return a.task < b.task }
            if a.strategy != b.strategy { return a.strategy < b.strategy }
            if a.trainingFlops != b.trainingFlops {
                guard let x = a.trainingFlops else { return false }
                guard let y = b.trainingFlops else { return true }
                return x < y
            }
            return a.model < b.model
        }
    }
}
