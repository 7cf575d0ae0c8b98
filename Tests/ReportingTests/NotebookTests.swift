import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import Reporting

@Suite("Jupyter notebook")
struct NotebookTests {
    @Test("the notebook is nbformat 4.5 JSON with ids, kernelspec and the CSV loading cell")
    func structure() throws {
        let text = NotebookWriter.render(SampleReports.standard())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["nbformat"] as? Int == 4 && json["nbformat_minor"] as? Int == 5)
        let cells = try #require(json["cells"] as? [[String: Any]])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count && Set(ids).count == ids.count)
        let metadata = try #require(json["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: Any])?["name"] as? String == "python3")
        let sources = cells.map { (($0["source"] as? [String]) ?? []).joined() }
        #expect(sources.contains { $0.contains("pd.read_csv(DATA / \"metrics.csv\")") })
        #expect(sources.contains { $0.contains("plot_metric(\"addition-3\", metric)") })
        #expect(sources.contains { $0.contains("mirage_panel(\"addition-3\", [\"exact-match\"]") })
    }

    @Test("with calibration, the notebook loads calibration.csv and reliability.csv and redraws the ECE and each diagram")
    func calibrationCells() throws {
        let data = CalibrationReportTests.report()
        let text = NotebookWriter.render(data)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let cells = try #require(json["cells"] as? [[String: Any]])
        let sources = cells.map { (($0["source"] as? [String]) ?? []).joined() }
        #expect(sources.contains { $0.contains("calibration = pd.read_csv(DATA / \"calibration.csv\")") })
        #expect(sources.contains { $0.contains("reliability = pd.read_csv(DATA / \"reliability.csv\")") })
        #expect(sources.contains { $0.contains("plot_ece(\"addition-3\")") && $0.contains("plot_reliability(\"addition-3\", diagram)") })
        #expect(sources.filter { $0.contains("plot_ece(\"") && !$0.contains("def ") }.count == 1, "one task has calibration")
        // Without calibration the notebook neither loads nor draws it.
        #expect(!NotebookWriter.render(SampleReports.standard()).contains("calibration.csv"))

        let files = ReportWriter.build(data, options: ReportOptions(notebook: true))
        let rows = try CSVParser.rows(try #require(files["reliability.csv"]))
        #expect(rows.first == ["task", "diagram", "family", "strategy", "model", "source", "bin", "lower", "upper", "count",
                               "mean_confidence", "accuracy"])
        // Three answer-probability bins and one stated-confidence bin of the one diagram.
        #expect(rows.count == 5 && rows[1] == ["addition-3", "0", "sim", "confidence", "sim-3", "probability", "0", "0.1", "0.3",
                                               "40", "0.2", "0.1"], "\(rows)")
        #expect(rows[4][5] == "verbal" && rows[4][9] == "80")
    }

    /// Validates with nbformat and executes with nbclient in a plain Python;
    /// also reads every CSV with pandas.read_csv and no options. Skipped, and
    /// listed as skipped with the reason, where the Python packages are
    /// missing — except under `make test` or CI, where it must run.
    @Test("the notebook validates with nbformat and runs top to bottom without errors",
          .enabled(if: NotebookPython.path != nil || NotebookPython.isRequired, NotebookPython.missing))
    func validatesAndRuns() throws {
        let output = try Self.execute(SampleReports.standard(), check: """
            m = pd.read_csv("metrics.csv")
            assert len(m) == 55 and m["value"].isna().sum() == 1, (len(m), m["value"].isna().sum())
            assert m["higher_is_better"].dtype == bool
            """)
        #expect(output.contains("report.ipynb images 5"), "\(output)")
        #expect(output.contains("sub/exported.ipynb images 5"), "\(output)")
    }

    /// The calibration cells run too: one ECE plot and one reliability diagram more, in the report's
    /// notebook and in an exported one, whose data folder holds the calibration CSVs.
    @Test("with calibration, the notebook runs and redraws the ECE curve and the reliability diagram",
          .enabled(if: NotebookPython.path != nil || NotebookPython.isRequired, NotebookPython.missing))
    func runsWithCalibration() throws {
        let output = try Self.execute(CalibrationReportTests.report(), check: """
            c = pd.read_csv("sub/exported-data/calibration.csv")
            r = pd.read_csv("sub/exported-data/reliability.csv")
            assert len(c) == 2 and list(c["ece"]) == [0.4, 0.125], c
            assert len(r) == 4 and r["count"].sum() == 180, r
            """)
        #expect(output.contains("report.ipynb images 7"), "\(output)")
        #expect(output.contains("sub/exported.ipynb images 7"), "\(output)")
    }

    /// Writes `data`'s report with its notebook and an exported notebook in `sub/`, executes both, reads
    /// every CSV with pandas, runs `check` (Python) in the report's folder and returns what was printed.
    static func execute(_ data: ReportData, check: String) throws -> String {
        let python = try #require(NotebookPython.path, NotebookPython.missing)
        let dir = try makeTemporaryDirectory("reporting-notebook")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportWriter.write(data, to: dir, options: ReportOptions(notebook: true))
        try ReportWriter.exportNotebook(data, to: dir.appendingPathComponent("sub/exported.ipynb"))
        let script = """
        import sys, nbformat, pandas as pd
        from nbclient import NotebookClient
        for path, folder in (("report.ipynb", "."), ("sub/exported.ipynb", "sub")):
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
            errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                sys.exit("cell error: " + str(errors[0].get("ename")) + ": " + str(errors[0].get("evalue")))
            images = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
            print(path, "images", images)
        for name in ("fits.csv", "emergence.csv", "verdicts.csv", "fit-curves.csv"):
            pd.read_csv(name)
        \(check)
        print("ok")
        """
        let result = try Tools.run(python, ["-c", script], in: dir)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ok"))
        return result.output
    }
}

/// The Python the notebook test runs: `python3` on the PATH, when it can
/// import the packages the test uses (scripts/ensure-python.sh installs them).
enum NotebookPython {
    static let packages = ["nbformat", "nbclient", "pandas", "matplotlib", "ipykernel"]

    static let path: String? = {
        guard let python = Tools.which("python3"),
              let result = try? Tools.run(python, ["-c", "import " + packages.joined(separator: ", ")]),
              result.status == 0 else { return nil }
        return python
    }()

    /// `make test` sets EMERGE_REQUIRE_NOTEBOOK_TOOLS=1 (after installing the
    /// packages) and CI services set CI=true: there a missing Python fails
    /// the test instead of skipping it.
    static let isRequired: Bool = {
        let environment = ProcessInfo.processInfo.environment
        return environment["EMERGE_REQUIRE_NOTEBOOK_TOOLS"] == "1" || environment["CI"] == "true"
    }()

    static let missing: Comment = """
        needs python3 with \(packages.joined(separator: ", ")) on the PATH \
        (scripts/ensure-python.sh installs them; make test does and then requires them)
        """
}
