import EmergeSupport
import Foundation
import ResultsStore

/// The calibration of one stored run (one model on one task with one
/// strategy and decoding settings) or, pooled, of one size over its seeds,
/// under one confidence source: the `calibration` command's row.
public struct CalibrationRow: Sendable, Equatable {
    /// The model, or for a pooled size its size group.
    public var model: String
    public var family: String?
    public var params: Double?
    public var tokens: Double?
    /// For a pooled size, the mean over its seeds.
    public var trainingFlops: Double?
    public var task: String
    public var strategy: String
    public var source: ConfidenceSource
    /// The size group and training step of the model (nil when not recorded).
    public var sizeGroup: String?
    public var step: Int?
    /// Models behind the row: 1, or a pooled size's seed count.
    public var seeds: Int
    /// Answers with a confidence (summed over seeds).
    public var n: Int
    /// Outputs the source could not judge (no confidence: `AnswerConfidence`
    /// found none, or the trace states nothing, or no target), left out of
    /// every number below.
    public var withoutConfidence: Int
    /// Verbal source: abstentions and answers without a readable rating (nil for answer probabilities).
    public var abstained: Int?
    public var unstated: Int?
    /// Fraction right among the answers with a confidence.
    public var accuracy: Double?
    public var meanConfidence: Double?
    /// `Calibration.expectedCalibrationError` with `binCount` equal-mass bins
    /// (a pooled size: the mean over its seeds), lower is better; its 95%
    /// bootstrap interval (`Calibration.eceReplicates`) when resampled.
    public var ece: Double?
    public var eceLow: Double?
    public var eceHigh: Double?
    /// Brier score of the confidence (pooled: mean over seeds), lower is better.
    public var brier: Double?
    /// Non-empty bins (pooled: the most any seed used).
    public var bins: Int
    /// `ConfidenceSet.selective` at the row's threshold (pooled: coverage
    /// and selective accuracy are means over the seeds that have them).
    public var selective: SelectiveResult
    /// Each seed's ECE, sorted by seed (empty for one model).
    public var seedECE: [Double]
}

/// What `Calibration.rows` reads and how it summarises.
public struct CalibrationQuery: Sendable, Equatable {
    /// Only this task, family and strategy (nil: all).
    public var task: String?
    public var family: String?
    public var strategy: String?
    public var sources: [ConfidenceSource]
    public var binCount: Int
    /// Selective prediction threshold; nil: each source's `defaultThreshold`.
    public var threshold: Double?
    /// Pool the seeds of a size into one row (false: one row per model).
    public var poolSeeds: Bool
    /// Bootstrap resamples of the ECE interval (0: none) and their base seed.
    public var resamples: Int
    public var seed: UInt64

    public init(task: String? = nil, family: String? = nil, strategy: String? = nil,
                sources: [ConfidenceSource] = [.probability], binCount: Int = Calibration.defaultBinCount,
                threshold: Double? = nil, poolSeeds: Bool = true, resamples: Int = Bootstrap.defaultResamples,
                seed: UInt64 = Bootstrap.defaultSeed) {
        self.task = task; self.family = family; self.strategy = strategy; self.sources = sources
        self.binCount = binCount; self.threshold = threshold; self.poolSeeds = poolSeeds
        self.resamples = resamples; self.seed = seed
    }
}

/// One run's answers under one source.
public struct RunConfidence: Sendable {
    public var run: StoredRun
    public var source: ConfidenceSource
    public var set: ConfidenceSet
    /// Outputs of the run the source could not judge.
    public var withoutConfidence: Int
}

extension Calibration {
    /// One row per stored run matching `task`, `family` and `strategy` (nil
    /// matches all) under answer probabilities, one model per row, ordered
    /// by task, strategy, training FLOPs (unknown last) and model name.
    /// Throws what the store throws.
    public static func rows(in database: ResultsDatabase, task: String? = nil, family: String? = nil,
                            strategy: String? = nil, binCount: Int = defaultBinCount,
                            threshold: Double = 0.5) throws -> [CalibrationRow] {
        try rows(in: database, query: CalibrationQuery(task: task, family: family, strategy: strategy, binCount: binCount,
                                                       threshold: threshold, poolSeeds: false, resamples: 0))
    }

    /// The rows of `query`: per source, one row per run — or per size, its
    /// seeds pooled, when `poolSeeds` — ordered by task, strategy, source,
    /// training FLOPs (unknown last) and model name. Answer probabilities
    /// give a row for every run; stated confidence only for runs with at
    /// least one output whose trace states one. Throws what the store throws.
    public static func rows(in database: ResultsDatabase, query: CalibrationQuery) throws -> [CalibrationRow] {
        try rows(of: runConfidences(in: database, query: query), query: query)
    }

    /// Every matching run's answers under each of the query's sources (a
    /// verbal entry only for runs whose traces state a confidence).
    public static func runConfidences(in database: ResultsDatabase, query: CalibrationQuery) throws -> [RunConfidence] {
        var out: [RunConfidence] = []
        for run in try database.runs(task: query.task, family: query.family, strategy: query.strategy) {
            let records = try database.outputs(runID: run.id)
            for source in query.sources {
                let set = ConfidenceSet.of(records, source: source)
                if source == .verbal && set.judged == 0 { continue }
                out.append(RunConfidence(run: run, source: source, set: set, withoutConfidence: records.count - set.judged))
            }
        }
        return out
    }

