import EmergeTestSupport
import Foundation
import ResultsStore
import Testing
@testable import EmergenceMetrics

/// Aggregation over a real store: outputs go in through the store's import,
/// rows come out through `MetricsEngine.compute`.
@Suite("Metrics over a store")
struct MetricsEngineTests {
    static func storeWithSimulation() throws -> (ResultsDatabase, SchaefferSimulator, URL) {
        let dir = try makeTemporaryDirectory("metrics-engine")
        let database = try ResultsDatabase(path: dir.appendingPathComponent("emerge.sqlite").path)
        let simulator = SchaefferSimulator(models: 3, targetTokens: 4, examples: 60, seed: 5)
        try database.importOutputs(simulator.records(), source: "test")
        return (database, simulator, dir)
    }

    @Test func rowsForEveryRunAndApplicableMetric() throws {
        let (database, simulator, dir) = try Self.storeWithSimulation()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = try MetricsEngine.compute(in: database)
        // Six metrics apply to generation outputs (no multiple-choice grade).
        #expect(rows.count == 3 * 6)
        #expect(!rows.contains { $0.metric == "multiple-choice-grade" })
        // Sorted by metric then x.
        #expect(rows.first?.metric == "exact-match" && rows.first?.model == "sim-10M")
        let records = simulator.records()
        for row in rows {
            #expect(row.family == "simulated-schaeffer" && row.strategy == "standard" && row.n == 60)
            #expect(row.ciLow! <= row.value && row.value <= row.ciHigh!)
            #expect(row.trainingFlops == 120 * row.params! * row.params!)
            let metric = try #require(row.builtInMetric)
            #expect(row.metricClass == metric.metricClass(for: .generation) && row.higherIsBetter == metric.higherIsBetter)
            // Brier on generation compounds like P(target): nonlinear, not per-token.
            if metric == .brier { #expect(row.metricClass == .nonlinear) }
            // Same mean as aggregating the records directly (the store round-trips them).
            let own = records.filter { $0.model == row.model }
            let direct = try #require(MetricsEngine.aggregate(outputs: own)[metric])
            #expect(abs(direct.mean - row.value) < 1e-12)
        }
    }

    @Test func filtersAndDeterminism() throws {
        let (database, _, dir) = try Self.storeWithSimulation()
        defer { try? FileManager.default.removeItem(at: dir) }
        let some = try MetricsEngine.compute(in: database, query: MetricsQuery(metrics: ["token-accuracy", "brier"]))
        #expect(Set(some.map(\.metric)) == ["token-accuracy", "brier"] && some.count == 6)
        #expect(try MetricsEngine.compute(in: database, query: MetricsQuery(task: "nope")).isEmpty)
        #expect(try MetricsEngine.compute(in: database, query: MetricsQuery(family: "other")).isEmpty)
        // A row's interval does not depend on which other rows were requested.
        let all = try MetricsEngine.compute(in: database)
        for row in some { #expect(all.contains(row)) }
    }

    @Test func importedScoresBecomeRows() throws {
        let (database, _, dir) = try Self.storeWithSimulation()
        defer { try? FileManager.default.removeItem(at: dir) }
        try database.upsertScores([
            ScoreInput(model: "sim-10M", task: "arc", metric: "acc", value: 0.3, n: 100),
            ScoreInput(model: "sim-1B", task: "arc", metric: "acc", value: nil),
            ScoreInput(model: "sim-10M", task: "arc", metric: "bleu", value: 12.5, stderr: 0.7),
            ScoreInput(model: "sim-10M", task: "arc", metric: "f1", value: 0.4, classOverride: "threshold"),
        ])
        let rows = try MetricsEngine.compute(in: database, query: MetricsQuery(task: "arc"))
        #expect(rows.count == 3) // the missing value is left out, never zero
        let acc = try #require(rows.first { $0.metric == "acc" })
        #expect(acc.strategy == nil && acc.imported && acc.metricClass == .threshold && acc.range == 0...1)
        #expect(abs(acc.stderr! - (0.3 * 0.7 / 100).squareRoot()) < 1e-12)
        #expect(acc.ciLow == nil && acc.n == 100)
        let bleu = try #require(rows.first { $0.metric == "bleu" })
        #expect(bleu.metricClass == .perToken && bleu.stderr == 0.7 && bleu.range == nil)
        #expect(rows.first { $0.metric == "f1" }?.metricClass == .threshold)
        // Built-in rows come before imported ones within a task.
        let everything = try MetricsEngine.compute(in: database)
        #expect(everything.filter(\.imported).count == 3)
    }
}
