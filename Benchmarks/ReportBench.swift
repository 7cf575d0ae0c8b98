import EmergenceMetrics
import Foundation
import ReportBuilding
import Reporting

/// Benchmark of issues 4 and 15: a whole report (fits with bootstrap 200,
/// emergence analyses, verdict shares over 200 resamples, 200 SVG plots + 50
/// mirage panels, Markdown, HTML, CSVs and the notebook) over 100 models ×
/// 50 tasks × 4 metrics of one simulated family (target < 60 s).
func runReportBenchmarks() {
    print("== Reporting ==")
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }
    let rows = reportBenchRows()
    var data = ReportData()
    let tBuild = seconds { data = ReportBuilder.build(rows: rows, request: ReportRequest(bootstrap: 200)) }
    var files = ReportFiles()
    let tWrite = seconds { files = ReportWriter.build(data, options: ReportOptions(notebook: true)) }
    let bytes = files.files.reduce(0) { $0 + $1.contents.utf8.count }
    print(String(format: "report over 100 models × 50 tasks × 4 metrics (200 curves): fits + emergence + verdict shares (B = 200) %.1f s, "
                 + "writing %d files (%.1f MB) %.2f s, total %.1f s  (target < 60 s)", tBuild, files.paths.count, Double(bytes) / 1e6,
                 tWrite, tBuild + tWrite))
}

/// The report bench's rows: exact match p^L, token accuracy p, log p and
/// P(target) over 100 models × 50 tasks, standard errors 0.005.
func reportBenchRows() -> [MetricRow] {
    var rows: [MetricRow] = []
    let metrics: [Metric] = [.exactMatch, .tokenAccuracy, .logLikelihood, .targetProbability]
    for task in 0..<50 {
        let length = Double(2 + task % 9)
        for m in 0..<100 {
            let flops = 1e17 * pow(10, Double(m) * 0.06)
            let p = 1 - 0.7 * pow(flops / 1e17, -0.12 - Double(task % 5) * 0.01)
            let noise = 0.004 * sin(Double(m * 31 + task * 7))
            let values: [Metric: Double] = [
                .exactMatch: min(1, max(0, pow(p, length) + noise)), .tokenAccuracy: p + noise / 4,
                .logLikelihood: log(p), .targetProbability: pow(p, length),
            ]
            for metric in metrics {
                let v = values[metric]!
                rows.append(MetricRow(model: "sim-\(m)", family: "sim", task: "task-\(task)", metric: metric.name,
                                      strategy: "standard", value: v, ciLow: v - 0.01, ciHigh: v + 0.01, stderr: 0.005,
                                      n: 500, metricClass: metric.metricClass, higherIsBetter: metric.higherIsBetter,
                                      range: metric.range, trainingFlops: flops))
            }
        }
    }
    return rows
}
