import EmergenceMetrics

extension XAxis {
    /// The row's value on this axis (nil when the model does not record it).
    public func value(of row: MetricRow) -> Double? {
        switch self {
        case .flops: return row.trainingFlops
        case .params: return row.params
        case .tokens: return row.tokens
        }
    }
}

/// Groups metric rows into curves (docs/design.md, "Curves"): one per
/// (task, metric, family, strategy, decoding) — and, with `series`, per
/// size group: the curves along training — points sorted by x. Rows
/// without x, or with a missing value, are dropped with a note on their
/// curve. Curves come out in the order their first row appears. A
/// family-less model is family "". Choose which rows to pass, and whether
/// to split by size group, with `Along` (`select(_:)`, `buildCurves(from:xAxis:along:)`).
public func buildCurves(from rows: [MetricRow], xAxis: XAxis = .flops, series: Bool = false) -> [Curve] {
    struct Key: Hashable {
        var task, metric, family: String
        var strategy: String?
        var temperature: Double?
        var samples: Int?
        var series: String?
    }
    var order: [Key] = []
    var grouped: [Key: [MetricRow]] = [:]
    for r in rows {
        let key = Key(task: r.task, metric: r.metric, family: r.family ?? "", strategy: r.strategy,
                      temperature: r.temperature, samples: r.samples, series: series ? r.sizeGroup : nil)
        if grouped[key] == nil { order.append(key) }
        grouped[key, default: []].append(r)
    }
    return order.map { key in
        let rs = grouped[key]!
        var notes: [String] = []
        var points: [CurvePoint] = []
        for r in rs {
            guard let x = xAxis.value(of: r) else {
                notes.append("dropped \(r.model): its \(xAxis.rawValue) is not recorded")
                continue
            }
            points.append(CurvePoint(model: r.model, x: x, y: r.value, stderr: r.stderr, n: r.n, step: r.step,
                                     replicates: r.replicates))
        }
        let first = rs[0]
        return Curve(task: key.task, metric: key.metric, family: key.family, strategy: key.strategy, series: key.series,
                     metricClass: first.metricClass, higherIsBetter: first.higherIsBetter,
                     range: first.range, xAxis: xAxis, points: points, notes: notes)
    }
}
