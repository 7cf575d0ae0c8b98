import Foundation
import ReportBuilding
import ScalingFits

/// The listings of `predict` and `predict --backtest`.
///
/// JSON and CSV rows are one predicted model each, with the stable keys
/// `task`, `metric`, `family`, `method`, `cutoff`, `model`, `predicted`,
/// `low`, `high`, `observed` (docs/predict.md lists the others).
enum PredictionListing {
    static let rowColumns = PredictionReport.columns

    static func rows(_ p: CurvePrediction, holdout: Int?, table: Bool) -> [[Cell]] {
        func number(_ v: Double?) -> Cell {
            guard let v else { return .null }
            return table ? .text(String(format: "%.4g", v)) : .number(v)
        }
        let t = p.transition
        return p.points.map { point in
            [Cell(p.curve.task), Cell(p.curve.metric), Cell(p.curve.family), Cell(p.curve.strategy), Cell(p.curve.series),
             Cell(p.method.rawValue), Cell(holdout), number(p.cutoff), Cell(p.trainingCount), Cell(point.model),
             number(point.x), number(point.predicted), number(point.low), number(point.high), number(point.observed),
             number(point.absoluteError), Cell(point.covered), Cell(p.detail), number(t.level), Cell(t.status.rawValue),
             number(t.x), number(t.low), number(t.high), number(t.observedX), number(t.log10Error)]
        }
    }

    /// `predict`: JSON/CSV one row per predicted model; the table shows the
    /// predictions, then one transition line per curve and method.
    static func predictions(_ made: [CurvePrediction], format: OutputFormat) -> String {
        if format != .table {
            var listing = Listing(columns: rowColumns)
            for p in made { for r in rows(p, holdout: nil, table: false) { listing.append(r) } }
            return listing.render(format)
        }
        var points = Listing(columns: ["task", "metric", "family", "method", "cutoff", "model", "x", "predicted", "low",
                                       "high", "observed", "covered", "size_group"])
        var transitions = Listing(columns: ["task", "metric", "family", "method", "level", "transition_x", "low", "high",
                                            "observed_x", "through", "size_group"])
        for p in made {
            for r in rows(p, holdout: nil, table: true) {
                points.append([r[0], r[1], r[2], r[5], r[7], r[9], r[10], r[11], r[12], r[13], r[14], r[16], r[4]])
            }
            transitions.append([Cell(p.curve.task), Cell(p.curve.metric), Cell(p.curve.family), Cell(p.method.rawValue),
                                .text(String(format: "%.4g", p.transition.level)), Cell(transitionText(p.transition)),
                                Cell(p.transition.low.map { String(format: "%.3g", $0) } ?? (p.transition.status == .crosses ? "below the models" : nil)),
                                Cell(p.transition.high.map { String(format: "%.3g", $0) } ?? "beyond --until"),
                                Cell(p.transition.observedX.map { String(format: "%.4g", $0) }), Cell(p.detail),
                                Cell(p.curve.series)])
        }
        return points.render(.table) + "\n" + transitions.render(.table)
    }

    /// The transition forecast in words: the x, or why there is none.
    static func transitionText(_ t: TransitionForecast) -> String {
        switch t.status {
        case .crosses: return t.x.map { String(format: "%.4g", $0) } ?? ""
        case .alreadyPast: return "already past"
        case .notBefore: return String(format: "not before %.3g", t.until)
        }
    }

    /// `predict --backtest`: JSON/CSV one row per predicted model and split;
    /// the table scores each method per task and overall and names the winner.
    static func backtest(_ cases: [BacktestCase], format: OutputFormat) -> String {
        if format != .table {
            var listing = Listing(columns: rowColumns)
            for c in cases { if let p = c.prediction { for r in rows(p, holdout: c.holdout, table: false) { listing.append(r) } } }
            return listing.render(format)
        }
        let summary = BacktestSummary(cases)
        var listing = Listing(columns: ["task", "method", "forecasts", "refused", "models", "mean_abs_error", "coverage",
                                        "transition_log10_error", "transitions", "missed", "winner"])
        func text(_ v: Double?, _ f: String = "%.3g") -> Cell { v.map { .text(String(format: f, $0)) } ?? .null }
        for s in summary.perTask + summary.overall {
            let task = s.task ?? "(all tasks)"
            let winner = s.task.map { summary.winners[$0] } ?? summary.overallWinner
            listing.append([Cell(task), Cell(s.method.rawValue), Cell(s.forecasts), Cell(s.refused), Cell(s.points),
                            text(s.meanAbsoluteError), text(s.coverage, "%.2f"), text(s.transitionLog10Error),
                            Cell(s.transitions), Cell(s.transitionsMissed), Cell(winner == s.method ? "yes" : nil)])
        }
        return listing.render(.table)
    }

    /// Writes the prediction report (`PredictionReport`) to `folder`.
    static func writeReport(backtest: [BacktestCase], predictions: [CurvePrediction], to folder: String, title: String) throws {
        do {
            let written = try PredictionReport(title: title, predictions: predictions, backtest: backtest)
                .write(to: URL(fileURLWithPath: folder))
            CurveLoader.warn("wrote \(written) files to \(folder)/prediction.md")
        } catch {
            throw CLIError("Cannot write the prediction report to \(folder): \(error.localizedDescription)")
        }
    }
}
