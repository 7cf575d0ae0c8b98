import Dispatch
import EmergeSupport
import Foundation
import ResultsStore

/// Which rows `MetricsEngine.compute` returns; nil fields mean "any".
public struct MetricsQuery: Sendable, Hashable {
    public var task: String?
    public var family: String?
    public var strategy: String?
    public var model: String?
    /// Metric names to keep (built-in or imported); nil or empty = all.
    public var metrics: [String]?
    /// Whether to include imported aggregate scores.
    public var includeImported: Bool
    /// Whether the seeds of one size become one row (`SeedPooling`); false
    /// lists every seed's model on its own.
    public var poolSeeds: Bool

    public init(task: String? = nil, family: String? = nil, strategy: String? = nil, model: String? = nil,
                metrics: [String]? = nil, includeImported: Bool = true, poolSeeds: Bool = true) {
        self.task = task; self.family = family; self.strategy = strategy; self.model = model
        self.metrics = metrics; self.includeImported = includeImported; self.poolSeeds = poolSeeds
    }

    func wants(_ metric: String) -> Bool {
        guard let metrics, !metrics.isEmpty else { return true }
        return metrics.contains(metric)
    }
}

/// Bootstrap settings of an aggregation.
public struct BootstrapSettings: Sendable, Hashable {
    public var resamples: Int
    public var confidence: Double
    /// Base seed; each run's draws are seeded from it and the run's identity
    /// (model, task, strategy, decoding), so a row does not depend on which
    /// other rows were asked for or on the order runs were imported.
    public var seed: UInt64
    /// Replicate values to attach to every row for the verdict's uncertainty
    /// (`MetricRow.replicates`); 0 attaches none.
    public var replicates: Int
    /// Moves the replicates' draws without touching the intervals.
    public var replicateSeed: UInt64

    public init(resamples: Int = Bootstrap.defaultResamples, confidence: Double = Bootstrap.defaultConfidence,
                seed: UInt64 = Bootstrap.defaultSeed, replicates: Int = 0, replicateSeed: UInt64 = 0) {
        self.resamples = resamples; self.confidence = confidence; self.seed = seed
        self.replicates = max(replicates, 0); self.replicateSeed = replicateSeed
    }
}

/// Aggregates per-example metrics into `MetricRow`s (docs/design.md#metrics-and-their-classes): the mean over
/// examples per (model, task, run) with a seeded bootstrap interval, plus the
/// store's imported aggregate scores. The seeds of one size become one row
/// and rows can carry verdict replicates (`SeedPooling`, docs/verdict.md).
public enum MetricsEngine {
    /// Every applicable metric for every run matching `query`, then the
    /// imported scores matching it. Rows are sorted by task, metric (built-in
    /// metrics in `Metric.allCases` order, then imported names
    /// alphabetically), family, strategy (imported last), x (parameters),
    /// and model name (a pooled size under its size group's name). Imported
    /// scores with a missing value are left out.
    public static func compute(in database: ResultsDatabase, query: MetricsQuery = MetricsQuery(),
                               bootstrap: BootstrapSettings = BootstrapSettings()) throws -> [MetricRow] {
        var sources: [(row: MetricRow, table: ExampleTable?)] = []
        let wanted = Metric.allCases.filter { query.wants($0.name) }
        if !wanted.isEmpty {
            let runs = try database.runs(task: query.task, family: query.family, strategy: query.strategy,
                                         model: query.model)
            // Runs are independent: read and score them on all cores (the
            // store's pool serves concurrent readers).
            let perRun = try parallelMap(runs) { run in
                let table = exampleTable(try database.outputs(runID: run.id))
                let rows = self.rows(for: run, table: table, metrics: wanted, bootstrap: bootstrap)
                // The examples are kept only where a later bootstrap needs them.
                let pooled = query.poolSeeds && run.model.seed != nil && run.model.sizeGroup != nil
                let keep = pooled || bootstrap.replicates > 0
                return rows.map { (row: $0, table: keep ? table : nil) }
            }
            for result in perRun { sources += result }
        }
        if query.includeImported {
            var scores = try database.scores(task: query.task, family: query.family)
            if let model = query.model { scores = scores.filter { $0.model.name == model } }
            if let strategy = query.strategy { scores = scores.filter { $0.strategy == strategy } }
            sources += importedRows(scores.filter {
                query.wants($0.metric) || query.wants(ImportedMetric(name: $0.metric).analysedName)
            }).map { ($0, nil) }
        }
        let rows = SeedPooling.assemble(sources, settings: bootstrap, pool: query.poolSeeds)
        return rows.sorted(by: rowOrder)
    }

