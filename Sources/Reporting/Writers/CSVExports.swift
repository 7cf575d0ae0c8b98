import EmergeSupport

/// The tidy CSV files of a report: one observation per row, full-precision
/// numbers (`NumberText.full`), empty cells for missing values, `true`/`false`
/// for booleans. Column meanings are in docs/reports.md#the-files.
public enum CSVExports {
    /// metrics.csv: one row per task × metric × family × strategy × model.
    public static func metrics(_ data: ReportData) -> CSVTable {
        var t = CSVTable(header: ["task", "metric", "family", "strategy", "model", "class", "higher_is_better",
                                  "x", "params", "tokens", "training_flops", "value", "ci_low", "ci_high", "stderr", "n",
                                  "size_group", "step", "excluded"])
        let f = NumberText.full
        for c in data.allCurves {
            for p in c.points {
                t.append([c.task, c.metric, c.family, c.strategy ?? "", p.model.name, c.metricClass.rawValue,
                          c.higherIsBetter ? "true" : "false", f(p.x), f(p.model.params), f(p.model.tokens), f(p.model.trainingFlops),
                          f(p.value), f(p.estimate?.low), f(p.estimate?.high), f(p.estimate?.stderr),
                          p.estimate?.n.map(String.init) ?? "",
                          c.series ?? "", p.model.step.map(String.init) ?? "", p.excludedReason ?? ""])
            }
        }
        return t
    }

    /// fits.csv: one row per fitted curve × law parameter, with the curve's
    /// goodness of fit repeated on each of its rows.
    public static func fits(_ data: ReportData) -> CSVTable {
        var t = CSVTable(header: ["task", "metric", "family", "strategy", "law", "parameter", "value", "ci_low", "ci_high",
                                  "r2", "aic", "bic", "residual_error", "holdout_k", "holdout_rmse", "holdout_rmsle",
                                  "size_group"])
        let f = NumberText.full
        for c in data.allCurves {
            guard let fit = c.fit else { continue }
            for p in fit.parameters {
                t.append([c.task, c.metric, c.family, c.strategy ?? "", fit.law, p.name, f(p.value), f(p.low), f(p.high),
                          f(fit.r2), f(fit.aic), f(fit.bic), f(fit.residualError),
                          fit.holdout.map { String($0.k) } ?? "", f(fit.holdout?.rmse), f(fit.holdout?.rmsle),
                          c.series ?? ""])
            }
        }
        return t
    }

    /// emergence.csv: one row per curve (the per-metric facts of docs/design.md#emergence-and-phase-transitions).
    public static func emergence(_ data: ReportData) -> CSVTable {
        var t = CSVTable(header: ["task", "metric", "family", "strategy", "class", "models", "emergence_score",
                                  "emergence_score_infinite", "surprise", "break_x", "phase_transition",
                                  "transition_x", "transition_low", "transition_high", "size_group"])
        let f = NumberText.full
        for c in data.allCurves {
            let e = c.emergence
            t.append([c.task, c.metric, c.family, c.strategy ?? "", c.metricClass.rawValue, String(c.drawablePoints.count),
                      f(e?.score), e.map { $0.scoreInfinite ? "true" : "false" } ?? "", f(e?.surprise), f(e?.breakX),
                      e.map { $0.phaseTransition ? "true" : "false" } ?? "",
                      f(e?.transitionX), f(e?.transitionLow), f(e?.transitionHigh), c.series ?? ""])
        }
        return t
    }

    /// verdicts.csv: one row per task × family × strategy.
    public static func verdicts(_ data: ReportData) -> CSVTable {
        var t = CSVTable(header: ["task", "family", "strategy", "verdict", "transition_x", "transition_low",
                                  "transition_high", "reason", "size_group", "resamples"]
                             + Verdict.allCases.map { "share_" + $0.rawValue.replacingOccurrences(of: "-", with: "_") }
                             + ["uncertain"])
        let f = NumberText.full
        for task in data.tasks {
            for v in task.verdicts {
                // Shares are empty (not 0) when the verdict was not resampled.
                let shares = Verdict.allCases.map { v.resamples > 0 ? f(v.shares[$0] ?? 0) : "" }
                t.append([task.name, v.family, v.strategy ?? "", v.verdict.rawValue, f(v.transitionX),
                          f(v.transitionLow), f(v.transitionHigh), v.reason, v.series ?? "",
                          v.resamples > 0 ? String(v.resamples) : ""] + shares
                         + [v.resamples > 0 ? String(v.uncertain) : ""])
            }
        }
        return t
    }

    /// fit-curves.csv: the fitted curves sampled along x, one row per sample,
    /// so the notebook redraws exactly the curves of the SVG plots.
    public static func fitCurves(_ data: ReportData) -> CSVTable {
        var t = CSVTable(header: ["task", "metric", "family", "strategy", "law", "x", "y", "size_group"])
        let f = NumberText.full
        for c in data.allCurves {
            guard let fit = c.fit else { continue }
            for s in fit.samples {
                t.append([c.task, c.metric, c.family, c.strategy ?? "", fit.law, f(s.x), f(s.y), c.series ?? ""])
            }
        }
        return t
    }
}
