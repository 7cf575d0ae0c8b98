import EmergenceMetrics
import Foundation
import Reporting
import ResultsStore
import ScalingFits
import TaskSuite

/// What a report covers and how hard it fits.
public struct ReportRequest: Sendable {
    /// Only these tasks (names or `*` patterns; empty: all) and this family (nil: all).
    public var tasks: [TaskPattern]
    public var family: String?
    public var xAxis: XAxis
    /// Bootstrap replicates for fit parameters and transition intervals, and
    /// resamples of the data for the verdicts' shares (docs/verdict.md).
    public var bootstrap: Int
    /// Hold out the K largest models per fit (0: none).
    public var holdout: Int
    /// Base seed; each curve's bootstrap mixes in its position, so the same
    /// store always gives the same report.
    public var seed: UInt64
    public var title: String
    /// Worker threads for fitting.
    public var workers: Int
    /// Across scale (default) or along training, for families of checkpoints.
    public var along: Along
    /// Only this strategy (nil: all).
    public var strategy: String?
    /// When given, each task its catalogue lists shows the ability's scale beside the measured transition.
    public var abilityCatalogue: AbilityCatalogue? = nil

    public init(tasks: [TaskPattern] = [], family: String? = nil, xAxis: XAxis = .flops, bootstrap: Int = 200,
                holdout: Int = 0, seed: UInt64 = 0, title: String = "emerge report",
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, along: Along = .defaultScale,
                strategy: String? = nil) {
        self.tasks = tasks; self.family = family; self.xAxis = xAxis; self.bootstrap = bootstrap
        self.holdout = holdout; self.seed = seed; self.title = title; self.workers = workers
        self.along = along; self.strategy = strategy
    }
}

/// Builds `ReportData` from the pipeline: metric rows (EmergenceMetrics) →
/// curves, fits and emergence analyses (ScalingFits) → tasks, curves,
/// verdicts with the sentence that explains them.
public enum ReportBuilder {
    /// Reads every metric row of the store (filtered by task and family) and builds the report.
    public static func build(database: ResultsDatabase, request: ReportRequest = ReportRequest(),
                             progress: ProgressHandler? = nil) throws -> ReportData {
        let rows = try MetricsEngine.compute(in: database, query: MetricsQuery(
            task: request.tasks.count == 1 ? request.tasks[0].exactName : nil, family: request.family,
            strategy: request.strategy),
            bootstrap: BootstrapSettings(replicates: request.bootstrap, replicateSeed: request.seed))
        var kinds: [String: String] = [:]
        for t in try database.tasks() { kinds[t.name] = t.kind.rawValue }
        var data = build(rows: rows, taskKinds: kinds, request: request, progress: progress)
        try CalibrationReportBuilder.attach(to: &data, database: database, request: request)
        if rows.isEmpty {
            let filters = [request.tasks.isEmpty ? nil : "task " + request.tasks.map(\.text).joined(separator: ", "),
                           request.family.map { "family \($0)" }].compactMap { $0 }
            data.notes.insert(filters.isEmpty ? "The store holds no scores or outputs yet: import results, then report again."
                              : "No scored results match \(filters.joined(separator: " and ")).", at: 0)
        }
        return data
    }

