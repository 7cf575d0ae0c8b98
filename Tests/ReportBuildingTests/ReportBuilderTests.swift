import EmergeSupport
import EmergeTestSupport
import EmergenceMetrics
import Foundation
import Reporting
import ScalingFits
import TaskSuite
import Testing
@testable import ReportBuilding

@Suite("From metric rows to a report")
struct ReportBuilderTests {
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
        var generator = SplitMix64(seed: 11)
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
        #expect(em.points.map(\.model.name) == (0..<8).map { "m\($0)" })      // sorted by x
        #expect(em.points[3].estimate == nil)                             // missing, not dropped
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

    @Test("the verdict sentence names its share of the resamples, and says uncertain under 80%")
    func verdictShares() throws {
        let data = ReportBuilder.build(rows: Self.rows(), request: ReportRequest(bootstrap: 20, workers: 2))
        let verdict = try #require(data.tasks.first { $0.name == "add" }?.verdicts.first)
        #expect(verdict.resamples == 20)
        #expect(abs(verdict.shares.values.reduce(0, +) - 1) < 1e-12)
        let own = try #require(verdict.shares[verdict.verdict])
        let percent = "\(Int((own * 100).rounded()))%"
        #expect(verdict.uncertain == (own < 0.8))
        #expect(verdict.reason.contains(" in \(verdict.uncertain ? "only " : "")\(percent) of 20 resamples"), "\(verdict.reason)")
        // A hand-set split: the sentence says uncertain and names the other verdict.
        var group = try #require(mirageGroups(analyzeCurves(buildCurves(from: Self.rows().filter { $0.task == "add" }),
                                                            bootstrap: 0)).first)
        group.verdict = .metricInduced
        group.shares = VerdictShares(resamples: 200, counts: [.metricInduced: 124, .persists: 76])
        let text = VerdictText.report(group)
        #expect(text.uncertain && text.shares == [.metricInduced: 0.62, .persists: 0.38])
        #expect(text.reason.hasSuffix(" Uncertain: metric-induced in only 62% of 200 resamples (persists 38%)."))
        group.shares = VerdictShares(resamples: 200, counts: [.metricInduced: 176, .persists: 24])
        #expect(VerdictText.report(group).reason.hasSuffix(" Metric-induced in 88% of 200 resamples."))
        // Without resamples, no share sentence.
        let plain = ReportBuilder.build(rows: Self.rows(), request: ReportRequest(bootstrap: 0, workers: 2))
        #expect(plain.tasks[0].verdicts[0].resamples == 0 && !plain.tasks[0].verdicts[0].reason.contains("resamples"))
    }

    @Test("a size trained with several seeds is one point, named by its size group, with each seed's value kept")
    func seeds() throws {
        var rows: [MetricRow] = []
        for (i, flops) in [1e18, 1e19, 1e20, 1e21].enumerated() {
            for seed in 0..<3 {
                let value = 0.1 * Double(i + 1) + 0.01 * Double(seed)
                rows.append(MetricRow(model: "lad-\(i)-s\(seed)", family: "lad", task: "add", metric: "exact-match",
                                      strategy: "standard", value: value, ciLow: value - 0.02, ciHigh: value + 0.02,
                                      stderr: 0.01, n: 200, metricClass: .threshold, higherIsBetter: true, range: 0...1,
                                      trainingFlops: flops, sizeGroup: "lad-\(i)", seed: seed))
            }
        }
        let data = ReportBuilder.build(rows: rows.reversed(), request: ReportRequest(bootstrap: 10, workers: 1))
        let curve = try #require(data.tasks.first?.curves.first)
        #expect(curve.points.map(\.model.name) == ["lad-0", "lad-1", "lad-2", "lad-3"])
        let p = curve.points[1]
        #expect(abs(p.value! - 0.21) < 1e-12)
        #expect(p.seeds.map(\.seed) == [0, 1, 2] && p.seeds.map(\.model) == ["lad-1-s0", "lad-1-s1", "lad-1-s2"])
        #expect(zip(p.seeds.map(\.estimate.value), [0.2, 0.21, 0.22]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(p.seeds[0].estimate.low! - 0.18) < 1e-12)
        #expect(p.estimate!.low! < 0.2 && p.estimate!.high! > 0.22)
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


@Suite("The ability catalogue in reports")
struct CatalogueReportTests {
    @Test("a task the catalogue lists carries its ability's scale; others and catalogue-less reports carry none")
    func scales() throws {
        let catalogue = try AbilityCatalogue.parse("""
            ability,description,emergence_flops,source,tasks
            Arithmetic,adding,1e22,the tutorial,ad*
            Theory of mind,beliefs,1e24,the tutorial,
            """, file: "catalogue.csv")
        var request = ReportRequest(bootstrap: 10, workers: 2)
        request.abilityCatalogue = catalogue
        let data = ReportBuilder.build(rows: ReportBuilderTests.rows(), request: request)
        #expect(data.tasks.map(\.name) == ["add", "single"])
        #expect(data.tasks[0].catalogueScale == CatalogueScale(ability: "Arithmetic", flops: 1e22))
        #expect(data.tasks[1].catalogueScale == nil)
        let plain = ReportBuilder.build(rows: ReportBuilderTests.rows(), request: ReportRequest(bootstrap: 10, workers: 2))
        #expect(plain.tasks.allSatisfy { $0.catalogueScale == nil })
    }
}
