import EmergeSupport
import Foundation

/// The per-example values behind the rows of one run: example ids and, per
/// example, one value per metric in `Metric.allCases` order (NaN: the
/// example does not support the metric).
public struct ExampleTable: Sendable {
    public var ids: [Int]
    public var values: [[Double]]

    public init(ids: [Int], values: [[Double]]) {
        precondition(ids.count == values.count, "one row of values per example id")
        self.ids = ids; self.values = values
    }
}

/// Seeds are one point (docs/verdict.md): rows of models that share family,
/// size group and training step — and task, metric, strategy and decoding —
/// and differ only in `seed` become one row, named by the size group, whose
/// value is the mean over the seeds (each seed weighs the same) and whose
/// interval and standard error come from `TwoLevelBootstrap` (seeds, then
/// examples; imported aggregates drawn from their standard errors), widened
/// by the small-sample seed term of `SeedSpread`. The seeds' own values stay
/// on the row (`seedValues`). Rows without a seed or
/// a size group pass unchanged.
///
/// The same pass attaches `BootstrapSettings.replicates` replicate values to
/// every row (pooled or not) for the verdict's uncertainty: one-level over
/// examples for one model, two-level for a pooled size, normal draws from
/// the standard error for a score without examples (none when it has no
/// standard error). Replicate draws are seeded per point — a size or model
/// with its task, strategy and decoding — never per metric, so replicate r
/// of every metric of a point comes from the same resample.
public enum SeedPooling {
    /// Pools and attaches replicates to rows that carry no example data
    /// (imported scores, hand-made rows). Rows that already have replicates
    /// keep them, so calling this on `MetricsEngine.compute`'s output again
    /// changes nothing. Output order follows the first row of each point.
    public static func points(from rows: [MetricRow], settings: BootstrapSettings = BootstrapSettings(),
                              pool: Bool = true) -> [MetricRow] {
        assemble(rows.map { ($0, nil) }, settings: settings, pool: pool)
    }

    /// The rows with seeds pooled and replicates attached; a row's table
    /// (shared by every row of its run) enables the example-level bootstrap.
    static func assemble(_ sources: [(row: MetricRow, table: ExampleTable?)], settings: BootstrapSettings,
                         pool: Bool) -> [MetricRow] {
        var order: [PointKey] = []
        var units: [PointKey: [(row: MetricRow, table: ExampleTable?)]] = [:]
        for source in sources {
            let key = PointKey(source.row, pool: pool)
            if units[key] == nil { order.append(key) }
            units[key, default: []].append(source)
        }
        let work = order.map { ($0, units[$0]!) }
        let done: [(rows: [MetricRow], pooled: Bool)] = parallelMap(work) { key, sources in
            (unitRows(key, sources, settings: settings), key.pooled)
        }
        let rows = done.flatMap { $0.rows }
        // Only rows pooled here are widened: pooling the output again changes nothing.
        var offset = 0, pooledNow: [Int] = []
        for unit in done {
            if unit.pooled { pooledNow += offset..<(offset + unit.rows.count) }
            offset += unit.rows.count
        }
        return widenedBySeedSpread(rows, only: pooledNow, confidence: settings.confidence)
    }

    /// The pooled rows' intervals (those at `indices`) widened by `SeedSpread`,
    /// each curve (family, task, metric, strategy, decoding) pooling its sizes' seed variance.
    static func widenedBySeedSpread(_ rows: [MetricRow], only indices: [Int], confidence: Double) -> [MetricRow] {
        struct CurveKey: Hashable {
            var family: String?, task: String, metric: String, strategy: String?
            var temperature: Double?, samples: Int?, imported: Bool
        }
        var curves: [CurveKey: [Int]] = [:]
        for i in indices where rows[i].seedValues.count >= 2 {
            let row = rows[i]
            let key = CurveKey(family: row.family, task: row.task, metric: row.metric, strategy: row.strategy,
                               temperature: row.temperature, samples: row.samples, imported: row.imported)
            curves[key, default: []].append(i)
        }
        var out = rows
        for indices in curves.values {
            let points = indices.map { i in
                SeedSpread.Point(mean: rows[i].value, low: rows[i].ciLow ?? rows[i].value,
                                 high: rows[i].ciHigh ?? rows[i].value, seeds: rows[i].seedValues.map(\.value))
            }
            let widened = SeedSpread.widened(points, confidence: confidence, range: rows[indices[0]].range)
            for (i, interval) in zip(indices, widened) {
                out[i].ciLow = interval.low; out[i].ciHigh = interval.high
            }
        }
        return out
    }