    /// Builds the report from metric rows (already computed).
    public static func build(rows allRows: [MetricRow], taskKinds: [String: String] = [:],
                             request: ReportRequest = ReportRequest(), progress: ProgressHandler? = nil) -> ReportData {
        // Seeds of a size become one point, and every point gets its verdict
        // resamples (rows from the store already have both; this adds them to others).
        let filtered = SeedPooling.points(from: allRows.filter { r in
            TaskPattern.any(request.tasks, match: r.task) && (request.family == nil || (r.family ?? "") == request.family)
                && (request.strategy == nil || r.strategy == request.strategy)
        }, settings: BootstrapSettings(replicates: request.bootstrap, replicateSeed: request.seed))
        let (rows, viewNotes) = request.along.select(filtered)
        let training = request.along.isTraining
        let groups = CurveGroups(rows: rows, xAxis: request.xAxis, bySize: training)
        var curves = buildCurves(from: groups.fittable, xAxis: request.xAxis, series: training)
        if case .training(let fromStep) = request.along { curves = LearningOnset.trim(curves, fromStep: fromStep) }

        // Fit and analyse in chunks so a progress line can move; the seeds
        // match one call over all curves (seed + index · constant).
        var outcomes: [CurveFitOutcome] = []
        var analyses: [CurveEmergence] = []
        let chunk = max(8, request.workers * 4)
        var start = 0
        while start < curves.count {
            let part = Array(curves[start..<min(curves.count, start + chunk)])
            let offset = UInt64(start) &* 0x9E37_79B9
            outcomes += fitCurves(part, options: FitOptions(bootstrap: request.bootstrap, seed: request.seed &+ offset,
                                                            holdout: request.holdout), workers: request.workers)
            analyses += analyzeCurves(part, bootstrap: request.bootstrap, seed: request.seed &+ offset,
                                      workers: request.workers)
            start += part.count
            progress?(ReportProgress(phase: "fitting curves", done: start, total: curves.count))
        }

        var fitted: [CurveKey: (CurveFitOutcome, CurveEmergence)] = [:]
        for (o, a) in zip(outcomes, analyses) { fitted[CurveKey(o.curve)] = (o, a) }
        let verdictGroups = mirageGroups(analyses, resamples: request.bootstrap, workers: request.workers)

        var data = ReportData(title: request.title, xAxis: XAxisKind(rawValue: request.xAxis.rawValue) ?? .flops)
        data.notes += viewNotes.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." }
        if training {
            data.notes.append(Self.trainingNote(request.along))
        } else if case .scale(let step?) = request.along {
            data.notes.append("Across scale at step \(step): each size is its checkpoint at that step.")
        }
        for task in groups.tasks {
            var report = TaskReport(name: task, kind: taskKinds[task])
            report.catalogueScale = request.abilityCatalogue?.scale(forTask: task)
            for key in groups.keys(task: task) {
                let pair = groups.fittedKeys.contains(key) ? fitted[key.fitKey] : nil
                report.curves.append(curveReport(key: key, rows: groups.rows[key] ?? [], models: groups.models(of: key),
                                                 xAxis: request.xAxis, outcome: pair?.0, emergence: pair?.1,
                                                 excluded: excludedReasons(pair?.1.curve)))
            }
            report.verdicts = verdictGroups.filter { $0.task == task }.map(VerdictText.report)
            report.notes = taskNotes(report, groups: groups, xAxis: request.xAxis, outcomes: outcomes.filter { $0.curve.task == task })
            data.tasks.append(report)
        }
        return data
    }

    static func trainingNote(_ along: Along) -> String {
        let start: String
        if case .training(let fromStep?) = along {
            start = "from step \(fromStep) (--from-step)"
        } else {
            start = "from where learning begins: the first checkpoint after which every metric of the task stays clear of its starting level (docs/real-data.md); earlier checkpoints are greyed"
        }
        return "Along training: one curve per model size over its checkpoints, analysed \(start). Step 0 (untrained) has no position on a log axis."
    }

