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
    /// also reads every CSV with pandas.read_csv and no options.
    @Test("the notebook validates with nbformat and runs top to bottom without errors")
    func validatesAndRuns() throws {
        guard let python = Tools.which("python3") else {
            print("python3 not found: skipping the notebook execution test (make test installs what it needs)")
            return
        }
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
        if result.output.contains("No module named") {
            Issue.record("Python packages missing: run scripts/ensure-python.sh (make test does). \(result.output)")
            return
        }
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("report.ipynb images 5"), "\(result.output)")
        #expect(result.output.contains("sub/exported.ipynb images 5"), "\(result.output)")
        #expect(result.output.contains("ok"))
    }
}
