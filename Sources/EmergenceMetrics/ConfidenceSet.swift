import EmergeSupport
import Foundation
import ResultsStore

/// Where a confidence comes from (docs/metrics.md#calibration).
public enum ConfidenceSource: String, Sendable, Equatable, Hashable, CaseIterable {
    /// The probability the model gave its own answer (`AnswerConfidence`).
    case probability
    /// The confidence the model stated in words, rating / 10 (`VerbalConfidence`).
    case verbal

    /// The threshold of selective prediction when none is given: 0.5 for
    /// answer probabilities; 0 for stated confidence, so that coverage and
    /// selective accuracy are exactly those of the model's own abstentions.
    public var defaultThreshold: Double { self == .probability ? 0.5 : 0 }
}

/// The answers of one run as calibration sees them: answers with a
/// confidence, answers without one (a verbal source whose rating could not
/// be read) and abstentions. Abstentions lower coverage and are never wrong
/// answers; neither they nor unstated answers enter ECE or Brier.
public struct ConfidenceSet: Sendable, Equatable {
    public var points: [CalibrationPoint]
    /// Correctness of each answer given without a usable confidence.
    public var unstated: [Bool]
    /// Outputs where the model declined to answer.
    public var abstentions: Int

    public init(points: [CalibrationPoint], unstated: [Bool] = [], abstentions: Int = 0) {
        self.points = points; self.unstated = unstated; self.abstentions = abstentions
    }

    /// Every output the set judged: answers with and without confidence and abstentions.
    public var judged: Int { points.count + unstated.count + abstentions }

    /// The answer-probability confidences of `records` (`AnswerConfidence.point(of:)`);
    /// records without one are left out.
    public static func probability(_ records: [OutputRecord]) -> ConfidenceSet {
        ConfidenceSet(points: records.compactMap(AnswerConfidence.point(of:)))
    }

    /// The stated confidences of `records` (`VerbalConfidence.outcome(of:)`);
    /// records whose trace states nothing, or whose answer cannot be judged,
    /// are left out.
    public static func verbal(_ records: [OutputRecord]) -> ConfidenceSet {
        var set = ConfidenceSet(points: [])
        for outcome in records.compactMap(VerbalConfidence.outcome(of:)) {
            switch outcome.stated {
            case .abstained: set.abstentions += 1
            case .unstated: set.unstated.append(outcome.correct ?? false)
            case .rating: set.points.append(CalibrationPoint(confidence: outcome.confidence!, correct: outcome.correct ?? false))
            }
        }
        return set
    }

    /// The set of `records` under `source`.
    public static func of(_ records: [OutputRecord], source: ConfidenceSource) -> ConfidenceSet {
        source == .probability ? probability(records) : verbal(records)
    }

    /// Selective prediction at `threshold`: an answer is kept when its
    /// confidence is at least `threshold`; an unstated answer only when
    /// `threshold` is 0 or less; an abstention never. Coverage is the kept
    /// fraction of `judged` (0 when nothing was judged); selective accuracy
    /// the fraction right among the kept (nil when none is kept). Without
    /// unstated answers and abstentions this is `Calibration.selective`.
    public func selective(threshold: Double) -> SelectiveResult {
        let keptPoints = points.filter { $0.confidence >= threshold }
        let keptUnstated = threshold <= 0 ? unstated : []
        let kept = keptPoints.count + keptUnstated.count
        let right = keptPoints.filter(\.correct).count + keptUnstated.filter { $0 }.count
        return SelectiveResult(threshold: threshold, coverage: judged == 0 ? 0 : Double(kept) / Double(judged),
                               accuracy: kept == 0 ? nil : Double(right) / Double(kept))
    }
}

extension Calibration {
    /// The ECE of the mean over seeds, resampled `resamples` times with a
    /// two-level bootstrap: the seeds are drawn with replacement (skipped
    /// when there is one), then each drawn seed's answers with replacement,
    /// and each replicate is the mean of the drawn seeds' ECEs. Returns the
    /// replicates (empty when `resamples` ≤ 0 or no seed has an answer);
    /// seeds without answers are left out. Draws come from SplitMix64 seeded
    /// with `seed`, so the same input gives the same replicates.
    ///
    /// ECE is biased upward on finite samples (noise only adds to each bin's
    /// gap), and a resample repeats answers, so replicates tend to exceed the
    /// estimate: their percentile interval may lie above it.
    public static func eceReplicates(seeds: [[CalibrationPoint]], binCount: Int = defaultBinCount,
                                     resamples: Int, seed: UInt64) -> [Double] {
        let seeds = seeds.filter { !$0.isEmpty }.map { $0.sorted { $0.confidence < $1.confidence } }
        guard resamples > 0, !seeds.isEmpty else { return [] }
        var rng = SplitMix64(seed: seed)
        var replicates: [Double] = []
        replicates.reserveCapacity(resamples)
        var drawn: [CalibrationPoint] = []
        for _ in 0..<resamples {
            var sum = 0.0
            for _ in seeds.indices {
                let points = seeds[seeds.count == 1 ? 0 : rng.below(seeds.count)]
                // Counting the draws keeps the resample sorted by confidence.
                var counts = [Int](repeating: 0, count: points.count)
                for _ in points.indices { counts[rng.below(points.count)] += 1 }
                drawn.removeAll(keepingCapacity: true)
                for (i, c) in counts.enumerated() where c > 0 {
                    for _ in 0..<c { drawn.append(points[i]) }
                }
                sum += expectedCalibrationError(drawn, binCount: binCount) ?? 0
            }
            replicates.append(sum / Double(seeds.count))
        }
        return replicates
    }
}
