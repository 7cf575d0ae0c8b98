import EmergeSupport
import Foundation
import Reporting
import ScalingFits

/// The prediction report (`predict --out DIR`, docs/predict.md): per task, a
/// plot per curve of each method's forecast from the smaller models drawn
/// over the observed points, the transition forecast beside the observed
/// crossing, and the backtest table with each task's winning method.
///
/// Files: `prediction.md`, `predictions.csv` (one row per predicted model
/// and split, the columns of `columns`), `plots/*.svg`, and with a backtest
/// `backtest.csv` (one row per task and method) and `prediction.ipynb`, a
/// notebook whose cell redraws the plots from `predictions.csv`. The same
/// inputs give byte-identical files.
public struct PredictionReport: Sendable {
    public var title: String
    public var predictions: [CurvePrediction]
    public var backtest: [BacktestCase]

    /// The columns of `predictions.csv` (the same keys as `predict --format csv|json`).
    public static let columns = ["task", "metric", "family", "strategy", "size_group", "method", "holdout", "cutoff",
                                 "training_models", "model", "x", "predicted", "low", "high", "observed", "abs_error",
                                 "covered", "detail", "transition_level", "transition_status", "transition_x",
                                 "transition_low", "transition_high", "observed_transition_x", "transition_log10_error"]

    public init(title: String, predictions: [CurvePrediction], backtest: [BacktestCase]) {
        self.title = title; self.predictions = predictions; self.backtest = backtest
    }

    /// The forecasts drawn: those of `predictions`, or of the backtest's
    /// largest split of each curve.
    var drawn: [(holdout: Int?, prediction: CurvePrediction)] {
        if !predictions.isEmpty { return predictions.map { (nil, $0) } }
        var largest: [String: Int] = [:]
        for c in backtest where c.prediction != nil { largest[Self.key(c.curve)] = max(largest[Self.key(c.curve)] ?? 0, c.holdout) }
        return backtest.compactMap { c in
            guard let p = c.prediction, largest[Self.key(c.curve)] == c.holdout else { return nil }
            return (c.holdout, p)
        }
    }

    static func key(_ c: Curve) -> String {
        [c.task, c.metric, c.family, c.strategy ?? "", c.series ?? ""].joined(separator: "\u{1F}")
    }

    /// Writes the report into `folder` (created if needed); returns the number of files written.
    @discardableResult
    public func write(to folder: URL) throws -> Int {
        let fm = FileManager.default
        let plots = folder.appendingPathComponent("plots")
        try fm.createDirectory(at: plots, withIntermediateDirectories: true)
        var files = 0
        func put(_ text: String, _ url: URL) throws { try Data(text.utf8).write(to: url, options: .atomic); files += 1 }
        var names = FileNames()
        var plotNames: [String: String] = [:]
        for (_, p) in drawn where plotNames[Self.key(p.curve)] == nil {
            let name = names.unique(["predict", p.curve.task, p.curve.metric, p.curve.family] + [p.curve.series].compactMap { $0 })
            plotNames[Self.key(p.curve)] = name
            let forecasts = drawn.map(\.prediction).filter { Self.key($0.curve) == Self.key(p.curve) }
            try put(ChartRenderer().document(PredictionChart.chart(forecasts)), plots.appendingPathComponent(name + ".svg"))
        }
        try put(csv, folder.appendingPathComponent("predictions.csv"))
        if !backtest.isEmpty {
            try put(backtestCSV, folder.appendingPathComponent("backtest.csv"))
            try put(PredictionNotebook.text(title: title), folder.appendingPathComponent("prediction.ipynb"))
        }
        try put(PredictionMarkdown(report: self, plotNames: plotNames).text, folder.appendingPathComponent("prediction.md"))
        return files
    }

    /// `predictions.csv`.
    public var csv: String {
        var table = CSVTable(header: Self.columns)
        func rows(_ p: CurvePrediction, _ holdout: Int?) {
            let t = p.transition
            for point in p.points {
                table.append([p.curve.task, p.curve.metric, p.curve.family, p.curve.strategy ?? "", p.curve.series ?? "",
                              p.method.rawValue, holdout.map(String.init) ?? "", NumberText.full(p.cutoff),
                              String(p.trainingCount), point.model, NumberText.full(point.x), NumberText.full(point.predicted),
                              NumberText.full(point.low), NumberText.full(point.high), NumberText.full(point.observed),
                              NumberText.full(point.absoluteError), point.covered.map { $0 ? "true" : "false" } ?? "",
                              p.detail, NumberText.full(t.level), t.status.rawValue, NumberText.full(t.x),
                              NumberText.full(t.low), NumberText.full(t.high), NumberText.full(t.observedX),
                              NumberText.full(t.log10Error)])
            }
        }
        for p in predictions { rows(p, nil) }
        for c in backtest { if let p = c.prediction { rows(p, c.holdout) } }
        return table.text
    }

    /// `backtest.csv`: one row per task and method, then one per method over every task.
    public var backtestCSV: String {
        let summary = BacktestSummary(backtest)
        var table = CSVTable(header: ["task", "method", "forecasts", "refused", "models", "mean_abs_error", "coverage",
                                      "transition_log10_error", "transitions", "missed", "winner"])
        for s in summary.perTask + summary.overall {
            let winner = s.task.map { summary.winners[$0] } ?? summary.overallWinner
            table.append([s.task ?? "", s.method.rawValue, String(s.forecasts), String(s.refused), String(s.points),
                          NumberText.full(s.meanAbsoluteError), NumberText.full(s.coverage),
                          NumberText.full(s.transitionLog10Error), String(s.transitions), String(s.transitionsMissed),
                          winner == s.method ? "true" : "false"])
        }
        return table.text
    }
}