    /// The rows of already-read runs (see `rows(in:query:)`).
    public static func rows(of runs: [RunConfidence], query: CalibrationQuery) -> [CalibrationRow] {
        var order: [CalibrationGroupKey] = []
        var groups: [CalibrationGroupKey: [RunConfidence]] = [:]
        for r in runs {
            let key = CalibrationGroupKey(r, pool: query.poolSeeds)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        let work = order.map { ($0, groups[$0]!) }
        let rows = parallelMap(work) { key, members in row(key, members, query: query) }
        return rows.sorted { a, b in
            if a.task != b.task { return a.task < b.task }
            if a.strategy != b.strategy { return a.strategy < b.strategy }
            if a.source != b.source { return a.source.rawValue < b.source.rawValue }
            if a.trainingFlops != b.trainingFlops {
                guard let x = a.trainingFlops else { return false }
                guard let y = b.trainingFlops else { return true }
                return x < y
            }
            return a.model < b.model
        }
    }

    /// The row of one model, or of one size from its seeds (sorted by seed, then name).
    static func row(_ key: CalibrationGroupKey, _ members: [RunConfidence], query: CalibrationQuery) -> CalibrationRow {
        let seeds = members.sorted { ($0.run.model.seed ?? 0, $0.run.model.name) < ($1.run.model.seed ?? 0, $1.run.model.name) }
        let threshold = query.threshold ?? key.source.defaultThreshold
        let perSeed = seeds.map { single($0, binCount: query.binCount, threshold: threshold) }
        let replicates = eceReplicates(seeds: seeds.map(\.set.points), binCount: query.binCount,
                                       resamples: query.resamples, seed: query.seed ^ key.identity)
        let interval = replicates.isEmpty ? nil : TwoLevelBootstrap.estimate(mean: 0, replicates: replicates, n: 0)
        guard key.pooled else {
            var row = perSeed[0]
            row.eceLow = row.ece == nil ? nil : interval?.low
            row.eceHigh = row.ece == nil ? nil : interval?.high
            return row
        }
        func mean(_ values: [Double?]) -> Double? {
            let known = values.compactMap { $0 }
            return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
        }
        func total(_ values: [Int?]) -> Int? { values.contains(nil) ? nil : values.reduce(0) { $0 + $1! } }
        let first = perSeed[0]
        let ece = mean(perSeed.map(\.ece))
        return CalibrationRow(
            model: key.name, family: first.family, params: mean(perSeed.map(\.params)), tokens: mean(perSeed.map(\.tokens)),
            trainingFlops: mean(perSeed.map(\.trainingFlops)), task: first.task, strategy: first.strategy,
            source: key.source, sizeGroup: first.sizeGroup, step: first.step, seeds: perSeed.count,
            n: perSeed.reduce(0) { $0 + $1.n }, withoutConfidence: perSeed.reduce(0) { $0 + $1.withoutConfidence },
            abstained: total(perSeed.map(\.abstained)), unstated: total(perSeed.map(\.unstated)),
            accuracy: mean(perSeed.map(\.accuracy)), meanConfidence: mean(perSeed.map(\.meanConfidence)),
            ece: ece, eceLow: ece == nil ? nil : interval?.low, eceHigh: ece == nil ? nil : interval?.high,
            brier: mean(perSeed.map(\.brier)), bins: perSeed.map(\.bins).max() ?? 0,
            selective: SelectiveResult(threshold: threshold, coverage: mean(perSeed.map(\.selective.coverage)) ?? 0,
                                       accuracy: mean(perSeed.map(\.selective.accuracy))),
            seedECE: perSeed.compactMap(\.ece))
    }

    /// The row of one run, without an interval.
    static func single(_ r: RunConfidence, binCount: Int, threshold: Double) -> CalibrationRow {
        let points = r.set.points
        let n = Double(points.count)
        let m = r.run.model
        return CalibrationRow(
            model: m.name, family: m.family, params: m.params, tokens: m.tokens, trainingFlops: m.trainingFlops,
            task: r.run.task.name, strategy: r.run.strategy, source: r.source, sizeGroup: m.sizeGroup, step: m.step,
            seeds: 1, n: points.count, withoutConfidence: r.withoutConfidence,
            abstained: r.source == .verbal ? r.set.abstentions : nil,
            unstated: r.source == .verbal ? r.set.unstated.count : nil,
            accuracy: points.isEmpty ? nil : Double(points.filter(\.correct).count) / n,
            meanConfidence: points.isEmpty ? nil : points.reduce(0) { $0 + $1.confidence } / n,
            ece: expectedCalibrationError(points, binCount: binCount), eceLow: nil, eceHigh: nil,
            brier: brier(points), bins: equalMassBins(points, binCount: binCount).count,
            selective: r.set.selective(threshold: threshold), seedECE: [])
    }
}

/// What makes runs one row: a size group pooled over seeds, or one run; with
/// its task, strategy, decoding, training step and confidence source.
struct CalibrationGroupKey: Hashable {
    var name: String
    var family: String?
    var task: String
    var strategy: String
    var decoding: DecodingSettings
    var step: Int?
    var source: ConfidenceSource
    var pooled: Bool
    /// The run itself when not pooled (two runs of one model differ in decoding).
    var runID: Int64?

    init(_ r: RunConfidence, pool: Bool) {
        let m = r.run.model
        pooled = pool && m.seed != nil && m.sizeGroup != nil
        name = pooled ? m.sizeGroup! : m.name
        runID = pooled ? nil : r.run.id
        family = m.family; task = r.run.task.name; strategy = r.run.strategy; decoding = r.run.decoding
        step = m.step; source = r.source
    }

    /// A stable identity (FNV-1a) that seeds the row's bootstrap, independent of the other rows.
    var identity: UInt64 {
        stableHash(["calibration", source.rawValue, pooled ? "size" : "model", name, family ?? "\u{1E}", task, strategy,
                    "\(decoding.temperature)", String(decoding.samples), step.map(String.init) ?? ""]
            .joined(separator: "\u{1F}"))
    }
}
