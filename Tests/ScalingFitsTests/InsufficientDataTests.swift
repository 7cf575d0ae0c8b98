import EmergeSupport
import EmergeTestSupport
import EmergenceMetrics
import Foundation
import ResultsStore
import Testing
@testable import ScalingFits

/// Insufficient data is said, never hidden (docs/verdict.md).
@Suite("Verdict: insufficient data")
struct InsufficientDataTests {
    /// Hand-made rows of one task and family: `values[metric]` over models m0…m(n−1)
    /// at 10^(18 + i) FLOPs, each with `stderr`.
    static func rows(_ values: [(metric: String, cls: MetricClass, higher: Bool, range: ClosedRange<Double>?, y: [Double], se: Double)],
                     task: String = "t") -> [MetricRow] {
        rows(values.map { ($0.metric, $0.cls, $0.higher, $0.range, $0.y, Array(repeating: $0.se, count: $0.y.count)) }, task: task)
    }

    /// Rows with a standard error per model.
    static func rows(_ values: [(metric: String, cls: MetricClass, higher: Bool, range: ClosedRange<Double>?, y: [Double], se: [Double])],
                     task: String = "t") -> [MetricRow] {
        values.flatMap { m in
            m.y.enumerated().map { i, y in
                MetricRow(model: "m\(i)", family: "fam", task: task, metric: m.metric, strategy: nil, value: y, ciLow: nil,
                          ciHigh: nil, stderr: m.se[i], n: 500, metricClass: m.cls, higherIsBetter: m.higher, range: m.range,
                          trainingFlops: pow(10, 18 + Double(i)), imported: true)
            }
        }
    }

    static func groups(_ rows: [MetricRow], resamples: Int = 200) -> [MirageGroup] {
        let points = SeedPooling.points(from: rows, settings: BootstrapSettings(replicates: resamples))
        return mirageGroups(analyzeCurves(buildCurves(from: points), bootstrap: 0), resamples: resamples, workers: 2)
    }

