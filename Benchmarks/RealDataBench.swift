import Foundation
import ResultsStore

/// Real published results in: every file of `data/pythia-evals/` (189 legacy
/// lm-evaluation-harness files, 32,508 task × metric values) through
/// `import --kind lm-eval` into a fresh store (target: under 2 s), then the
/// same folder again (idempotent replace). Run from the repository root.
func runRealDataBenchmarks() {
    let folder = "data/pythia-evals"
    guard FileManager.default.fileExists(atPath: folder) else {
        print("realdata: skipped (\(folder) not found; run emerge-bench from the repository root)")
        return
    }
    do {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emerge-realdata-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try ResultsDatabase(path: dir.appendingPathComponent("p.sqlite").path)
        let options = LMEvalOptions(tokensPerStep: 2_097_152)
        var start = Date()
        let summary = try db.importLMEval(atPath: folder, options: options)
        let first = Date().timeIntervalSince(start)
        start = Date()
        try db.importLMEval(atPath: folder, options: options)
        let again = Date().timeIntervalSince(start)
        print(String(format: "realdata: import --kind lm-eval of %@ (%d files, %d scores): %.2f s (target < 2 s); again (idempotent): %.2f s",
                     folder, summary.files, summary.scores, first, again))
    } catch {
        print("realdata benchmark failed: \(error)")
    }
}