    /// The rows of one point: pooled when it is a size with seeds, else the
    /// input rows, with replicates attached when asked for.
    static func unitRows(_ key: PointKey, _ sources: [(row: MetricRow, table: ExampleTable?)],
                         settings: BootstrapSettings) -> [MetricRow] {
        let wantsReplicates = settings.replicates > 0
        if !key.pooled {
            guard wantsReplicates, sources.contains(where: { $0.row.replicates == nil }) else { return sources.map(\.row) }
            let columns = PointColumns(sources: sources, pooled: false)
            let reps = columns.replicates(resamples: settings.replicates, seed: key.replicateSeed(settings))
            return sources.map { s in
                var row = s.row
                if row.replicates == nil { row.replicates = reps[columns.column(of: row)] }
                return row
            }
        }
        let columns = PointColumns(sources: sources, pooled: true)
        let interval = columns.replicates(resamples: settings.resamples, seed: key.intervalSeed(settings))
        let reps = wantsReplicates ? columns.replicates(resamples: settings.replicates, seed: key.replicateSeed(settings)) : nil
        return columns.metrics.map { metric in
            let seeds = sources.map(\.row).filter { $0.metric == metric }
                .sorted { ($0.seed ?? 0, $0.model) < ($1.seed ?? 0, $1.model) }
            let c = columns.column(ofMetric: metric)
            return pooledRow(seeds, interval: interval[c], replicates: reps?[c], settings: settings)
        }
    }

    /// One size's row from its seeds' rows (sorted by seed).
    static func pooledRow(_ seeds: [MetricRow], interval: [Double], replicates: [Double]?,
                          settings: BootstrapSettings) -> MetricRow {
        let first = seeds[0]
        let value = seeds.reduce(0) { $0 + $1.value } / Double(seeds.count)
        let ns = Set(seeds.map(\.n))
        let n = ns.count == 1 ? first.n : nil
        let e = TwoLevelBootstrap.estimate(mean: value, replicates: interval, n: n ?? 0, confidence: settings.confidence)
        func mean(_ values: [Double?]) -> Double? {
            let known = values.compactMap { $0 }
            return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
        }
        return MetricRow(
            model: first.sizeGroup ?? first.model, family: first.family, task: first.task, metric: first.metric,
            strategy: first.strategy, value: value, ciLow: e.low, ciHigh: e.high, stderr: e.stderr, n: n,
            metricClass: first.metricClass, higherIsBetter: first.higherIsBetter, range: first.range,
            params: mean(seeds.map(\.params)), tokens: mean(seeds.map(\.tokens)), trainingFlops: mean(seeds.map(\.trainingFlops)),
            temperature: first.temperature, samples: first.samples, imported: first.imported,
            sizeGroup: first.sizeGroup, step: first.step, seed: nil,
            seedValues: seeds.map { SeedValue(seed: $0.seed ?? 0, model: $0.model, value: $0.value, ciLow: $0.ciLow,
                                              ciHigh: $0.ciHigh, stderr: $0.stderr, n: $0.n) },
            replicates: replicates)
    }
}

/// What makes rows one point: a size group (pooled over seeds) or one model,
/// with its task, strategy and decoding. The metric is not part of it: every
/// metric of a point shares its resampling streams.
struct PointKey: Hashable {
    var name: String
    var family: String?
    var task: String
    var strategy: String?
    var temperature: Double?
    var samples: Int?
    var step: Int?
    var imported: Bool
    var pooled: Bool

    init(_ r: MetricRow, pool: Bool) {
        pooled = pool && r.seed != nil && r.sizeGroup != nil
        name = pooled ? r.sizeGroup! : r.model
        family = r.family; task = r.task; strategy = r.strategy; temperature = r.temperature
        samples = r.samples; step = r.step; imported = r.imported
    }

    /// A stable identity (FNV-1a), independent of row order and of the other points.
    var identity: UInt64 {
        stableHash([pooled ? "size" : "model", name, family ?? "\u{1E}", task, strategy ?? "\u{1E}",
                    temperature.map { "\($0)" } ?? "", samples.map(String.init) ?? "", step.map(String.init) ?? "",
                    imported ? "imported" : ""].joined(separator: "\u{1F}"))
    }

