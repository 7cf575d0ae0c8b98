/// The content of report.md and report.html: a summary table first, then
/// per task its verdicts, models × metrics tables, fits, emergence scores
/// and plots.
public enum ReportOutline {
    public static func build(_ data: ReportData, catalog: PlotCatalog) -> ReportDocument {
        var doc = ReportDocument()
        let xName = data.xAxis.title
        doc.heading(1, data.title)
        let pooled = data.tasks.contains { $0.curves.contains { $0.points.contains { $0.seeds.count > 1 } } }
        let seedsNote = pooled
            ? "A size trained from several seeds is one point, the mean over its seeds, with a two-level interval "
              + "(seeds resampled, then examples within each); each seed is a faint dot beside it. "
            : ""
        doc.paragraph("x is \(xName), drawn and fitted on a log10 scale. Intervals are bootstrap 95% intervals over examples. "
                      + seedsNote + "Files beside this one: metrics.csv, fits.csv, emergence.csv, verdicts.csv, fit-curves.csv and plots/.")
        doc.bullets(data.notes.map { [.plain($0)] })

        doc.heading(2, "Summary", anchor: "summary")
        if data.tasks.isEmpty {
            doc.paragraph(.bold("No data:"), .plain(" the store holds no scored task, so there is nothing to report."))
        } else {
            // The catalogue's column appears only when some task has a catalogue scale.
            let catalogued = data.tasks.contains { $0.catalogueScale != nil }
            var rows: [[String]] = []
            for task in data.tasks {
                let scale = catalogued ? [task.catalogueScale?.summaryText ?? "–"] : []
                if task.verdicts.isEmpty { rows.append([task.name, "–", "–", "–", "–"] + scale) }
                for v in task.verdicts {
                    rows.append([task.name, v.family, v.strategy ?? "–", v.summaryLabel,
                                 NumberText.withInterval(v.transitionX, v.transitionLow, v.transitionHigh)] + scale)
                }
            }
            let resampled = data.tasks.contains { $0.verdicts.contains { $0.resamples > 0 } }
            doc.table(["task", "family", "strategy", resampled ? "verdict (share of resamples)" : "verdict", "transition (\(xName))"]
                      + (catalogued ? ["ability catalogue"] : []), rows, numeric: [4])
        }

        for task in data.tasks { appendTask(task, to: &doc, data: data, catalog: catalog) }
        return doc
    }

