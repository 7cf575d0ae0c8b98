import EmergenceMetrics
import Reporting

/// Pools the chain-of-thought report's per-seed points into one point per
/// size and series, as the mirage report pools a size's seeds
/// (docs/verdict.md): the value is the mean over seeds of each seed's mean
/// over examples; the interval comes from a two-level bootstrap (seeds
/// resampled, then examples within each) over the per-example exact match,
/// the per-example gain over the same seed's standard run, and the
/// per-example vote margin, all resampled with the same draws; the accuracy
/// and gain intervals then get the small-sample seed term of `SeedSpread`.
enum CoTSeedPooling {
    /// `points` are per-run points; `runs` and `correctness` are keyed by
    /// model ␟ series as in `CoTReportBuilder`. Points without a size group
    /// are passed through unchanged.
    static func pool(_ points: [CoTPoint], runs: [String: CoTRun], correctness: [String: [Int: Double]],
                     resamples: Int, seed: UInt64) -> [CoTPoint] {
        var out = points.filter { $0.sizeGroup == nil }
        var groups: [String: [CoTPoint]] = [:]
        var order: [String] = []
        for p in points {
            guard let size = p.sizeGroup else { continue }
            let key = size + "\u{1F}" + p.series
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(p)
        }
        var pooledPoints = order.map { key in
            pooled(groups[key]!, runs: runs, correctness: correctness, resamples: resamples, seed: seed)
        }
        widenBySeedSpread(&pooledPoints)
        return out + pooledPoints
    }

    /// Widens the pooled accuracy and gain intervals by `SeedSpread`, each
    /// series pooling its sizes' seed variance (as `SeedPooling` does for a curve).
    static func widenBySeedSpread(_ points: inout [CoTPoint]) {
        var seriesIndices: [String: [Int]] = [:]
        for (i, p) in points.enumerated() { seriesIndices[p.series, default: []].append(i) }
        for indices in seriesIndices.values {
            let accuracy = SeedSpread.widened(indices.map { i in
                let a = points[i].accuracy
                return SeedSpread.Point(mean: a.value, low: a.low ?? a.value, high: a.high ?? a.value,
                                        seeds: points[i].seedAccuracies)
            }, range: 0...1)
            for (i, interval) in zip(indices, accuracy) {
                points[i].accuracy.low = interval.low; points[i].accuracy.high = interval.high
            }
            let withGain = indices.filter { points[$0].gain != nil }
            let gain = SeedSpread.widened(withGain.map { i in
                let g = points[i].gain!
                // A difference of two accuracies varies by at most (σ₁ + σ₂)², each σ² ≤ m(1 − m).
                let own = points[i].accuracy.value
                let standard = points.first { $0.sizeGroup == points[i].sizeGroup && $0.strategy == "standard" }?.accuracy.value
                let cap = standard.map { s in
                    let sum = (own * (1 - own)).squareRoot() + (s * (1 - s)).squareRoot()
                    return sum * sum
                }
                return SeedSpread.Point(mean: g.value, low: g.low ?? g.value, high: g.high ?? g.value, seeds: points[i].seedGains,
                                        varianceCap: cap)
            }, range: -1...1)
            for (i, interval) in zip(withGain, gain) {
                points[i].gain!.low = interval.low; points[i].gain!.high = interval.high
            }
        }
    }

    static func pooled(_ seeds: [CoTPoint], runs: [String: CoTRun], correctness: [String: [Int: Double]],
                       resamples: Int, seed: UInt64) -> CoTPoint {
        let first = seeds[0]
        // Per seed, per example: exact match, gain over the seed's own standard run, vote margin (NaN: none).
        var tables: [TwoLevelBootstrap.ExampleSeed] = []
        for p in seeds {
            let key = p.model.name + "\u{1F}" + p.series
            let values = correctness[key] ?? [:]
            let standard = p.strategy == "standard" ? nil : correctness[p.model.name + "\u{1F}standard"]
            let margins = CoTReportBuilder.exampleMargins(runs[key]?.outputs ?? [])
            let ids = values.keys.sorted()
            tables.append(.init(ids: ids, values: ids.map { id in
                [values[id]!, standard?[id].map { values[id]! - $0 } ?? .nan, margins[id] ?? .nan]
            }))
        }
        let replicates = TwoLevelBootstrap.replicates(tables, columns: 3, resamples: resamples, seed: seed)
        func meanOverSeeds(_ perSeed: [Double?]) -> Double? {
            let known = perSeed.compactMap { $0 }
            return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
        }
        func estimate(_ perSeed: [Double?], column: Int, n: Int?) -> Estimate? {
            guard let mean = meanOverSeeds(perSeed) else { return nil }
            let e = TwoLevelBootstrap.estimate(mean: mean, replicates: replicates[column], n: n ?? 0)
            return Estimate(value: e.mean, low: e.low, high: e.high, stderr: e.stderr, n: n)
        }
        let n = seeds.compactMap(\.accuracy.n).max()
        let accuracy = estimate(seeds.map(\.accuracy.value), column: 0, n: n)!
        let gain = estimate(seeds.map { $0.gain?.value }, column: 1, n: seeds.compactMap { $0.gain?.n }.max())
        var margins: VoteMargins?
        if let mean = estimate(seeds.map { $0.margins?.mean.value }, column: 2, n: n) {
            let voted = seeds.compactMap(\.margins)
            margins = VoteMargins(mean: mean, unanimous: meanOverSeeds(voted.map(\.unanimous)) ?? 0,
                                  meanWhenRight: meanOverSeeds(voted.map(\.meanWhenRight)),
                                  meanWhenWrong: meanOverSeeds(voted.map(\.meanWhenWrong)))
        }
        let model = ReportModel(name: first.sizeGroup!, params: first.model.params,
                                trainingFlops: meanOverSeeds(seeds.map(\.model.trainingFlops)))
        return CoTPoint(model: model, series: first.series, strategy: first.strategy, samples: first.samples,
                        accuracy: accuracy, gain: gain, margins: margins, sizeGroup: first.sizeGroup,
                        seedAccuracies: seeds.map(\.accuracy.value), seedGains: seeds.compactMap { $0.gain?.value },
                        checks: AnswerChecks.summed(seeds.compactMap(\.checks)))
    }
}