    /// The rows of one run from its outputs (any order; grouped here by
    /// example so several samples of one example count once).
    public static func rows(for run: StoredRun, outputs: [OutputRecord], metrics: [Metric] = Metric.allCases,
                            bootstrap: BootstrapSettings = BootstrapSettings()) -> [MetricRow] {
        rows(for: run, table: exampleTable(outputs), metrics: metrics, bootstrap: bootstrap)
    }

    /// The rows of one run from its per-example table.
    static func rows(for run: StoredRun, table: ExampleTable, metrics: [Metric],
                     bootstrap: BootstrapSettings) -> [MetricRow] {
        let seed = bootstrap.seed ^ stableHash([
            run.model.name, run.task.name, run.strategy, "\(run.decoding.temperature)", "\(run.decoding.samples)",
            "\(run.decoding.seed)", "\(run.decoding.maxTokens ?? -1)", run.decoding.backend,
        ].joined(separator: "\u{1F}"))
        let estimates = aggregate(perExample: table.values, metrics: metrics, bootstrap: bootstrap, seed: seed)
        return metrics.compactMap { metric in
            guard let e = estimates[metric] else { return nil }
            return MetricRow(model: run.model.name, family: run.model.family, task: run.task.name,
                             metric: metric.name, strategy: run.strategy, value: e.mean, ciLow: e.low,
                             ciHigh: e.high, stderr: e.stderr, n: e.n, metricClass: metric.metricClass(for: run.task.kind),
                             higherIsBetter: metric.higherIsBetter, range: metric.range,
                             params: run.model.params, tokens: run.model.tokens,
                             trainingFlops: run.model.trainingFlops, temperature: run.decoding.temperature,
                             samples: run.decoding.samples, sizeGroup: run.model.sizeGroup, step: run.model.step,
                             seed: run.model.seed)
        }
    }

    /// Per-metric bootstrap estimates over the examples of `outputs` (one
    /// run's records). An example contributes to a metric when it supports it
    /// (see `RecordScoring`) with a finite value; metrics no example supports
    /// are absent. Metrics supported by exactly the same examples share one
    /// stream of bootstrap draws.
    public static func aggregate(outputs: [OutputRecord], metrics: [Metric] = Metric.allCases,
                                 bootstrap: BootstrapSettings = BootstrapSettings(),
                                 seed: UInt64? = nil) -> [Metric: BootstrapEstimate] {
        aggregate(perExample: exampleValues(outputs), metrics: metrics, bootstrap: bootstrap, seed: seed)
    }

    static func aggregate(perExample: [[Double]], metrics: [Metric], bootstrap: BootstrapSettings,
                          seed: UInt64?) -> [Metric: BootstrapEstimate] {
        // Group metrics by the set of examples that support them.
        var groups: [[Bool]: [Metric]] = [:]
        var groupOrder: [[Bool]] = []
        for metric in metrics {
            let mask = perExample.map { $0[metric.index].isFinite }
            guard mask.contains(true) else { continue }
            if groups[mask] == nil { groupOrder.append(mask) }
            groups[mask, default: []].append(metric)
        }
        var result: [Metric: BootstrapEstimate] = [:]
        for (g, mask) in groupOrder.enumerated() {
            let members = groups[mask]!
            let columns = members.map { metric in
                perExample.indices.filter { mask[$0] }.map { perExample[$0][metric.index] }
            }
            let estimates = Bootstrap.means(columns: columns, resamples: bootstrap.resamples,
                                            confidence: bootstrap.confidence,
                                            seed: (seed ?? bootstrap.seed) &+ UInt64(g) &* 0x9E37_79B9_7F4A_7C15)
            for (metric, e) in zip(members, estimates) { result[metric] = e }
        }
        return result
    }

