import EmergenceMetrics
import Reporting
import ResultsStore
import ScalingFits

/// Fills each task's `TaskCalibration` from the store (docs/reports.md#calibration):
/// both confidence sources, seeds of a size pooled for the summary rows and
/// the ECE curve, every run on its own for the reliability diagrams.
enum CalibrationReportBuilder {
    /// Adds calibration to the tasks of `data`, for the models each task
    /// shows (a pooled size's seeds included). Across scale only: along
    /// training the tasks keep no calibration. Throws what the store throws.
    static func attach(to data: inout ReportData, database: ResultsDatabase, request: ReportRequest) throws {
        guard !request.along.isTraining, !data.tasks.isEmpty else { return }
        let query = CalibrationQuery(
            task: request.tasks.count == 1 ? request.tasks[0].exactName : nil, family: request.family,
            strategy: request.strategy, sources: ConfidenceSource.allCases, poolSeeds: true,
            resamples: request.bootstrap, seed: request.seed)
        let runs = try Calibration.runConfidences(in: database, query: query)
            .filter { !$0.set.points.isEmpty || $0.set.judged > 0 && $0.source == .verbal }
        for i in data.tasks.indices {
            let task = data.tasks[i]
            let shown = Set(task.curves.flatMap { c in c.points.flatMap { [$0.model.name] + $0.seeds.map(\.model) } })
            let own = runs.filter { $0.run.task.name == task.name && shown.contains($0.run.model.name) }
            guard !own.isEmpty else { continue }
            data.tasks[i].calibration = calibration(own, query: query, xAxis: request.xAxis)
        }
    }

    /// The summary rows (pooled) and diagrams (per run) of one task's runs.
    static func calibration(_ runs: [RunConfidence], query: CalibrationQuery, xAxis: XAxis) -> TaskCalibration {
        let rows = Calibration.rows(of: runs, query: query).map { r -> CalibrationSummary in
            let model = ReportModel(name: r.model, params: r.params, tokens: r.tokens, trainingFlops: r.trainingFlops, step: r.step)
            return CalibrationSummary(
                model: model, family: r.family ?? "", strategy: r.strategy, source: r.source.rawValue, x: x(of: model, xAxis),
                answers: r.n, accuracy: r.accuracy,
                ece: r.ece.map { Estimate(value: $0, low: r.eceLow, high: r.eceHigh, n: r.n) }, brier: r.brier,
                threshold: r.selective.threshold, coverage: r.selective.coverage, selectiveAccuracy: r.selective.accuracy,
                abstained: r.abstained, unstated: r.unstated, seeds: r.seeds, seedECE: r.seedECE)
        }.sorted { a, b in
            if (a.family, a.strategy, a.source) != (b.family, b.strategy, b.source) {
                return (a.family, a.strategy, a.source) < (b.family, b.strategy, b.source)
            }
            if a.x != b.x {
                guard let p = a.x else { return false }
                guard let q = b.x else { return true }
                return p < q
            }
            return a.model.name < b.model.name
        }
        var order: [Int64] = []
        var byRun: [Int64: [RunConfidence]] = [:]
        for r in runs where !r.set.points.isEmpty {
            if byRun[r.run.id] == nil { order.append(r.run.id) }
            byRun[r.run.id, default: []].append(r)
        }
        let diagrams = order.map { id -> (StoredRun, ReliabilityDiagramData) in
            let sources = byRun[id]!.sorted { $0.source.rawValue < $1.source.rawValue }
            let run = sources[0].run
            return (run, ReliabilityDiagramData(
                model: run.model.name, family: run.model.family ?? "", strategy: run.strategy,
                series: sources.map { s in
                    ReliabilitySeries(
                        source: s.source.rawValue,
                        bins: Calibration.equalMassBins(s.set.points, binCount: query.binCount).map {
                            ReliabilityBin(lower: $0.lower, upper: $0.upper, count: $0.count,
                                           meanConfidence: $0.meanConfidence, accuracy: $0.accuracy)
                        },
                        ece: Calibration.expectedCalibrationError(s.set.points, binCount: query.binCount),
                        answers: s.set.points.count)
                }))
        }.sorted { a, b in
            let (x, y) = (a.0, b.0)
            if (x.model.family ?? "") != (y.model.family ?? "") { return (x.model.family ?? "") < (y.model.family ?? "") }
            if x.strategy != y.strategy { return x.strategy < y.strategy }
            if x.model.trainingFlops != y.model.trainingFlops {
                guard let p = x.model.trainingFlops else { return false }
                guard let q = y.model.trainingFlops else { return true }
                return p < q
            }
            return (x.model.name, x.id) < (y.model.name, y.id)
        }.map(\.1)
        return TaskCalibration(rows: rows, diagrams: diagrams, binCount: query.binCount)
    }

    static func x(of model: ReportModel, _ axis: XAxis) -> Double? {
        switch axis {
        case .flops: return model.trainingFlops
        case .params: return model.params
        case .tokens: return model.tokens
        }
    }
}
