import EmergeSupport

/// The calibration part of a task in report.md and report.html
/// (docs/reports.md#calibration): what the numbers mean, a table per model
/// or size, the ECE against x, and the reliability diagrams.
enum CalibrationSection {
    static func append(_ task: TaskReport, to doc: inout ReportDocument, data: ReportData) {
        let calibration = task.calibration
        guard !calibration.isEmpty else { return }
        let plots = CalibrationPlots(data).plots(task: task.name)
        let xName = data.xAxis.title
        doc.heading(3, "Calibration")
        let verbal = calibration.rows.contains { $0.source == "verbal" }
        let pooled = calibration.rows.contains { $0.seeds > 1 }
        var text: [String] = [
            "How well a model's confidence in its answers predicts that they are right. Answer probability: the "
                + "product of the probabilities of the tokens that spell the answer (the chosen option's normalised "
                + "probability on multiple choice).",
        ]
        if verbal {
            text.append("Stated confidence: the model's own 1–10 rating read as rating / 10; an abstention lowers "
                        + "coverage and is never a wrong answer, and an answer without a readable rating is counted apart.")
        }
        let bins = String(calibration.binCount)
        text.append("ECE is the expected calibration error over " + bins + " equal-mass bins (0 is perfect, lower is "
                    + "better), with a bootstrap 95% interval; Brier is the mean squared gap between confidence and being "
                    + "right (lower is better). Coverage and selective accuracy: the share of outputs answered at or above "
                    + "the threshold and the share right among them.")
        if pooled {
            text.append("A size trained from several seeds is the mean over its seeds; its ECE interval comes from a "
                        + "two-level bootstrap (seeds, then answers).")
        }
        doc.paragraph(text.joined(separator: " "))
        var rows: [[String]] = []
        for r in calibration.rows {
            let seeds = r.seeds > 1 ? " (\(r.seeds) seeds)" : ""
            rows.append([r.family, r.strategy, TaskCalibration.sourceLabel(r.source), r.model.name + seeds,
                         NumberText.short(r.x), String(r.answers), NumberText.short(r.accuracy),
                         NumberText.withInterval(r.ece?.value, r.ece?.low, r.ece?.high), NumberText.short(r.brier),
                         NumberText.short(r.threshold), NumberText.short(r.coverage), NumberText.short(r.selectiveAccuracy),
                         r.abstained.map(String.init) ?? "–", r.unstated.map(String.init) ?? "–"])
        }
        doc.table(["family", "strategy", "source", "model", xName, "answers", "accuracy", "ECE ↓ [95% interval]", "Brier ↓",
                   "threshold", "coverage", "selective accuracy", "abstained", "no rating"],
                  rows, numeric: Set(4..<14))
        for entry in plots {
            if let i = entry.diagram {
                let d = calibration.diagrams[i]
                doc.plot(entry.path, alt: "\(task.name): reliability of \(d.model)"
                         + (d.strategy == "standard" ? "" : " · \(d.strategy)"))
            } else {
                doc.plot(entry.path, alt: "\(task.name): ECE (lower is better) vs \(xName)")
            }
        }
    }
}

extension CSVExports {
    /// calibration.csv: one row per task × family × strategy × source ×
    /// model (or size), as the calibration tables show them.
    public static func calibration(_ data: ReportData) -> CSVTable {
        var t = CSVTable(header: ["task", "family", "strategy", "source", "model", "x", "params", "tokens", "training_flops",
                                  "answers", "accuracy", "ece", "ece_low", "ece_high", "brier", "threshold", "coverage",
                                  "selective_accuracy", "abstained", "unstated", "seeds"])
        let f = NumberText.full
        for task in data.tasks {
            for r in task.calibration.rows {
                t.append([task.name, r.family, r.strategy, r.source, r.model.name, f(r.x), f(r.model.params),
                          f(r.model.tokens), f(r.model.trainingFlops), String(r.answers), f(r.accuracy), f(r.ece?.value),
                          f(r.ece?.low), f(r.ece?.high), f(r.brier), f(r.threshold), f(r.coverage), f(r.selectiveAccuracy),
                          r.abstained.map(String.init) ?? "", r.unstated.map(String.init) ?? "",
                          String(r.seeds)])
            }
        }
        return t
    }
}

extension CSVExports {
    /// reliability.csv: the bins of every reliability diagram, one row per
    /// task × diagram × source × bin. `diagram` numbers a task's diagrams
    /// (one per stored run, in report order, from 0); `model`, `family` and
    /// `strategy` say whose it is. The notebook redraws the diagrams from it.
    public static func reliability(_ data: ReportData) -> CSVTable {
        var t = CSVTable(header: ["task", "diagram", "family", "strategy", "model", "source", "bin", "lower", "upper",
                                  "count", "mean_confidence", "accuracy"])
        let f = NumberText.full
        for task in data.tasks {
            for (i, d) in task.calibration.diagrams.enumerated() {
                for series in d.series {
                    for (b, bin) in series.bins.enumerated() {
                        t.append([task.name, String(i), d.family, d.strategy, d.model, series.source, String(b), f(bin.lower),
                                  f(bin.upper), String(bin.count), f(bin.meanConfidence), f(bin.accuracy)])
                    }
                }
            }
        }
        return t
    }

    /// The calibration CSVs a report holds: calibration.csv when a task has
    /// summary rows, reliability.csv when a task has diagrams.
    static func calibrationFiles(_ data: ReportData) -> [(String, CSVTable)] {
        var files: [(String, CSVTable)] = []
        if data.tasks.contains(where: { !$0.calibration.rows.isEmpty }) { files.append(("calibration.csv", calibration(data))) }
        if data.tasks.contains(where: { !$0.calibration.diagrams.isEmpty }) { files.append(("reliability.csv", reliability(data))) }
        return files
    }
}
