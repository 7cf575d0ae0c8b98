import EmergenceMetrics
import Foundation
import ResultsStore

/// All metrics for a store holding 1M token rows (target: under 2 s).
///
/// The store holds the simulated Schaeffer family: 10 models × 5,000
/// examples × 10-token answers, each output with 10 generated and 10
/// teacher-forced token rows — 100,000 outputs, 1,000,000 token rows. The
/// timed step is `MetricsEngine.compute` over the whole store: reading every
/// run's outputs, scoring every example, and 1,000 bootstrap resamples per
/// run (60 rows).
func runMetricsBenchmarks() {
    do {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emerge-metrics-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try ResultsDatabase(path: dir.appendingPathComponent("bench.sqlite").path)
        let simulator = SchaefferSimulator(models: 10, targetTokens: 10, examples: 5000, seed: 1)
        let records = simulator.records()
        let tokenRows = records.reduce(0) { $0 + ($1.targetTokens?.count ?? 0) + ($1.generatedTokens?.count ?? 0) }
        try database.importOutputs(records, source: "bench")

        func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
            let start = DispatchTime.now().uptimeNanoseconds
            let value = try body()
            return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        // Warm the page cache once, then take the best of three.
        _ = try MetricsEngine.compute(in: database)
        var best = Double.infinity, rows: [MetricRow] = []
        for _ in 0..<3 {
            let (r, seconds) = try time { try MetricsEngine.compute(in: database) }
            rows = r; best = min(best, seconds)
        }
        let (_, readSeconds) = try time {
            try database.runs().reduce(0) { $0 + (try database.outputs(runID: $1.id).count) }
        }
        let (_, scoreSeconds) = time { MetricsEngine.aggregate(outputs: records) }
        print(String(format: "metrics: all metrics for %d token rows (%d outputs, %d rows out): %.3f s (target < 2 s) %@",
                     tokenRows, records.count, rows.count, best, best < 2 ? "OK" : "SLOW"))
        print(String(format: "metrics:   of which reading outputs from the store ≈ %.3f s; scoring + bootstrap of %d outputs in memory ≈ %.3f s",
                     readSeconds, records.count, scoreSeconds))
    } catch {
        print("metrics: benchmark failed: \(error)")
    }
}
