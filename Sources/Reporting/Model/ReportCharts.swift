/// Turns the report's curves into `Chart`s: one per task × metric.
public struct ReportCharts: Sendable {
    public let data: ReportData
    public let styles: SeriesStyles

    public init(_ data: ReportData) {
        self.data = data
        self.styles = SeriesStyles(data)
    }

    /// The y-axis title of a metric: its name and direction.
    public static func yTitle(metric: String, higherIsBetter: Bool) -> String {
        "\(metric) (\(higherIsBetter ? "higher" : "lower") is better)"
    }

    /// The chart of one task and metric: every family and strategy as a series.
    public func chart(task: TaskReport, metric: String, title: String? = nil) -> Chart {
        let curves = task.curves(metric: metric)
        let series = curves.map { curve -> ChartSeries in
            let points = curve.drawablePoints.map { p in
                ChartPoint(x: p.x!, y: p.value!, low: p.estimate?.low, high: p.estimate?.high,
                           excluded: p.excludedReason != nil, seedValues: p.seeds.map(\.estimate.value))
            }.sorted { $0.x < $1.x }
            var transition: TransitionMark? = nil
            if let e = curve.emergence, e.phaseTransition, let x = e.transitionX, x > 0 {
                transition = TransitionMark(x: x, low: e.transitionLow, high: e.transitionHigh)
            }
            return ChartSeries(label: curve.seriesLabel, colour: styles.colour(family: curve.family, series: curve.series),
                               marker: styles.marker(strategy: curve.strategy), points: points,
                               fit: curve.fit?.samples ?? [], fitLabel: curve.fit?.law, transition: transition)
        }
        let missing = curves.flatMap { c in c.missingPoints.map(\.model.name) }
        var footnote: String? = nil
        if !missing.isEmpty {
            let unique = Array(Set(missing)).sorted()
            let names = unique.prefix(4).joined(separator: ", ") + (unique.count > 4 ? ", …" : "")
            footnote = "\(unique.count) model\(unique.count == 1 ? "" : "s") without a value or x not drawn: \(names)"
        }
        // Reasons without their per-size detail ("initial plateau: learning begins at step 1000").
        let excludedReasons = Set(curves.flatMap { $0.excludedPoints.compactMap {
            $0.excludedReason?.split(separator: ":").first.map(String.init)
        } })
        if !excludedReasons.isEmpty {
            let note = "grey: checkpoints left out of the analysis (" + excludedReasons.sorted().joined(separator: "; ") + ")"
            footnote = footnote.map { note + "; " + $0 } ?? note
        }
        let ranges = Set(curves.compactMap { $0.range.map { "\($0.lowerBound)…\($0.upperBound)" } })
        let range = ranges.count == 1 && curves.allSatisfy({ $0.range != nil }) ? curves[0].range : nil
        let higher = curves.first?.higherIsBetter ?? true
        let kind = curves.first?.metricClass
        var chart = Chart(
            title: title ?? "\(task.name) — \(metric)",
            xTitle: data.xAxis.title + " (log scale)",
            yTitle: Self.yTitle(metric: metric, higherIsBetter: higher),
            yTitleShort: metric + (higher ? " (↑ better)" : " (↓ better)"),
            series: series, yRange: range, allowLogY: kind != .threshold, footnote: footnote,
            emptyMessage: "no model has a value for this metric")
        // The catalogue's scale is in training FLOPs: marked only on a FLOPs axis.
        if data.xAxis == .flops, let scale = task.catalogueScale {
            chart.references = [ReferenceMark(x: scale.flops, label: "catalogue \(scale.flopsText)")]
        }
        return chart
    }
}