    static func appendTask(_ task: TaskReport, to doc: inout ReportDocument, data: ReportData, catalog: PlotCatalog) {
        let xName = data.xAxis.title
        doc.heading(2, "Task: \(task.name)" + (task.kind.map { " (\($0))" } ?? ""), anchor: "task-" + FileNames.slug(task.name))
        doc.bullets(task.notes.map { [.plain($0)] })

        // Verdicts with the sentence that says why.
        doc.heading(3, "Verdict")
        appendVerdicts(task, to: &doc)
        if let scale = task.catalogueScale {
            doc.paragraph(.bold("Ability catalogue:"), .plain(" " + CatalogueComparison.sentence(scale, task: task, xAxis: data.xAxis)))
        }

        // Models × metrics, one table per family and strategy.
        doc.heading(3, "Models × metrics")
        let metrics = task.metricNames
        for group in seriesGroups(task) {
            let curves = task.curves.filter { $0.family == group.family && $0.strategy == group.strategy }
            let models = orderedModels(curves)
            doc.paragraph(.bold(group.family + (group.strategy.map { " · \($0)" } ?? "")),
                          .plain(" — \(models.count) model\(models.count == 1 ? "" : "s")"))
            var rows: [[String]] = []
            for model in models {
                let x = curves.lazy.flatMap(\.points).first { $0.model.name == model.name }?.x
                let seeds = curves.lazy.flatMap(\.points).first { $0.model.name == model.name }?.seeds.count ?? 0
                var row = [model.name + (seeds > 1 ? " (\(seeds) seeds)" : ""), NumberText.short(x)]
                for metric in metrics {
                    guard let curve = curves.first(where: { $0.metric == metric }) else { row.append(""); continue }
                    if let p = curve.points.first(where: { $0.model.name == model.name }) {
                        row.append(p.value == nil ? "missing" : NumberText.withInterval(p.value, p.estimate?.low, p.estimate?.high))
                    } else { row.append("") }
                }
                rows.append(row)
            }
            let header = ["model", xName] + metrics.map { m in
                let c = task.curves(metric: m).first
                return m + ((c?.higherIsBetter ?? true) ? " ↑" : " ↓")
            }
            doc.table(header, rows, numeric: Set(1..<header.count))
        }

        // Fits.
        doc.heading(3, "Fits")
        let fitted = task.curves.filter { $0.fit != nil }
        if fitted.isEmpty {
            doc.paragraph("No curve could be fitted (a fit needs at least 3 models with values).")
        } else {
            let rows = fitted.map { c -> [String] in
                let f = c.fit!
                let params = f.parameters.map { "\($0.name) = " + NumberText.withInterval($0.value, $0.low, $0.high) }
                    .joined(separator: "; ")
                let holdout = f.holdout.map { "k=\($0.k): RMSE \(NumberText.short($0.rmse))" } ?? "–"
                return [c.metric, c.seriesLabel, f.law, params, NumberText.short(f.r2), NumberText.short(f.bic, digits: 4), holdout]
            }
            doc.table(["metric", "series", "law", "parameters [95% interval]", "R²", "BIC", "holdout error"], rows,
                      numeric: [4, 5])
        }

        // Emergence scores and flags.
        doc.heading(3, "Emergence scores and flags")
        let rows = task.curves.map { c -> [String] in
            let e = c.emergence
            let score = e.map { $0.scoreInfinite ? "∞" : NumberText.short($0.score) } ?? "–"
            let flag = e.map { $0.phaseTransition ? "phase transition" : "no" } ?? "–"
            let transition = e.flatMap { $0.phaseTransition ? NumberText.withInterval($0.transitionX, $0.transitionLow, $0.transitionHigh) : nil } ?? "–"
            return [c.metric, c.metricClass.rawValue, c.seriesLabel, score, NumberText.short(e?.surprise),
                    NumberText.short(e?.breakX), flag, transition]
        }
        doc.table(["metric", "class", "series", "emergence score", "surprise", "break (\(xName))", "flag", "transition"],
                  rows, numeric: [3, 4, 5])

        // Plots.
        doc.heading(3, "Plots")
        // The verdict and its evidence again, beside the plots it reads.
        if !task.verdicts.isEmpty { appendVerdicts(task, to: &doc) }
        for entry in catalog.plots(task: task.name) {
            let alt = entry.metric.map { "\(task.name): \($0) vs \(xName)" }
                ?? "\(task.name): discontinuous vs continuous metrics"
            doc.plot(entry.path, alt: alt)
        }
        CalibrationSection.append(task, to: &doc, data: data)
    }

    /// One bullet per family × strategy: the verdict and the plain sentence that says why.
    static func appendVerdicts(_ task: TaskReport, to doc: inout ReportDocument) {
        guard !task.verdicts.isEmpty else {
            doc.paragraph("No verdict: the task has no family with both a threshold and a per-token metric.")
            return
        }
        doc.bullets(task.verdicts.map { v in
            [.bold(v.family + (v.strategy.map { " · \($0)" } ?? "")), .plain(": "), .bold(v.verdict.rawValue),
             .plain(" — " + v.reason)]
        })
    }

    struct SeriesKey: Hashable { var family: String; var strategy: String? }

    /// Family × strategy pairs in first-seen order.
    static func seriesGroups(_ task: TaskReport) -> [SeriesKey] {
        var seen = Set<SeriesKey>(); var out: [SeriesKey] = []
        for c in task.curves {
            let key = SeriesKey(family: c.family, strategy: c.strategy)
            if seen.insert(key).inserted { out.append(key) }
        }
        return out
    }

    /// The models of some curves, sorted by x (unknown x last), then name.
    static func orderedModels(_ curves: [CurveReport]) -> [(name: String, x: Double?)] {
        var xs: [String: Double?] = [:]
        for c in curves { for p in c.points where xs[p.model.name] == nil || xs[p.model.name]! == nil { xs[p.model.name] = p.x } }
        return xs.map { ($0.key, $0.value) }.sorted { a, b in
            switch (a.1, b.1) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.0 < b.0
            }
        }
    }
}
