import EmergeTestSupport
import Foundation
import ResultsStore
import Testing
@testable import EmergenceMetrics

/// Seeds are one point: pooling in the store's metrics and on hand-made rows.
@Suite("Seeds pooled into one point")
struct SeedPoolingTests {
    /// One model's outputs on a 2-token answer task: example k is right when
    /// `right(k)` (exact match 1, both target tokens greedy), else wrong in
    /// its second token.
    static func records(model: String, params: Double, examples: Int = 120, right: (Int) -> Bool) -> [OutputRecord] {
        (0..<examples).map { k in
            let ok = right(k)
            let target = [TokenRecord(tokenID: 1, text: "1", logprob: -0.1, greedy: true, rank: 1),
                          TokenRecord(tokenID: 2, text: "2", logprob: ok ? -0.2 : -1.5, greedy: ok, rank: ok ? 1 : 2)]
            return OutputRecord(model: model, modelFacts: ModelFacts(family: "ladder", params: params, tokens: 1e6,
                                                                     trainingFlops: 6e6 * params),
                                task: "add", taskKind: .generation, strategy: "standard",
                                decoding: DecodingSettings(temperature: 0, samples: 1, seed: 0, maxTokens: 4, backend: "local"),
                                example: k, sample: 0, prompt: "1+1", target: "12", generated: ok ? "12" : "13",
                                extractedAnswer: ok ? "12" : "13", targetTokens: target)
        }
    }

    /// A store with one size trained with three seeds (their outputs from
    /// `right(seed, example)`) and one model without seeds.
    static func store(right: @escaping (Int, Int) -> Bool) throws -> (ResultsDatabase, URL) {
        let dir = try makeTemporaryDirectory("seed-pooling")
        let database = try ResultsDatabase(path: dir.appendingPathComponent("e.sqlite").path)
        for seed in 0..<3 {
            try database.importOutputs(records(model: "ladder-w32-s\(seed)", params: 3e4) { right(seed, $0) }, source: "test")
            _ = try database.upsertModel(ModelUpdate(name: "ladder-w32-s\(seed)", sizeGroup: "ladder-w32", seed: seed))
        }
        try database.importOutputs(records(model: "solo", params: 1e5) { $0 % 2 == 0 }, source: "test")
        return (database, dir)
    }

    @Test("seeds that agree: one point with the same value and an interval as wide as one seed's")
    func agreeingSeeds() throws {
        let (database, dir) = try Self.store { _, k in k % 3 != 0 }
        defer { try? FileManager.default.removeItem(at: dir) }
        let pooled = try MetricsEngine.compute(in: database, query: MetricsQuery(metrics: ["exact-match"]))
        let perSeed = try MetricsEngine.compute(in: database, query: MetricsQuery(metrics: ["exact-match"], poolSeeds: false))
        #expect(pooled.map(\.model) == ["ladder-w32", "solo"])
        #expect(perSeed.map(\.model) == ["ladder-w32-s0", "ladder-w32-s1", "ladder-w32-s2", "solo"])
        let size = pooled[0], one = perSeed[0]
        #expect(size.seed == nil && size.sizeGroup == "ladder-w32" && size.n == 120)
        #expect(size.seedValues.map(\.seed) == [0, 1, 2])
        #expect(size.seedValues.map(\.model) == ["ladder-w32-s0", "ladder-w32-s1", "ladder-w32-s2"])
        #expect(abs(size.value - one.value) < 1e-12)
        let width = size.ciHigh! - size.ciLow!, oneWidth = one.ciHigh! - one.ciLow!
        #expect(abs(width / oneWidth - 1) < 0.12, "pooled \(width) against one seed \(oneWidth)")
        // The model without seeds is the same row either way.
        #expect(pooled[1] == perSeed[3])
    }

