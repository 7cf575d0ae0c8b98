import Foundation
import Reporting
import ScalingFits

/// The plot of one curve's forecasts: the observed points (all models, 95%
/// intervals from their standard errors) and each method's forecast from
/// the models at or below the cutoff — its curve over the whole range, its
/// predicted models with their intervals, its transition mark — beside the
/// observed crossing of the level.
enum PredictionChart {
    static func chart(_ forecasts: [CurvePrediction]) -> Chart {
        guard let first = forecasts.first else {
            return Chart(title: "", xTitle: "", yTitle: "", series: [])
        }
        let curve = first.curve
        let observed = curve.points.map { p in
            ChartPoint(x: p.x, y: p.y, low: p.stderr.map { p.y - 1.96 * $0 }, high: p.stderr.map { p.y + 1.96 * $0 })
        }
        var series = [ChartSeries(label: "observed", colour: 0, marker: .circle, points: observed,
                                  transition: first.transition.observedX.map { TransitionMark(x: $0) })]
        let markers: [MarkerShape] = [.square, .triangle, .diamond]
        for (i, p) in forecasts.enumerated() {
            let mark: TransitionMark? = p.transition.x.map { TransitionMark(x: $0, low: p.transition.low, high: p.transition.high) }
            series.append(ChartSeries(
                label: p.method.rawValue, colour: i + 1, marker: markers[i % markers.count],
                points: p.points.map { ChartPoint(x: $0.x, y: $0.predicted, low: $0.low, high: $0.high) },
                fit: p.band.map { CurveSample(x: $0.x, y: $0.predicted) }, fitLabel: p.detail, transition: mark))
        }
        let name = curve.family.isEmpty ? curve.task : "\(curve.task), \(curve.family)"
        let size = curve.series.map { " (\($0))" } ?? ""
        return Chart(
            title: "\(curve.metric): \(name)\(size), forecast from the models ≤ \(NumberText.short(first.cutoff))",
            xTitle: "training \(curve.xAxis.rawValue) (log scale)", yTitle: curve.metric,
            series: series, yRange: curve.range, allowLogY: false,
            footnote: "fitted on \(first.trainingCount) models; vertical marks: where each crosses \(NumberText.short(first.transition.level))")
    }
}

/// A notebook whose one cell redraws every plot of the prediction report
/// from `predictions.csv` (pandas and matplotlib).
enum PredictionNotebook {
    static func text(title: String) -> String {
        let source = """
            import pandas as pd, matplotlib.pyplot as plt
            rows = pd.read_csv("predictions.csv")
            largest = rows.groupby(["task", "metric", "family"])["holdout"].transform("max")
            rows = rows[rows["holdout"].isna() | (rows["holdout"] == largest)]
            for (task, metric, family), g in rows.groupby(["task", "metric", "family"]):
                fig, ax = plt.subplots(figsize=(7, 4))
                for method, m in g.groupby("method"):
                    ax.errorbar(m["x"], m["predicted"], yerr=[m["predicted"] - m["low"], m["high"] - m["predicted"]],
                                fmt="s", capsize=3, label=f"{method} (from ≤ {m['cutoff'].iloc[0]:.3g})")
                    t = m["transition_x"].iloc[0]
                    if pd.notna(t):
                        ax.axvline(t, ls="--", lw=0.8, color=ax.lines[-1].get_color())
                obs = g.drop_duplicates("model")
                ax.plot(obs["x"], obs["observed"], "ko", label="observed")
                if pd.notna(g["observed_transition_x"].iloc[0]):
                    ax.axvline(g["observed_transition_x"].iloc[0], color="k", ls=":", lw=0.8)
                ax.set_xscale("log"); ax.set_xlabel("x"); ax.set_ylabel(metric)
                ax.set_title(f"{task} / {family}: predicted vs observed"); ax.legend(fontsize=8)
                plt.show()
            """
        func json(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let sourceJSON = lines.enumerated().map { i, l in "    " + json(i < lines.count - 1 ? l + "\n" : l) }.joined(separator: ",\n")
        return """
            {
             "cells": [
              {
               "cell_type": "markdown",
               "id": "prediction-title",
               "metadata": {},
               "source": [\(json("# " + title + " — predictions redrawn from predictions.csv"))]
              },
              {
               "cell_type": "code",
               "execution_count": null,
               "id": "prediction-plots",
               "metadata": {},
               "outputs": [],
               "source": [
            \(sourceJSON)
               ]
              }
             ],
             "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
             "nbformat": 4,
             "nbformat_minor": 5
            }

            """
    }
}
