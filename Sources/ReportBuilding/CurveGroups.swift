import EmergenceMetrics
import Reporting
import ScalingFits

/// The identity of a curve, as ScalingFits groups rows (docs/design.md#fits): task,
/// metric, family, strategy and decoding settings.
struct CurveKey: Hashable, Sendable {
    var task, metric, family: String
    var strategy: String?
    var temperature: Double?
    var samples: Int?
    /// Along training: the size group (one curve per size).
    var series: String?

    init(_ r: MetricRow, bySize: Bool) {
        task = r.task; metric = r.metric; family = r.family ?? ""; strategy = r.strategy
        temperature = r.temperature; samples = r.samples; series = bySize ? r.sizeGroup : nil
    }

    init(_ c: Curve) {
        task = c.task; metric = c.metric; family = c.family; strategy = c.strategy; series = c.series
        // Curve does not expose decoding settings; fitted curves are matched
        // by points instead when they differ (see CurveGroups.fittable).
        temperature = nil; samples = nil
    }

    /// The strategy as shown: decoding settings appended when not greedy/single.
    var strategyLabel: String? {
        guard let strategy else { return nil }
        var label = strategy
        if let t = temperature, t != 0 { label += " T=\(NumberText.short(t))" }
        if let n = samples, n > 1 { label += " n=\(n)" }
        return label
    }

    /// The key as ScalingFits' `Curve` sees it (no decoding settings).
    var fitKey: CurveKey { var k = self; k.temperature = nil; k.samples = nil; return k }
}

/// A model's x values, as carried by its metric rows.
struct ModelFacts: Sendable {
    var params: Double?
    var tokens: Double?
    var flops: Double?
    var x: Double?
    var step: Int?

    /// Sorted by x (unknown last), then by name.
    static func order(_ a: (key: String, value: ModelFacts), _ b: (key: String, value: ModelFacts)) -> Bool {
        switch (a.value.x, b.value.x) {
        case let (x?, y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a.key < b.key
        }
    }
}

/// Metric rows grouped into curves, in report order, with the models of
/// each (task, family, strategy) so a model missing one metric shows as
/// missing rather than vanishing.
struct CurveGroups {
    private(set) var rows: [CurveKey: [MetricRow]] = [:]
    private var facts: [String: ModelFacts] = [:]
    private var modelsOfSeries: [String: Set<String>] = [:]
    let tasks: [String]
    private let orderedKeys: [CurveKey]
    /// Rows that can be fitted: a finite value and a positive x. When one
    /// strategy was run with several decodings, only the first decoding is
    /// fitted (ScalingFits' Curve carries no decoding to tell them apart).
    let fittable: [MetricRow]
    /// The keys whose rows are in `fittable`.
    let fittedKeys: Set<CurveKey>

    /// `bySize`: along training, one curve per size group.
    init(rows input: [MetricRow], xAxis: XAxis, bySize: Bool = false) {
        for r in input {
            let key = CurveKey(r, bySize: bySize)
            rows[key, default: []].append(r)
            var f = facts[r.model] ?? ModelFacts()
            f.params = f.params ?? r.params; f.tokens = f.tokens ?? r.tokens; f.flops = f.flops ?? r.trainingFlops
            f.x = f.x ?? xAxis.value(of: r)
            f.step = f.step ?? r.step
            facts[r.model] = f
            modelsOfSeries[Self.seriesID(key), default: []].insert(r.model)
        }
        tasks = Set(input.map(\.task)).sorted()
        var sizes: [String: Double] = [:]
        for r in input { if let g = r.sizeGroup { sizes[g] = max(sizes[g] ?? 0, r.params ?? 0) } }
        orderedKeys = rows.keys.sorted { Self.keyOrder($0, $1, sizes: sizes) }
        var seenFitKeys = Set<CurveKey>()
        var fit: [MetricRow] = []
        var fitted = Set<CurveKey>()
        for key in orderedKeys where seenFitKeys.insert(key.fitKey).inserted {
            fitted.insert(key)
            fit += (rows[key] ?? []).filter { r in
                guard r.value.isFinite, let x = xAxis.value(of: r), x > 0, x.isFinite else { return false }
                return true
            }
        }
        fittable = fit
        fittedKeys = fitted
    }

    func keys(task: String) -> [CurveKey] { orderedKeys.filter { $0.task == task } }

    /// Every model of the key's (task, family, strategy), with its facts.
    func models(of key: CurveKey) -> [String: ModelFacts] {
        let names = modelsOfSeries[Self.seriesID(key)] ?? []
        var out: [String: ModelFacts] = [:]
        for n in names { out[n] = facts[n] ?? ModelFacts() }
        return out
    }

    /// The (task, family, strategy, size) a key belongs to: its models are listed on each of its curves.
    static func seriesID(_ key: CurveKey) -> String {
        "\(key.task)\u{1F}\(key.family)\u{1F}\(key.strategyLabel ?? "\u{1E}")\u{1F}\(key.series ?? "\u{1E}")"
    }

    /// Threshold metrics first, then per-token, then nonlinear; built-in
    /// metrics in their documented order, then by name, family, strategy.
    /// Sizes along training by their parameters (`sizes`), smallest first.
    static func keyOrder(_ a: CurveKey, _ b: CurveKey, sizes: [String: Double] = [:]) -> Bool {
        if a.task != b.task { return a.task < b.task }
        if a.metric != b.metric {
            let ra = rank(a.metric), rb = rank(b.metric)
            return ra != rb ? ra < rb : a.metric < b.metric
        }
        if a.family != b.family { return a.family < b.family }
        let sa = a.strategyLabel ?? "", sb = b.strategyLabel ?? ""
        if sa != sb { return sa < sb }
        if a.strategy != b.strategy { return (a.strategy == nil ? 0 : 1) < (b.strategy == nil ? 0 : 1) }
        let (ga, gb) = (a.series ?? "", b.series ?? "")
        return (sizes[ga] ?? 0, ga) < (sizes[gb] ?? 0, gb)
    }

    private static func rank(_ metric: String) -> Int {
        guard let m = Metric(name: metric) else { return 1000 }
        let classRank: Int
        switch m.metricClass {
        case .threshold: classRank = 0
        case .perToken: classRank = 1
        case .nonlinear: classRank = 2
        }
        return classRank * 100 + (Metric.allCases.firstIndex(of: m) ?? 99)
    }
}
