// Calibration of a model's answers (docs/metrics.md#calibration): how well the
// probability a model gives its own answer predicts whether the answer is right.
// Unlike the per-example metrics of MetricVocabulary.swift, these summarise a
// whole set of answers (one model on one task), so they are functions of a
// list of predictions, not values of one record.

import Foundation

/// One answer with the probability the model gave it and whether it was right.
public struct CalibrationPoint: Sendable, Equatable, Hashable {
    /// The model's probability of its answer, in 0…1.
    public var confidence: Double
    public var correct: Bool

    public init(confidence: Double, correct: Bool) {
        self.confidence = confidence; self.correct = correct
    }
}

/// One bin of a reliability table: a run of answers adjacent in confidence.
public struct CalibrationBin: Sendable, Equatable {
    /// The smallest and largest confidence in the bin.
    public var lower: Double
    public var upper: Double
    public var count: Int
    /// Mean confidence and fraction right of the bin's answers.
    public var meanConfidence: Double
    public var accuracy: Double
}

/// Coverage and accuracy when the model answers only at or above a confidence threshold.
public struct SelectiveResult: Sendable, Equatable {
    public var threshold: Double
    /// Fraction of answers whose confidence is ≥ `threshold`.
    public var coverage: Double
    /// Fraction right among those answers; nil when none is kept.
    public var accuracy: Double?
}

/// Expected calibration error, Brier score and selective prediction over a
/// set of answers (docs/metrics.md#calibration).
public enum Calibration {
    /// The bin count `ece` uses unless told otherwise.
    public static let defaultBinCount = 10

    /// Equal-mass bins: the answers sorted by confidence, cut at indices
    /// ⌊b·n/B⌋ for b = 1…B−1 with B = min(`binCount`, n), each cut moved up
    /// past answers whose confidence equals the one just below it, so equal
    /// confidences always share a bin (a constant confidence is one bin).
    /// Bins left empty by that move are dropped, so there may be fewer than B.
    /// Empty input gives no bins. `binCount` below 1 is treated as 1.
    public static func equalMassBins(_ points: [CalibrationPoint], binCount: Int = defaultBinCount) -> [CalibrationBin] {
        guard !points.isEmpty else { return [] }
        let sorted = points.sorted { $0.confidence < $1.confidence }
        let n = sorted.count, bins = min(max(binCount, 1), n)
        var cuts: [Int] = []
        for b in 1..<bins {
            var cut = b * n / bins
            while cut < n && sorted[cut].confidence == sorted[cut - 1].confidence { cut += 1 }
            if cut < n && cut > (cuts.last ?? 0) { cuts.append(cut) }
        }
        var result: [CalibrationBin] = []
        var start = 0
        for end in cuts + [n] where end > start {
            let slice = sorted[start..<end]
            let count = slice.count
            result.append(CalibrationBin(
                lower: slice.first!.confidence, upper: slice.last!.confidence, count: count,
                meanConfidence: slice.reduce(0) { $0 + $1.confidence } / Double(count),
                accuracy: Double(slice.filter(\.correct).count) / Double(count)))
            start = end
        }
        return result
    }

    /// Expected calibration error: Σ over `equalMassBins` of (bin size / n) ·
    /// |bin accuracy − bin mean confidence|, in 0…1; 0 when confidence equals
    /// accuracy in every bin. Nil for no answers.
    public static func expectedCalibrationError(_ points: [CalibrationPoint], binCount: Int = defaultBinCount) -> Double? {
        guard !points.isEmpty else { return nil }
        let n = Double(points.count)
        return equalMassBins(points, binCount: binCount).reduce(0) {
            $0 + Double($1.count) / n * abs($1.accuracy - $1.meanConfidence)
        }
    }

    /// Brier score of the confidence: mean of (confidence − 1[correct])², in
    /// 0…1 (lower is better). Nil for no answers.
    public static func brier(_ points: [CalibrationPoint]) -> Double? {
        guard !points.isEmpty else { return nil }
        return points.reduce(0) { sum, p in
            let miss = p.confidence - (p.correct ? 1 : 0)
            return sum + miss * miss
        } / Double(points.count)
    }

    /// Selective prediction at `threshold`: the answers with confidence ≥
    /// `threshold` are kept; the rest count as abstentions. Coverage is 0
    /// for no answers.
    public static func selective(_ points: [CalibrationPoint], threshold: Double) -> SelectiveResult {
        let kept = points.filter { $0.confidence >= threshold }
        return SelectiveResult(
            threshold: threshold,
            coverage: points.isEmpty ? 0 : Double(kept.count) / Double(points.count),
            accuracy: kept.isEmpty ? nil : Double(kept.filter(\.correct).count) / Double(kept.count))
    }
}
