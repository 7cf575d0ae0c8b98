import EmergeSupport

/// A Jupyter notebook (nbformat 4.5) that tells the report's story in
/// Markdown, loads the CSVs with pandas and redraws every plot with
/// matplotlib (log x), the calibration plots included (`NotebookCalibration`).
/// Cell ids are numbered, so the file is deterministic.
public enum NotebookWriter {
    /// The notebook JSON. `dataDirectory` is where the CSVs are, relative to
    /// the notebook ("." when they sit beside it).
    public static func render(_ data: ReportData, dataDirectory: String = ".") -> String {
        var cells: [JSONValue] = []
        func add(_ type: String, _ source: String) {
            let id = "cell-\(cells.count + 1)"
            var lines: [JSONValue] = []
            var rest = Substring(source)
            while let nl = rest.firstIndex(of: "\n") {
                lines.append(.string(String(rest[...nl])))
                rest = rest[rest.index(after: nl)...]
            }
            if !rest.isEmpty { lines.append(.string(String(rest))) }
            var cell: [(String, JSONValue)] = [("cell_type", .string(type))]
            if type == "code" { cell.append(("execution_count", .null)) }
            cell += [("id", .string(id)), ("metadata", .object([]))]
            if type == "code" { cell.append(("outputs", .array([]))) }
            cell.append(("source", .array(lines)))
            cells.append(.object(cell))
        }
        let md = { (text: String) in add("markdown", text) }
        let code = { (text: String) in add("code", text) }

        md(introduction(data))
        code(setupCode(dataDirectory: dataDirectory, xTitle: data.xAxis.title) + catalogueCode(data))
        code(plotHelpers)
        if NotebookCalibration.present(data) {
            code(NotebookCalibration.loadingCode(data))
            code(NotebookCalibration.helpers)
        }
        md("## Verdicts\n\nOne row per task, family and strategy; the `reason` column says why.")
        code("verdicts")
        for task in data.tasks {
            let esc = MarkdownRenderer.inline
            var text = "## Task: \(esc(task.name))\n"
            for v in task.verdicts {
                text += "\n- **\(esc(v.family))\(v.strategy.map { " · \(esc($0))" } ?? "")**: **\(v.verdict.rawValue)** — \(esc(v.reason))"
            }
            for note in task.notes { text += "\n- \(esc(note))" }
            md(text)
            let py = JSONValue.quote
            let metrics = task.metricNames.map(py).joined(separator: ", ")
            code("for metric in [\(metrics)]:\n    plot_metric(\(py(task.name)), metric)\n    plt.show()")
            if MiragePanel.hasBothSides(task) {
                let s = MiragePanel.sides(task)
                code("mirage_panel(\(py(task.name)), [\(s.discontinuous.map(py).joined(separator: ", "))], "
                     + "[\(s.continuous.map(py).joined(separator: ", "))])\nplt.show()")
            }
            if !task.calibration.isEmpty {
                md("### Calibration\n\nECE against scale (bars: bootstrap 95% intervals), then each run's reliability "
                   + "diagram: accuracy against mean confidence in equal-mass bins, the dashed diagonal being perfect "
                   + "calibration. From calibration.csv and reliability.csv.")
                code(NotebookCalibration.taskCode(task))
            }
        }
        let notebook: JSONValue = .object([
            ("cells", .array(cells)),
            ("metadata", .object([
                ("kernelspec", .object([("display_name", .string("Python 3")), ("language", .string("python")),
                                        ("name", .string("python3"))])),
                ("language_info", .object([("name", .string("python"))])),
            ])),
            ("nbformat", .number(4)),
            ("nbformat_minor", .number(5)),
        ])
        return notebook.text() + "\n"
    }

    static func introduction(_ data: ReportData) -> String {
        var text = "# \(MarkdownRenderer.inline(data.title))\n\n"
        text += "Does an ability emerge suddenly with scale, or is the jump an artifact of the metric? "
        text += "Each task is scored with *discontinuous* (threshold) metrics such as exact match and with "
        text += "*continuous* (per-token) metrics such as token accuracy or log-likelihood. When only the "
        text += "threshold metrics show a sharp transition, the emergence is **metric-induced** (Schaeffer, "
        text += "Miranda & Koyejo 2023); when a per-token metric jumps too, it **persists**.\n\n"
        text += "This notebook loads the report's tidy CSV files with pandas and redraws every plot with "
        text += "matplotlib: x is \(data.xAxis.title) on a log scale, bars are bootstrap 95% intervals, lines "
        text += "are the fitted scaling laws, dashed verticals mark flagged phase transitions with their interval, "
        text += "and a dotted vertical the ability catalogue's scale where a plot reaches it."
        if data.tasks.isEmpty { text += "\n\n**The report is empty:** the store holds no scored task." }
        for note in data.notes { text += "\n\n- \(MarkdownRenderer.inline(note))" }
        return text
    }

    /// `CATALOGUE`: per task, the ability catalogue's scale and its label, as
    /// the SVG plots mark it (training FLOPs axes only; empty otherwise).
    static func catalogueCode(_ data: ReportData) -> String {
        let entries = data.xAxis == .flops ? data.tasks.compactMap { task in
            task.catalogueScale.map { "\(JSONValue.quote(task.name)): (\($0.flops), \(JSONValue.quote("catalogue \($0.flopsText)")))" }
        } : []
        return "\n# The ability catalogue's scale per task (data/ability-catalogue.csv), marked where it falls in a plot.\n"
            + "CATALOGUE = {\(entries.joined(separator: ", "))}\n"
    }