    /// Seed of a pooled point's interval draws.
    func intervalSeed(_ s: BootstrapSettings) -> UInt64 { s.seed ^ identity }

    /// Seed of the verdict replicates: another stream, moved by `replicateSeed`.
    func replicateSeed(_ s: BootstrapSettings) -> UInt64 {
        (s.seed ^ identity ^ 0x7E91_1CA7_E500_0000) &+ s.replicateSeed &* 0x9E37_79B9_7F4A_7C15
    }
}

/// The columns of one point's resampling: per seed (or the one model), the
/// per-example table when every source has one, else aggregate values.
struct PointColumns {
    /// The metrics of the point, in first-seen order.
    let metrics: [String]
    private let exampleSeeds: [TwoLevelBootstrap.ExampleSeed]?
    private let aggregateSeeds: [TwoLevelBootstrap.AggregateSeed]
    private let signs: [Double]
    /// Column of each metric: its `Metric.index` for example tables, else its position in `metrics`.
    private let columnOf: [String: Int]
    private let columnCount: Int

    init(sources: [(row: MetricRow, table: ExampleTable?)], pooled: Bool) {
        var metrics: [String] = []
        for s in sources where !metrics.contains(s.row.metric) { metrics.append(s.row.metric) }
        self.metrics = metrics
        // A seed is one model of the point (sorted by seed, then name).
        var models: [String] = []
        var seedOf: [String: Int] = [:]
        for s in sources { if seedOf[s.row.model] == nil { seedOf[s.row.model] = s.row.seed ?? 0; models.append(s.row.model) } }
        models.sort { (seedOf[$0]!, $0) < (seedOf[$1]!, $1) }
        let builtIn = metrics.allSatisfy { Metric(name: $0) != nil }
        if builtIn, sources.allSatisfy({ $0.table != nil }) {
            let count = Metric.allCases.count
            columnCount = count
            columnOf = Dictionary(uniqueKeysWithValues: metrics.map { ($0, Metric(name: $0)!.index) })
            exampleSeeds = models.map { model in
                let own = sources.filter { $0.row.model == model }
                let table = own[0].table!
                // Only the metrics this model has a row for: a seed without one leaves that metric.
                let present = Set(own.map { Metric(name: $0.row.metric)!.index })
                let values = table.values.map { v in (0..<count).map { present.contains($0) ? v[$0] : .nan } }
                return TwoLevelBootstrap.ExampleSeed(ids: table.ids, values: values)
            }
            aggregateSeeds = []
            signs = []
        } else {
            let columns = Dictionary(uniqueKeysWithValues: metrics.enumerated().map { ($1, $0) })
            columnCount = metrics.count
            columnOf = columns
            exampleSeeds = nil
            var direction = [Double](repeating: 1, count: metrics.count)
            for s in sources { direction[columns[s.row.metric]!] = s.row.higherIsBetter ? 1 : -1 }
            signs = direction
            aggregateSeeds = models.map { model in
                var values = [Double](repeating: .nan, count: metrics.count)
                var errors = [Double?](repeating: nil, count: metrics.count)
                for s in sources where s.row.model == model {
                    values[columns[s.row.metric]!] = s.row.value
                    errors[columns[s.row.metric]!] = s.row.stderr
                }
                return TwoLevelBootstrap.AggregateSeed(values: values, stderrs: errors)
            }
        }
    }

    func column(of row: MetricRow) -> Int { columnOf[row.metric]! }
    func column(ofMetric metric: String) -> Int { columnOf[metric]! }

    /// Replicate means `[column][replicate]`; a non-finite replicate (no
    /// applicable example drawn) is replaced by the mean of the column's
    /// finite replicates, so every replicate is usable downstream.
    func replicates(resamples: Int, seed: UInt64) -> [[Double]] {
        var reps: [[Double]]
        if let exampleSeeds {
            reps = TwoLevelBootstrap.replicates(exampleSeeds, columns: columnCount, resamples: resamples, seed: seed)
        } else {
            reps = TwoLevelBootstrap.replicates(aggregateSeeds, signs: signs, resamples: resamples, seed: seed)
        }
        for c in reps.indices where reps[c].contains(where: { !$0.isFinite }) {
            let finite = reps[c].filter(\.isFinite)
            guard !finite.isEmpty else { continue }
            let fill = finite.reduce(0, +) / Double(finite.count)
            reps[c] = reps[c].map { $0.isFinite ? $0 : fill }
        }
        return reps
    }
}
