import EmergeTestSupport
import EmergenceMetrics
import Foundation
import ResultsStore
import Testing
@testable import ScalingFits

/// The verdict's own uncertainty: shares over resamples of the data (docs/verdict.md).
@Suite("Verdict shares")
struct VerdictSharesTests {
    /// Eight models: exact match on its floor, then rising at m5; token
    /// accuracy linear in log FLOPs plus `jump` from m5 on.
    static func rows(jump: Double) -> [MetricRow] {
        let em = [0.02, 0.02, 0.03, 0.02, 0.03, 0.25, 0.6, 0.85]
        let ta = (0..<8).map { 0.6 + 0.02 * Double($0) + ($0 >= 5 ? jump : 0) }
        return InsufficientDataTests.rows([("exact-match", .threshold, true, 0...1, em, 0.02),
                                           ("token-accuracy", .perToken, true, 0...1, ta, 0.015)])
    }

    static func group(_ rows: [MetricRow], resamples: Int = 200, seed: UInt64 = 0) throws -> MirageGroup {
        let points = SeedPooling.points(from: rows, settings: BootstrapSettings(replicates: resamples, replicateSeed: seed))
        let groups = mirageGroups(analyzeCurves(buildCurves(from: points), bootstrap: 0), resamples: resamples, workers: 2)
        return try #require(groups.first)
    }

    @Test("the simulated Schaeffer family stays metric-induced in at least 80% of the resamples")
    func schaefferFamily() throws {
        let dir = try makeTemporaryDirectory("verdict-shares")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try ResultsDatabase(path: dir.appendingPathComponent("e.sqlite").path)
        _ = try database.importOutputs(SchaefferSimulator(models: 10, targetTokens: 10, examples: 200, seed: 1).records(),
                                       source: "simulator")
        let rows = try MetricsEngine.compute(in: database, bootstrap: BootstrapSettings(replicates: 200))
        #expect(rows.allSatisfy { $0.replicates?.count == 200 })
        let groups = mirageGroups(analyzeCurves(buildCurves(from: rows), bootstrap: 20, seed: 1), resamples: 200, workers: 2)
        let g = try #require(groups.first)
        #expect(g.verdict == .metricInduced)
        let shares = try #require(g.shares)
        #expect(shares.resamples == 200)
        #expect(shares.share(of: .metricInduced) >= 0.8, "shares \(shares.shares)")
        #expect(!g.uncertain)
        #expect(abs(shares.shares.values.reduce(0, +) - 1) < 1e-12)
        // Every metric's surprise has an interval around its own value's order of magnitude.
        let em = try #require(g.metrics.first { $0.curve.metric == "exact-match" })
        let interval = try #require(em.surpriseInterval)
        #expect(interval.lowerBound >= 3 && interval.lowerBound <= interval.upperBound)
    }

    @Test("shares sum to 1 and are fixed by the seed")
    func sumAndDeterminism() throws {
        for jump in [0.0, 0.1, 0.2] {
            let a = try Self.group(Self.rows(jump: jump), seed: 3)
            let b = try Self.group(Self.rows(jump: jump), seed: 3)
            let shares = try #require(a.shares)
            #expect(abs(shares.shares.values.reduce(0, +) - 1) < 1e-12)
            #expect(shares.shares.values.allSatisfy { $0 > 0 && $0 <= 1 })
            #expect(a.shares == b.shares)
            #expect(a.metrics.map(\.surpriseInterval) == b.metrics.map(\.surpriseInterval))
            let other = try Self.group(Self.rows(jump: jump), seed: 4)
            #expect(abs((other.shares?.shares.values.reduce(0, +) ?? 0) - 1) < 1e-12)
        }
    }

    @Test("making the per-token metric jump moves the shares toward persists")
    func flipTowardPersists() throws {
        var persists: [Double] = []
        var sawUncertain = false
        for step in 0...10 {
            let g = try Self.group(Self.rows(jump: 0.02 * Double(step)))
            persists.append(g.shares?.share(of: .persists) ?? -1)
            sawUncertain = sawUncertain || g.uncertain
            if step == 0 { #expect(g.verdict == .metricInduced && g.shares!.share(of: .metricInduced) >= 0.8) }
            if step == 10 { #expect(g.verdict == .persists && g.shares!.share(of: .persists) >= 0.8) }
        }
        #expect(persists.first! <= 0.2 && persists.last! >= 0.8, "\(persists)")
        // Monotone up to resampling noise.
        for i in 1..<persists.count { #expect(persists[i] >= persists[i - 1] - 0.1, "\(persists)") }
        #expect(sawUncertain, "some jump size should split the resamples: \(persists)")
    }

    @Test("resampling a curve equal to the data reproduces the point flags")
    func replicateEqualToTheDataAgrees() throws {
        // Replicates that equal the point values: every resample is the data itself.
        var rows = Self.rows(jump: 0.15)
        for i in rows.indices { rows[i].replicates = Array(repeating: rows[i].value, count: 30) }
        let groups = mirageGroups(analyzeCurves(buildCurves(from: rows), bootstrap: 0), resamples: 30, workers: 1)
        let g = try #require(groups.first)
        #expect(g.shares?.share(of: g.verdict) == 1)
        for m in g.metrics {
            #expect(m.surpriseInterval == m.surprise.value...m.surprise.value)
        }
    }

    @Test("VerdictShares ranks verdicts and ignores empty counts")
    func sharesType() {
        let s = VerdictShares(resamples: 10, counts: [.persists: 3, .metricInduced: 7, .noEmergence: 0])
        #expect(s.shares == [.metricInduced: 0.7, .persists: 0.3])
        #expect(s.ranked.map(\.verdict) == [.metricInduced, .persists])
        #expect(s.share(of: .insufficientData) == 0)
    }
}
