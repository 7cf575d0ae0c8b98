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

    /// Validates with nbformat and executes with nbclient in a plain Python;
    /// also reads every CSV with pandas.read_csv and no options. Skipped, and
    /// listed as skipped with the reason, where the Python packages are
    /// missing — except under `make test` or CI, where it must run.
    @Test("the notebook validates with nbformat and runs top to bottom without errors",
          .enabled(if: NotebookPython.path != nil || NotebookPython.isRequired, NotebookPython.missing))
    func validatesAndRuns() throws {
        let python = try #require(NotebookPython.path, NotebookPython.missing)
        let dir = try makeTemporaryDirectory("reporting-notebook")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportWriter.write(SampleReports.standard(), to: dir, options: ReportOptions(notebook: true))
        try ReportWriter.exportNotebook(SampleReports.standard(), to: dir.appendingPathComponent("sub/exported.ipynb"))
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
        m = pd.read_csv("metrics.csv")
        assert len(m) == 55 and m["value"].isna().sum() == 1, (len(m), m["value"].isna().sum())
        assert m["higher_is_better"].dtype == bool
        for name in ("fits.csv", "emergence.csv", "verdicts.csv", "fit-curves.csv"):
            pd.read_csv(name)
        print("ok")
        """
        let result = try Tools.run(python, ["-c", script], in: dir)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("report.ipynb images 5"), "\(result.output)")
        #expect(result.output.contains("sub/exported.ipynb images 5"), "\(result.output)")
        #expect(result.output.contains("ok"))
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
