import EmergeSupport

/// The calibration part of the notebook (docs/reports.md#calibration): when
/// a task has calibration, the notebook loads calibration.csv and
/// reliability.csv and, per task, redraws the ECE against scale and every
/// reliability diagram, as the report's SVGs draw them.
enum NotebookCalibration {
    /// Whether the report holds calibration (and so the two CSVs).
    static func present(_ data: ReportData) -> Bool { data.tasks.contains { !$0.calibration.isEmpty } }

    /// Loads the CSVs the report holds; names stay text, as in the other tables.
    static func loadingCode(_ data: ReportData) -> String {
        let files = CSVExports.calibrationFiles(data).map(\.0)
        let calibration = files.contains("calibration.csv")
            ? "pd.read_csv(DATA / \"calibration.csv\")" : "pd.DataFrame(columns=[\"task\", \"x\", \"ece\"])"
        let reliability = files.contains("reliability.csv")
            ? "pd.read_csv(DATA / \"reliability.csv\")" : "pd.DataFrame(columns=[\"task\", \"diagram\"])"
        return """
        calibration = \(calibration)
        reliability = \(reliability)
        for df in (calibration, reliability):
            for column in ("task", "family", "strategy", "source", "model"):
                if column in df.columns:
                    df[column] = df[column].fillna("").astype(str)
        calibration.head()
        """
    }

    /// The cell of one task: the ECE curve, then each of its diagrams.
    static func taskCode(_ task: TaskReport) -> String {
        let name = JSONValue.quote(task.name)
        var code: [String] = []
        if !task.calibration.rows.isEmpty { code.append("plot_ece(\(name))\nplt.show()") }
        if !task.calibration.diagrams.isEmpty {
            code.append("for diagram in sorted(set(reliability[reliability[\"task\"] == \(name)][\"diagram\"])):\n"
                        + "    plot_reliability(\(name), diagram)\n    plt.show()")
        }
        return code.joined(separator: "\n")
    }

    static let helpers = """
    SOURCE_LABELS = {"probability": "answer probability", "verbal": "stated confidence"}


    def plot_ece(task, ax=None):
        \"\"\"ECE against scale: one series per family, strategy and confidence source, bars the 95% interval.\"\"\"
        if ax is None:
            ax = plt.subplots(figsize=(8, 5))[1]
        rows = calibration[calibration["task"] == task].dropna(subset=["x", "ece"])
        rows = rows[rows["x"] > 0]
        groups = rows.groupby(["family", "strategy", "source"], sort=False)
        for i, ((family, strategy, source), g) in enumerate(groups):
            g = g.sort_values("x")
            yerr = None
            if g["ece_low"].notna().all() and g["ece_high"].notna().all():
                yerr = [(g["ece"] - g["ece_low"]).clip(lower=0), (g["ece_high"] - g["ece"]).clip(lower=0)]
            label = family if strategy == "standard" else f"{family} · {strategy}"
            ax.errorbar(g["x"], g["ece"], yerr=yerr, fmt="-s" if source == "verbal" else "-o",
                        color=COLOURS[i % len(COLOURS)], capsize=3,
                        label=f"{label} · {SOURCE_LABELS.get(source, source)}")
        if len(rows):
            ax.set_xscale("log")
            ax.legend(fontsize="small")
        else:
            ax.text(0.5, 0.5, "no model has both an ECE and an x", transform=ax.transAxes, ha="center")
        ax.set_ylim(0, 1)
        ax.set_xlabel(X_TITLE)
        ax.set_ylabel("ECE (lower is better)")
        ax.set_title(f"{task} — expected calibration error")
        ax.grid(True, which="major", color="#e5e5e5")
        return ax


    def plot_reliability(task, diagram, ax=None):
        \"\"\"One run's reliability diagram: accuracy against mean confidence per equal-mass bin; the diagonal is perfect calibration.\"\"\"
        if ax is None:
            ax = plt.subplots(figsize=(5.5, 5))[1]
        rows = reliability[(reliability["task"] == task) & (reliability["diagram"] == diagram)]
        ax.plot([0, 1], [0, 1], color="#999999", linestyle="--", linewidth=1)
        for i, (source, g) in enumerate(rows.groupby("source", sort=True)):
            g = g.sort_values("bin")
            ax.plot(g["mean_confidence"], g["accuracy"], "-s" if source == "verbal" else "-o",
                    color=COLOURS[i % len(COLOURS)],
                    label=f"{SOURCE_LABELS.get(source, source)} ({int(g['count'].sum())} answers)")
        first = rows.iloc[0] if len(rows) else None
        who = "" if first is None else first["model"] + ("" if first["strategy"] == "standard" else " · " + first["strategy"])
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("mean confidence in the bin")
        ax.set_ylabel("accuracy in the bin")
        ax.set_title(f"{task} — reliability of {who}")
        ax.legend(fontsize="small")
        ax.grid(True, which="major", color="#e5e5e5")
        return ax
    """
}