    static func excludedReasons(_ curve: Curve?) -> [String: String] {
        Dictionary((curve?.excluded ?? []).map { ($0.point.model, $0.reason) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: curves

    static func curveReport(key: CurveKey, rows: [MetricRow], models: [String: ModelFacts], xAxis: XAxis,
                            outcome: CurveFitOutcome?, emergence: CurveEmergence?,
                            excluded: [String: String] = [:]) -> CurveReport {
        let first = rows[0]
        var points: [ReportPoint] = []
        for (model, facts) in models.sorted(by: { ModelFacts.order($0, $1) }) {
            let row = rows.first { $0.model == model }
            let estimate = row.map { Estimate(value: $0.value, low: $0.ciLow, high: $0.ciHigh, stderr: $0.stderr, n: $0.n) }
            points.append(ReportPoint(
                model: ReportModel(name: model, params: facts.params, tokens: facts.tokens, trainingFlops: facts.flops,
                                   step: facts.step),
                x: facts.x, estimate: estimate, excludedReason: excluded[model],
                seeds: row?.seedValues.map { SeedPoint(seed: $0.seed, model: $0.model,
                                                       estimate: Estimate(value: $0.value, low: $0.ciLow, high: $0.ciHigh)) } ?? []))
        }
        var fit: FitSummary? = nil
        if let f = outcome?.fit {
            let xs = points.compactMap { $0.value != nil && $0.excludedReason == nil ? $0.x : nil }.filter { $0 > 0 }
            fit = FitSummary(
                law: f.law.rawValue,
                parameters: f.parameters.map { FitParameter(name: $0.name, value: $0.value, low: $0.ciLow, high: $0.ciHigh) },
                r2: f.r2, aic: f.aic, bic: f.bic, residualError: f.residualSD,
                holdout: f.holdout.map { HoldoutSummary(k: $0.k, rmse: $0.rmse, rmsle: $0.rmsle) },
                samples: samples(of: f, over: xs))
        }
        var summary: EmergenceSummary? = nil
        if let e = emergence {
            summary = EmergenceSummary(score: e.score.finiteValue, scoreInfinite: e.score.isInfinite,
                                       surprise: e.surprise.value, breakX: e.breakX, phaseTransition: e.phaseTransition,
                                       transitionX: e.transition?.value, transitionLow: e.transition?.ciLow,
                                       transitionHigh: e.transition?.ciHigh)
        }
        return CurveReport(task: key.task, metric: key.metric, family: key.family, strategy: key.strategyLabel,
                           series: key.series, metricClass: first.metricClass, higherIsBetter: first.higherIsBetter,
                           range: first.range, points: points, fit: fit, emergence: summary)
    }

    /// The fitted law at 60 log-spaced x over the data's range (non-finite predictions dropped).
    static func samples(of fit: CurveFit, over xs: [Double]) -> [CurveSample] {
        guard let lo = xs.min(), let hi = xs.max(), hi > lo else { return [] }
        let a = log10(lo), b = log10(hi)
        return (0...59).compactMap { i in
            let x = pow(10, a + (b - a) * Double(i) / 59)
            let y = fit.predict(x: x)
            return y.isFinite ? CurveSample(x: x, y: y) : nil
        }
    }

    static func taskNotes(_ task: TaskReport, groups: CurveGroups, xAxis: XAxis, outcomes: [CurveFitOutcome]) -> [String] {
        var notes: [String] = []
        let models = Set(task.curves.flatMap { $0.points.map(\.model.name) })
        if models.count == 1 {
            notes.append("Only one model has results on this task: nothing can be fitted and no verdict is possible.")
        } else if models.count < MirageGroup.minimumModels {
            notes.append("Only \(models.count) models have results on this task; a verdict needs at least \(MirageGroup.minimumModels).")
        }
        let noX = Set(task.curves.flatMap { $0.points.filter { $0.x == nil }.map(\.model.name) }).sorted()
        if !noX.isEmpty {
            notes.append("No \(XAxisKind(rawValue: xAxis.rawValue)?.title ?? xAxis.rawValue) recorded for \(noX.joined(separator: ", ")): listed, but not plotted or fitted.")
        }
        var missing: [String] = []
        for c in task.curves {
            let names = c.points.filter { $0.value == nil }.map(\.model.name)
            if !names.isEmpty { missing.append("\(c.metric) for \(names.joined(separator: ", "))") }
        }
        if !missing.isEmpty {
            notes.append("Missing values (shown as “missing”, never as zero): " + missing.joined(separator: "; ") + ".")
        }
        for o in outcomes {
            guard let error = o.error, o.curve.points.count >= 3 else { continue }
            notes.append("\(o.curve.metric) · \(o.curve.family): not fitted — \(error.description)")
        }
        return notes
    }
}
