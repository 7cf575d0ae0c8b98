import Foundation
import Reporting
import ScalingFits

/// `prediction.md`: per task, each curve's plot, its forecasts beside the
/// observations and the transition forecasts; with a backtest, the score of
/// every method per task and overall with the winner.
struct PredictionMarkdown {
    var report: PredictionReport
    var plotNames: [String: String]

    var text: String {
        var out = "# \(report.title)\n\n"
        out += "Each method fits only the models at or below the cutoff and predicts the larger ones; intervals are 95%. "
        out += "The transition is where the metric crosses the level (the middle of its range unless chosen). "
        out += "Methods and assumptions: docs/predict.md.\n\n"
        let drawn = report.drawn
        var tasks: [String] = []
        for (_, p) in drawn where !tasks.contains(p.curve.task) { tasks.append(p.curve.task) }
        let summary = report.backtest.isEmpty ? nil : BacktestSummary(report.backtest)
        for task in tasks {
            out += "## Prediction: \(task)\n\n"
            let forecasts = drawn.filter { $0.prediction.curve.task == task }
            var curves: [String] = []
            for (_, p) in forecasts where !curves.contains(PredictionReport.key(p.curve)) { curves.append(PredictionReport.key(p.curve)) }
            for key in curves {
                let group = forecasts.filter { PredictionReport.key($0.prediction.curve) == key }
                let first = group[0].prediction
                let c = first.curve
                out += "### \(c.metric), \(c.family.isEmpty ? "(no family)" : c.family)\(c.series.map { ", \($0)" } ?? "")\(c.strategy.map { ", \($0)" } ?? "")\n\n"
                if let name = plotNames[key] { out += "![\(c.metric) forecasts for \(task)](plots/\(name).svg)\n\n" }
                let held = group[0].holdout.map { " (the largest \($0) held out)" } ?? ""
                out += "Fitted on \(first.trainingCount) models with \(c.xAxis.rawValue) ≤ \(NumberText.short(first.cutoff))\(held).\n\n"
                out += "| model | \(c.xAxis.rawValue) | observed |" + group.map { " \($0.prediction.method.rawValue) |" }.joined() + "\n"
                out += "|---|---|---|" + group.map { _ in "---|" }.joined() + "\n"
                for (i, point) in first.points.enumerated() {
                    out += "| \(point.model) | \(NumberText.short(point.x)) | \(NumberText.short(point.observed)) |"
                    for (_, p) in group where i < p.points.count {
                        let q = p.points[i]
                        out += " \(NumberText.short(q.predicted)) [\(NumberText.short(q.low)), \(NumberText.short(q.high))]\(q.covered == false ? " ✗" : "") |"
                    }
                    out += "\n"
                }
                out += "\nTransition (level \(NumberText.short(first.transition.level))): observed at \(first.transition.observedX.map { NumberText.short($0) } ?? "no crossing among the models").\n\n"
                out += "| method | forecast | 95% interval | through |\n|---|---|---|---|\n"
                for (_, p) in group {
                    let t = p.transition
                    let forecast: String
                    switch t.status {
                    case .crosses: forecast = NumberText.short(t.x)
                    case .alreadyPast: forecast = "already past at the smallest model"
                    case .notBefore: forecast = "not before \(NumberText.short(t.until))"
                    }
                    let interval = "\(t.low.map { NumberText.short($0) } ?? "below the models")–\(t.high.map { NumberText.short($0) } ?? "beyond \(NumberText.short(t.until))")"
                    out += "| \(p.method.rawValue) | \(forecast) | \(interval) | \(p.detail) |\n"
                }
                out += "\n"
            }
            if let summary {
                out += "Backtest (every split of this task's curves):\n\n" + Self.scoreTable(summary.perTask.filter { $0.task == task },
                                                                                             winner: summary.winners[task]) + "\n"
            }
        }
        if let summary {
            out += "## Backtest over every task\n\n" + Self.scoreTable(summary.overall, winner: summary.overallWinner)
            out += "\nMean absolute error is in the metric's units over every predicted model; coverage is the share of "
            out += "observations inside their 95% interval; the transition error is |log10(forecast / observed)| in decades, "
            out += "over the forecasts where both exist; missed counts forecasts that saw no crossing where the models show one.\n"
        }
        return out
    }

    static func scoreTable(_ scores: [BacktestScore], winner: PredictionMethod?) -> String {
        var out = "| method | forecasts | refused | models | mean abs. error | coverage | transition error (decades) | missed |\n"
        out += "|---|---|---|---|---|---|---|---|\n"
        for s in scores {
            let name = s.method == winner ? "**\(s.method.rawValue)** (best)" : s.method.rawValue
            out += "| \(name) | \(s.forecasts) | \(s.refused) | \(s.points) | \(NumberText.short(s.meanAbsoluteError)) | "
            out += "\(NumberText.short(s.coverage, digits: 2)) | \(s.transitionLog10Error.map { NumberText.short($0) } ?? "–") (\(s.transitions)) | \(s.transitionsMissed) |\n"
        }
        return out
    }
}