    @Test("seeds that disagree: the mean over seeds, with an interval wider than any seed's")
    func disagreeingSeeds() throws {
        // Seed 0 gets 30% right, seed 1 60%, seed 2 90%.
        let (database, dir) = try Self.store { seed, k in k % 10 < 3 + 3 * seed }
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = try MetricsEngine.compute(in: database, query: MetricsQuery(metrics: ["exact-match", "token-accuracy"]))
        let em = try #require(rows.first { $0.model == "ladder-w32" && $0.metric == "exact-match" })
        #expect(abs(em.value - 0.6) < 1e-12)
        #expect(em.seedValues.map(\.value).map { ($0 * 10).rounded() / 10 } == [0.3, 0.6, 0.9])
        let widest = em.seedValues.map { $0.ciHigh! - $0.ciLow! }.max()!
        #expect(em.ciHigh! - em.ciLow! > 2 * widest)
        #expect(em.ciLow! < 0.45 && em.ciHigh! > 0.75)
        let ta = try #require(rows.first { $0.model == "ladder-w32" && $0.metric == "token-accuracy" })
        #expect(abs(ta.value - 0.8) < 1e-12)      // half a token wrong per wrong answer
        #expect(ta.trainingFlops == 6e6 * 3e4 && ta.params == 3e4)
    }

    @Test("verdict replicates: attached on request, coherent across metrics, deterministic, moved by their own seed")
    func replicates() throws {
        let (database, dir) = try Self.store { seed, k in (k + seed) % 4 != 0 }
        defer { try? FileManager.default.removeItem(at: dir) }
        let query = MetricsQuery(metrics: ["exact-match", "token-accuracy"])
        let plain = try MetricsEngine.compute(in: database, query: query)
        #expect(plain.allSatisfy { $0.replicates == nil })
        let a = try MetricsEngine.compute(in: database, query: query, bootstrap: BootstrapSettings(replicates: 64))
        let b = try MetricsEngine.compute(in: database, query: query, bootstrap: BootstrapSettings(replicates: 64))
        let c = try MetricsEngine.compute(in: database, query: query,
                                          bootstrap: BootstrapSettings(replicates: 64, replicateSeed: 1))
        #expect(a == b)
        #expect(a.map(\.replicates) != c.map(\.replicates))
        // The intervals do not move with the replicates.
        #expect(a.map(\.ciLow) == plain.map(\.ciLow) && c.map(\.ciHigh) == plain.map(\.ciHigh))
        for model in ["ladder-w32", "solo"] {
            let em = try #require(a.first { $0.model == model && $0.metric == "exact-match" }?.replicates)
            let ta = try #require(a.first { $0.model == model && $0.metric == "token-accuracy" }?.replicates)
            #expect(em.count == 64 && ta.count == 64)
            // Token accuracy is (1 + exact match) / 2 per example here: the
            // same drawn examples make it so in every replicate.
            for r in 0..<64 { #expect(abs(ta[r] - (1 + em[r]) / 2) < 1e-12, "\(model) replicate \(r)") }
            #expect(Set(em).count > 5)
        }
    }

    @Test("hand-made rows: seeds pooled from their standard errors, rows without seeds untouched")
    func handMadeRows() {
        func row(_ model: String, _ value: Double, seed: Int?, group: String?, metric: String = "acc") -> MetricRow {
            MetricRow(model: model, family: "f", task: "t", metric: metric, strategy: nil, value: value, ciLow: nil,
                      ciHigh: nil, stderr: 0.01, n: 500, metricClass: .threshold, higherIsBetter: true, range: 0...1,
                      params: 1e6, trainingFlops: 1e15, imported: true, sizeGroup: group, seed: seed)
        }
        let rows = [row("a-s1", 0.5, seed: 1, group: "a"), row("a-s0", 0.3, seed: 0, group: "a"),
                    row("b", 0.7, seed: nil, group: nil), row("a-s2", 0.4, seed: 2, group: "a")]
        let points = SeedPooling.points(from: rows)
        #expect(points.count == 2)
        let a = points[0]
        #expect(a.model == "a" && abs(a.value - 0.4) < 1e-12 && a.seedValues.map(\.seed) == [0, 1, 2])
        #expect(a.ciLow! < 0.33 && a.ciHigh! > 0.47)
        #expect(points[1] == rows[2])
        // Without seeds and without replicates asked for, nothing changes at all.
        let plain = [row("b", 0.7, seed: nil, group: nil), row("c", 0.2, seed: nil, group: nil)]
        #expect(SeedPooling.points(from: plain) == plain)
        // Replicates on rows that lack them, and a second pass keeps them.
        let once = SeedPooling.points(from: rows, settings: BootstrapSettings(replicates: 10))
        #expect(once.allSatisfy { $0.replicates?.count == 10 })
        #expect(SeedPooling.points(from: once, settings: BootstrapSettings(replicates: 10)) == once)
    }
}