    /// The committed CoT report's standard prompting on add2 (five rungs),
    /// imported as a tidy scores CSV: exact match jumps 0.085 → 0.89 at the
    /// third rung, where the surprise rule has only two models before it.
    @Test("the CoT add2 curve is insufficient data, never no-emergence, and says what would resolve it")
    func cotAdd2() throws {
        let dir = try makeTemporaryDirectory("verdict-cot")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try ResultsDatabase(path: dir.appendingPathComponent("e.sqlite").path)
        let rungs = ["w016-d1": 196976044800.0, "w032-d2": 1026226761984.0, "w048-d2": 2019318491520.0,
                     "w064-d3": 4916930697216.0, "w096-d3": 10255266137088.0]
        for (rung, flops) in rungs {
            _ = try database.upsertModel(ModelUpdate(name: "ladder-add2-\(rung)", family: "ladder-add2", trainingFlops: flops))
        }
        let names = rungs.keys.sorted().map { "ladder-add2-\($0)" }
        let em = [0.02, 0.085, 0.89, 0.975, 1.0], emSE = [0.0097, 0.0202, 0.0227, 0.0107, 0.0]
        let ta = [0.58875, 0.73375, 0.9725, 0.99375, 1.0], taSE = [0.0088, 0.0083, 0.0057, 0.0027, 0.0]
        let ll = [-1.0477, -0.7190, -0.1121, -0.0588, -0.0019], llSE = [0.0079, 0.0075, 0.0062, 0.0053, 0.0001]
        var csv = "model,task,metric,value,stderr,n\n"
        for i in 0..<5 {
            csv += "\(names[i]),add2,exact-match,\(em[i]),\(emSE[i]),200\n"
            csv += "\(names[i]),add2,token-accuracy,\(ta[i]),\(taSE[i]),200\n"
            csv += "\(names[i]),add2,log-likelihood,\(ll[i]),\(llSE[i]),200\n"
        }
        let file = dir.appendingPathComponent("cot.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        _ = try database.importScoresCSV(atPath: file.path, options: ScoresCSVOptions())

        let rows = try MetricsEngine.compute(in: database, bootstrap: BootstrapSettings(replicates: 200))
        let curves = buildCurves(from: rows)
        #expect(curves.map(\.metric).sorted() == ["exact-match", "log-likelihood", "token-accuracy"])
        let groups = mirageGroups(analyzeCurves(curves, bootstrap: 20), resamples: 200, workers: 2)
        let g = try #require(groups.first)
        #expect(g.verdict == .insufficientData)
        let shares = try #require(g.shares)
        #expect(shares.share(of: .noEmergence) == 0)
        #expect(shares.share(of: .insufficientData) == 1)
        guard case .untestedRise(let rise) = g.finding else { Issue.record("finding \(g.finding)"); return }
        #expect(rise.metric == "exact-match" && rise.fromModel == names[1] && rise.toModel == names[2])
        #expect(rise.modelsBefore == 2 && rise.modelsNeeded == 3)
        let reason = try #require(g.reason)
        #expect(reason.contains("rises by 0.805 (0.085 → 0.89) between \(names[1]) and \(names[2])"))
        #expect(reason.contains("add 1 model between \(names[1]) and \(names[2]), or 1 smaller model."))
    }

    @Test("a flagged accuracy curve with no continuous metric is insufficient data, never metric-induced")
    func noContinuousMetric() throws {
        let acc = [0.25, 0.25, 0.26, 0.25, 0.25, 0.45, 0.7, 0.85]
        let groups = Self.groups(Self.rows([("acc", .threshold, true, 0...1, acc, 0.01),
                                            ("acc_norm", .threshold, true, 0...1, acc.map { $0 + 0.02 }, 0.01)]))
        let g = try #require(groups.first)
        #expect(g.metrics.contains { $0.phaseTransition })
        #expect(g.verdict == .insufficientData)
        guard case .noContinuousMetric(let metric, _) = g.finding else { Issue.record("finding \(g.finding)"); return }
        #expect(metric == "acc" || metric == "acc_norm")
        #expect(g.reason?.contains("no continuous metric") == true)
        #expect(g.shares?.share(of: .metricInduced) == 0)
        // The same jump beside a smooth per-token metric is metric-induced.
        let ll = (0..<8).map { -2.0 + 0.2 * Double($0) }
        let withLL = Self.groups(Self.rows([("acc", .threshold, true, 0...1, acc, 0.01),
                                            ("log-likelihood", .perToken, true, nil, ll, 0.01)]))
        #expect(withLL.first?.verdict == .metricInduced)
        #expect(withLL.first?.reason == nil)
    }

    @Test("a flagged jump that no per-token metric can test is insufficient data")
    func perTokenMetricTooShort() throws {
        let acc = [0.25, 0.25, 0.26, 0.25, 0.25, 0.45, 0.7, 0.85]
        var rows = Self.rows([("acc", .threshold, true, 0...1, acc, 0.01)])
        // A per-token score only for the three largest models.
        rows += Self.rows([("log-likelihood", .perToken, true, nil, (0..<8).map { -2.0 + 0.2 * Double($0) }, 0.01)])
            .filter { ["m5", "m6", "m7"].contains($0.model) }
        let g = try #require(Self.groups(rows, resamples: 0).first)
        guard case .continuousMetricUntested(let metric, let breakModel, _) = g.finding else {
            Issue.record("finding \(g.finding)"); return
        }
        #expect(metric == "acc" && breakModel == "m5")
        #expect(g.verdict == .insufficientData && g.reason?.contains("before m5") == true)
        #expect(g.shares == nil && !g.uncertain)
    }

    @Test("too few models, and a smooth curve whose every rise was tested")
    func fewModelsAndTestedRises() throws {
        let three = Self.groups(Self.rows([("acc", .threshold, true, 0...1, [0.1, 0.2, 0.3], 0.01),
                                           ("log-likelihood", .perToken, true, nil, [-2, -1.8, -1.6], 0.01)]))
        #expect(three.first?.finding == .tooFewModels(count: 3))
        #expect(three.first?.reason == "Only 3 models have results and a verdict needs at least 4: add models.")
        let none = mirageFinding([analyzeEmergence(Curve(metricClass: .threshold, points: []), bootstrap: 0)])
        #expect(none == .tooFewModels(count: 0) && none.reason?.hasPrefix("No model has both a value and a known x") == true)
        // Eight models rising 0.05 per decade: no rise reaches 10% of the range untested.
        let smooth = Self.groups(Self.rows([("acc", .threshold, true, 0...1, (0..<8).map { 0.3 + 0.05 * Double($0) }, 0.01),
                                            ("log-likelihood", .perToken, true, nil, (0..<8).map { -2 + 0.2 * Double($0) }, 0.01)]))
        #expect(smooth.first?.verdict == .noEmergence && smooth.first?.reason == nil)
        // A large rise from the second model on: the first large rise is untested.
        let early = Self.groups(Self.rows([("acc", .threshold, true, 0...1, [0.1, 0.5, 0.55, 0.6, 0.62, 0.65, 0.66, 0.7], 0.01),
                                           ("log-likelihood", .perToken, true, nil, (0..<8).map { -2 + 0.2 * Double($0) }, 0.01)]))
        #expect(early.first?.verdict == .insufficientData)
        #expect(early.first?.reason?.contains("between m0 and m1, but only 1 model comes before m1") == true)
        #expect(early.first?.reason?.contains("add 2 models between m0 and m1, or 2 smaller models.") == true)
        // Every large rise must be tested, not only the largest: here the
        // largest (0.13, into m3 and later) is tested, the early 0.12 is not.
        let twoRises = Self.groups(Self.rows([("acc", .threshold, true, 0...1, [0.1, 0.22, 0.32, 0.45, 0.58, 0.71, 0.84, 0.97], 0.01),
                                              ("log-likelihood", .perToken, true, nil, (0..<8).map { -2 + 0.2 * Double($0) }, 0.01)]),
                                   resamples: 0)
        #expect(twoRises.first?.metrics.contains { $0.phaseTransition } == false)
        #expect(twoRises.first?.verdict == .insufficientData)
        #expect(twoRises.first?.reason?.hasPrefix("acc rises by 0.12 (0.1 → 0.22) between m0 and m1") == true)
        // An early rise of 0.12 inside the noise of its two values (3 standard
        // errors of the difference: 3·sqrt(2)·0.05 = 0.21 > 0.12) that the
        // curve gives back (m2 returns to within 0.1 of m0) is a wander, no change to test.
        let wander = Self.groups(Self.rows([("acc", .threshold, true, 0...1, [0.25, 0.37, 0.27, 0.3, 0.26, 0.31, 0.28, 0.3], 0.05),
                                            ("log-likelihood", .perToken, true, nil, (0..<8).map { -2 + 0.2 * Double($0) }, 0.01)]),
                                 resamples: 0)
        #expect(wander.first?.verdict == .noEmergence)
        // The same noise on a rise that lasts: still a change the rule did not test.
        let noisy = Self.groups(Self.rows([("acc", .threshold, true, 0...1, [0.1, 0.22, 0.32, 0.45, 0.58, 0.71, 0.84, 0.97], 0.05),
                                           ("log-likelihood", .perToken, true, nil, (0..<8).map { -2 + 0.2 * Double($0) }, 0.01)]),
                                resamples: 0)
        #expect(noisy.first?.verdict == .insufficientData)
        #expect(noisy.first?.reason?.hasPrefix("acc rises by 0.12 (0.1 → 0.22) between m0 and m1") == true)
        // Two seeds per size that disagree (the demo's ladder): a 0.45 jump into
        // the third model whose noise (0.28) hides it, kept by the fourth.
        let seeds = Self.groups(Self.rows([("exact-match", .threshold, true, 0...1, [0.013, 0.012, 0.46, 0.55], [0.004, 0.003, 0.28, 0.31]),
                                           ("log-likelihood", .perToken, true, nil, [-1.0, -0.95, -0.6, -0.5], [0.05, 0.05, 0.05, 0.05])]),
                                resamples: 0)
        #expect(seeds.first?.verdict == .insufficientData)
        #expect(seeds.first?.reason?.contains("between m1 and m2, but only 2 models come before m2") == true)
        // A lower-is-better threshold metric says "falls".
        let error = Self.groups(Self.rows([("error_rate", .threshold, false, 0...1, [0.9, 0.9, 0.2, 0.15, 0.1], 0.01),
                                           ("log-likelihood", .perToken, true, nil, [-2, -1.8, -1.6, -1.4, -1.2], 0.01)]),
                                resamples: 0)
        #expect(error.first?.reason?.hasPrefix("error_rate falls by 0.7 (0.9 → 0.2) between m1 and m2") == true)
    }

    /// Logistic curves in log10 FLOPs, y = 0.05 + 0.9 / (1 + exp(−k(u − m))),
    /// sampled at 5 models one decade apart (u = 18…22) across their
    /// transition: midpoint in the middle decade (m ∈ [19.5, 20.5]), slope
    /// k ∈ [0.5, 2] per decade. Without noise none may be flagged; with
    /// uniform noise of ±0.02 at a standard error of 0.02, at most 5% (1–3%
    /// measured: a trend through three points has one residual degree of
    /// freedom, so its residual error is sometimes tiny by chance). A
    /// logistic whose lower bend lies on the first three models is a floor
    /// followed by a rise, which the rule flags by design (docs/verdict.md).
    @Test("a smooth logistic-in-log-FLOPs curve sampled at 5 models is not flagged")
    func smoothLogisticAtFiveModels() {
        var rng = SplitMix64(seed: 99)
        var flagged = 0, flaggedClean = 0
        let trials = 300
        let u = (0..<5).map { 18 + Double($0) }
        for _ in 0..<trials {
            let k = Double.random(in: 0.5...2, using: &rng), m = Double.random(in: 19.5...20.5, using: &rng)
            let clean = u.map { 0.05 + 0.9 / (1 + exp(-k * ($0 - m))) }
            let noisy = clean.map { min(max($0 + Double.random(in: -0.02...0.02, using: &rng), 0), 1) }
            for (y, isClean) in [(clean, true), (noisy, false)] {
                let curve = Curve(x: u.map { pow(10, $0) }, y: y, stderr: Array(repeating: 0.02, count: 5),
                                  metricClass: .threshold, range: 0...1)
                if analyzeEmergence(curve, bootstrap: 0).phaseTransition {
                    if isClean { flaggedClean += 1 } else { flagged += 1 }
                }
            }
        }
        #expect(flaggedClean == 0, "\(flaggedClean) of \(trials) noise-free smooth curves flagged")
        #expect(Double(flagged) / Double(trials) <= 0.05, "\(flagged) of \(trials) noisy smooth curves flagged")
    }
}