    static func setupCode(dataDirectory: String, xTitle: String) -> String {
        """
        from pathlib import Path
        import pandas as pd
        import matplotlib.pyplot as plt

        DATA = Path(\(JSONValue.quote(dataDirectory)))
        X_TITLE = \(JSONValue.quote(xTitle + " (log scale)"))
        metrics = pd.read_csv(DATA / "metrics.csv")
        fits = pd.read_csv(DATA / "fits.csv")
        emergence = pd.read_csv(DATA / "emergence.csv")
        verdicts = pd.read_csv(DATA / "verdicts.csv")
        curves = pd.read_csv(DATA / "fit-curves.csv")
        # Names are text even when they look like numbers; imported scores have no strategy.
        for df in (metrics, fits, emergence, verdicts, curves):
            for column in ("task", "metric", "family", "strategy", "model", "size_group", "excluded"):
                if column in df.columns:
                    df[column] = df[column].fillna("").astype(str)
        metrics.head()
        """
    }

    static let plotHelpers = """
    COLOURS = \(Palette.colours.map { "\"\($0)\"" }.joined(separator: ", ").wrappedInBrackets)
    MARKERS = ["o", "s", "^", "D"]
    # Along training each size of a family is its own series, coloured in order of size.
    _SIZES = metrics.groupby(["family", "size_group"])["params"].max().fillna(0)
    SERIES = sorted(_SIZES.index, key=lambda fg: (fg[0], _SIZES[fg], fg[1]))
    STRATEGIES = sorted(set(metrics["strategy"]))


    def _key(df, task, metric, family=None, strategy=None, size_group=None):
        mask = (df["task"] == task) & (df["metric"] == metric)
        if family is not None:
            mask &= (df["family"] == family) & (df["strategy"] == strategy) & (df["size_group"] == size_group)
        return df[mask]


    def plot_metric(task, metric, ax=None):
        \"\"\"One task x metric: points with 95% intervals, fitted curves, transitions.\"\"\"
        if ax is None:
            ax = plt.subplots(figsize=(8, 5))[1]
        rows = _key(metrics, task, metric)
        drawn = rows.dropna(subset=["x", "value"])
        drawn = drawn[drawn["x"] > 0]
        bands = []
        for (family, strategy, size_group), g in drawn.groupby(["family", "strategy", "size_group"], sort=True):
            g = g.sort_values("x")
            colour = COLOURS[SERIES.index((family, size_group)) % len(COLOURS)]
            marker = MARKERS[STRATEGIES.index(strategy) % len(MARKERS)]
            label = family if strategy in ("", "standard") else f"{family} · {strategy}"
            if size_group:
                label += " · " + size_group.split("/")[-1]
            left_out = g[g["excluded"] != ""]
            if len(left_out):  # checkpoints the analysis leaves out (initial plateau), greyed
                ax.plot(left_out["x"], left_out["value"], marker, color="#b8b8b8")
                g = g[g["excluded"] == ""]
            yerr = None
            if g["ci_low"].notna().all() and g["ci_high"].notna().all():
                yerr = [(g["value"] - g["ci_low"]).clip(lower=0), (g["ci_high"] - g["value"]).clip(lower=0)]
            ax.errorbar(g["x"], g["value"], yerr=yerr, fmt=marker, color=colour, capsize=3, label=label)
            c = _key(curves, task, metric, family, strategy, size_group).sort_values("x")
            if len(c):
                ax.plot(c["x"], c["y"], color=colour, linewidth=1.5)
            flagged = _key(emergence, task, metric, family, strategy, size_group)
            flagged = flagged[flagged["phase_transition"] == True]
            for _, t in flagged.iterrows():
                bands.append((colour, t))
        ax.set_xscale("log")
        xlim = ax.get_xlim()
        for colour, t in bands:  # clipped to the data's x range, as in the SVG plots
            ax.axvline(t["transition_x"], color=colour, linestyle="--", linewidth=1.2)
            if pd.notna(t["transition_low"]) and pd.notna(t["transition_high"]):
                ax.axvspan(t["transition_low"], t["transition_high"], color=colour, alpha=0.12)
        if task in CATALOGUE and xlim[0] <= CATALOGUE[task][0] <= xlim[1]:
            ax.axvline(CATALOGUE[task][0], color="#555555", linestyle=":", linewidth=1.2, label=CATALOGUE[task][1])
        if len(drawn):
            ax.set_xlim(xlim)
            ax.legend(fontsize="small")
        else:
            ax.text(0.5, 0.5, "no model has a value for this metric", transform=ax.transAxes, ha="center")
        higher = bool(rows["higher_is_better"].iloc[0]) if len(rows) else True
        ax.set_xlabel(X_TITLE)
        ax.set_ylabel(f"{metric} ({'higher' if higher else 'lower'} is better)")
        ax.set_title(f"{task} — {metric}")
        ax.grid(True, which="major", color="#e5e5e5")
        return ax


    def mirage_panel(task, discontinuous, continuous):
        \"\"\"The mirage picture: threshold metrics (left) beside per-token metrics (right).\"\"\"
        rows = max(len(discontinuous), len(continuous), 1)
        fig, axes = plt.subplots(rows, 2, figsize=(11, 3.8 * rows), squeeze=False)
        for column, names in enumerate((discontinuous, continuous)):
            for row in range(rows):
                if row < len(names):
                    plot_metric(task, names[row], axes[row][column])
                else:
                    axes[row][column].axis("off")
        axes[0][0].annotate("Discontinuous (threshold) metrics", (0.5, 1.18), xycoords="axes fraction",
                            ha="center", weight="bold")
        axes[0][1].annotate("Continuous (per-token) metrics", (0.5, 1.18), xycoords="axes fraction",
                            ha="center", weight="bold")
        fig.tight_layout()
        return fig
    """
}

extension String {
    fileprivate var wrappedInBrackets: String { "[" + self + "]" }
}
