import EmergeTestSupport
import EmergenceMetrics
import Foundation
import Testing
@testable import Reporting

@Suite("From metric rows to a report")
struct AdapterTests {
    /// A Schaeffer-style family: exact match p^L, token accuracy p.
    static func rows(models: Int = 8, dropExactMatchOf dropped: Int? = nil) -> [MetricRow] {
        var rows: [MetricRow] = []
        for i in 0..<models {
            let flops = 1e18 * pow(10, Double(i) * 0.5)
            let p = 1 - 0.6 * pow(flops / 1e18, -0.15)
            let name = "m\(i)"
            func row(_ metric: Metric, _ value: Double) -> MetricRow {
                MetricRow(model: name, family: "fam", task: "add", metric: metric.name, strategy: "standard", value: value,
                          ciLow: value - 0.01, ciHigh: value + 0.01, stderr: 0.005, n: 400,
                          metricClass: metric.metricClass, higherIsBetter: metric.higherIsBetter, range: metric.range,
                          params: flops / 1e10, tokens: 1e10, trainingFlops: flops)
            }
            rows.append(row(.tokenAccuracy, p))
            if i != dropped { rows.append(row(.exactMatch, pow(p, 10))) }
        }
        rows.append(MetricRow(model: "solo", family: "fam", task: "single", metric: "acc", strategy: nil, value: 0.4,
                              ciLow: nil, ciHigh: nil, stderr: nil, n: 50, metricClass: .threshold, higherIsBetter: true,
                              range: 0...1, trainingFlops: 1e20, imported: true))
        var generator = SeededGenerator(seed: 11)
        return rows.shuffled(using: &generator)
    }

    @Test("tasks sorted, threshold metrics first, every model listed, fits sampled, verdict explained")
    func build() throws {
        let data = ReportBuilder.build(rows: Self.rows(dropExactMatchOf: 3), request: ReportRequest(bootstrap: 20, workers: 2))
        #expect(data.tasks.map(\.name) == ["add", "single"])
        let add = data.tasks[0]
        #expect(add.metricNames == ["exact-match", "token-accuracy"])
        let em = try #require(add.curves.first { $0.metric == "exact-match" })
        #expect(em.points.count == 8)
        #expect(em.points.map(\.model) == (0..<8).map { "m\($0)" })      // sorted by x
        #expect(em.points[3].value == nil)                                // missing, not dropped
        #expect(add.notes.contains { $0.contains("exact-match for m3") })
        let fit = try #require(em.fit)
        #expect(fit.samples.count > 10)
        #expect(fit.samples.first!.x == em.points[0].x! || abs(fit.samples.first!.x / em.points[0].x! - 1) < 1e-9)
        #expect(add.verdicts.count == 1)
        let verdict = add.verdicts[0]
        #expect(!verdict.reason.isEmpty && verdict.reason.hasSuffix("."))
        let single = data.tasks[1]
        #expect(single.verdicts.first?.verdict == .insufficientData)
        #expect(single.notes.contains { $0.hasPrefix("Only one model") })
        #expect(single.curves[0].strategy == nil)
    }

    @Test("the same rows in any order give the same report")
    func orderIndependent() {
        let a = ReportWriter.build(ReportBuilder.build(rows: Self.rows(), request: ReportRequest(bootstrap: 10, workers: 2)))
        let b = ReportWriter.build(ReportBuilder.build(rows: Self.rows().reversed(), request: ReportRequest(bootstrap: 10, workers: 1)))
        for path in a.paths { #expect(a[path] == b[path], "\(path) depends on row order or worker count") }
    }

    @Test("--task and --family filters keep only what matches, and an empty result says why")
    func filters() {
        let only = ReportBuilder.build(rows: Self.rows(), request: ReportRequest(tasks: [TaskPattern("single")], bootstrap: 0))
        #expect(only.tasks.map(\.name) == ["single"])
        let none = ReportBuilder.build(rows: Self.rows(), request: ReportRequest(family: "nobody", bootstrap: 0))
        #expect(none.tasks.isEmpty)
    }
}

