import EmergenceMetrics
import Foundation
import ResultsStore

/// All metrics for a store holding 1M token rows (target: under 2 s).
///
/// The store holds the simulated Schaeffer family: 10 models × 5,000
/// examples × 10-token answers, each output with 10 generated and 10
/// teacher-forced token rows — 50,000 outputs, 1,000,000 token rows. The
/// timed step is `MetricsEngine.compute` over the whole store: reading every
/// run's outputs, scoring every example, and 1,000 bootstrap resamples per
/// run (60 rows). Wall time is printed beside process CPU time, since a
/// shared machine inflates wall time.
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

        // Warm the page cache once, then take the best of three.
        _ = try MetricsEngine.compute(in: database)
        var best = MetricsBenchTiming(wall: .infinity, cpu: .infinity), rows: [MetricRow] = []
        for _ in 0..<3 {
            let (r, t) = try MetricsBenchTiming.measure { try MetricsEngine.compute(in: database) }
            rows = r; best = best.min(t)
        }
        let runs = try database.runs()
        let (_, read) = try MetricsBenchTiming.measure {
            try runs.reduce(0) { $0 + (try database.outputs(runID: $1.id).count) }
        }
        let byModel = Dictionary(grouping: records, by: \.model)
        let (_, scoring) = MetricsBenchTiming.measure { byModel.values.map { MetricsEngine.exampleValues($0).count } }
        let (_, aggregate) = MetricsBenchTiming.measure { byModel.values.map { MetricsEngine.aggregate(outputs: $0).count } }
        print("metrics: all metrics for \(tokenRows) token rows (\(records.count) outputs, \(rows.count) rows out): "
              + "\(best) (target < 2 s) \(best.wall < 2 ? "OK" : "SLOW")")
        print("metrics:   reading every run's outputs from the store: \(read)")
        print("metrics:   per-example scoring in memory: \(scoring); scoring + bootstrap (1000 resamples): \(aggregate)")
    } catch {
        print("metrics: benchmark failed: \(error)")
    }
}

/// Wall-clock and process CPU seconds of one measured step.
struct MetricsBenchTiming: CustomStringConvertible {
    var wall: Double
    var cpu: Double

    static func measure<T>(_ body: () throws -> T) rethrows -> (T, MetricsBenchTiming) {
        let wall0 = DispatchTime.now().uptimeNanoseconds, cpu0 = processCPUSeconds()
        let value = try body()
        return (value, MetricsBenchTiming(wall: Double(DispatchTime.now().uptimeNanoseconds - wall0) / 1e9,
                                          cpu: processCPUSeconds() - cpu0))
    }

    static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func min(_ other: MetricsBenchTiming) -> MetricsBenchTiming { wall <= other.wall ? self : other }

    var description: String { String(format: "%.3f s wall, %.3f s CPU", wall, cpu) }
}