    /// One value vector (indexed like `Metric.allCases`, NaN = unsupported)
    /// per example, samples of one example merged by `RecordScoring`.
    public static func exampleValues(_ outputs: [OutputRecord]) -> [[Double]] {
        exampleTable(outputs).values
    }

    /// `exampleValues` with the example ids, in ascending id order.
    public static func exampleTable(_ outputs: [OutputRecord]) -> ExampleTable {
        let sorted = outputs.isSorted { ($0.example, $0.sample ?? 0) <= ($1.example, $1.sample ?? 0) }
            ? outputs : outputs.sorted { ($0.example, $0.sample ?? 0) < ($1.example, $1.sample ?? 0) }
        var result: [[Double]] = []
        var ids: [Int] = []
        result.reserveCapacity(sorted.count)
        var start = sorted.startIndex
        while start < sorted.endIndex {
            var end = start + 1
            while end < sorted.endIndex, sorted[end].example == sorted[start].example { end += 1 }
            result.append(RecordScoring.values(ofSamples: sorted[start..<end]))
            ids.append(sorted[start].example)
            start = end
        }
        return ExampleTable(ids: ids, values: result)
    }

    /// Imported aggregate scores as rows (missing values left out), each on
    /// the scale it is analysed on (perplexities as their log, `log-ppl`;
    /// see `ImportedMetric`).
    public static func importedRows(_ scores: [StoredScore]) -> [MetricRow] {
        var maxima: [String: Double] = [:]
        for s in scores { if let v = s.value { maxima[s.metric] = max(maxima[s.metric] ?? v, v) } }
        return scores.compactMap { s in
            let info = ImportedMetric(name: s.metric, classOverride: s.classOverride)
            guard let stored = s.value, stored.isFinite,
                  let analysed = info.analysed(value: stored, stderr: s.stderr) else { return nil }
            let value = analysed.value
            let range = info.range(observedMaximum: maxima[s.metric])
            var stderr = analysed.stderr
            if stderr == nil, info.metricClass == .threshold, let n = s.n, n > 0, let range {
                let scale = range.upperBound - range.lowerBound
                let p = min(max((value - range.lowerBound) / scale, 0), 1)
                stderr = (p * (1 - p) / Double(n)).squareRoot() * scale
            }
            return MetricRow(model: s.model.name, family: s.model.family, task: s.task, metric: info.analysedName,
                             strategy: s.strategy, value: value, ciLow: nil, ciHigh: nil, stderr: stderr, n: s.n,
                             metricClass: info.metricClass, higherIsBetter: info.higherIsBetter, range: range,
                             params: s.model.params, tokens: s.model.tokens, trainingFlops: s.model.trainingFlops,
                             imported: true, sizeGroup: s.model.sizeGroup, step: s.model.step, seed: s.model.seed)
        }
    }

    /// The listing order documented on `compute`.
    static func rowOrder(_ a: MetricRow, _ b: MetricRow) -> Bool {
        if a.task != b.task { return a.task < b.task }
        let ma = a.builtInMetric?.index ?? Int.max, mb = b.builtInMetric?.index ?? Int.max
        if ma != mb { return ma < mb }
        if a.metric != b.metric { return a.metric < b.metric }
        if (a.family ?? "") != (b.family ?? "") { return (a.family ?? "") < (b.family ?? "") }
        if a.strategy != b.strategy {
            guard let sa = a.strategy else { return false }
            guard let sb = b.strategy else { return true }
            return sa < sb
        }
        if (a.temperature ?? 0) != (b.temperature ?? 0) { return (a.temperature ?? 0) < (b.temperature ?? 0) }
        switch (a.params, b.params) {
        case let (x?, y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: break
        }
        // Checkpoints by training progress, seeds in order, then by name.
        if (a.sizeGroup ?? "") != (b.sizeGroup ?? "") { return (a.sizeGroup ?? "") < (b.sizeGroup ?? "") }
        if a.step != b.step { return (a.step ?? -1) < (b.step ?? -1) }
        if a.seed != b.seed { return (a.seed ?? -1) < (b.seed ?? -1) }
        return a.model < b.model
    }
}

extension Array {
    func isSorted(by inOrder: (Element, Element) -> Bool) -> Bool {
        guard count > 1 else { return true }
        for i in 1..<count where !inOrder(self[i - 1], self[i]) { return false }
        return true
    }
}
