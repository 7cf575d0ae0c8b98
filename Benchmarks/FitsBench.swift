import EmergeSupport
import EmergenceMetrics
import Foundation
import ResultsStore
import ScalingFits

/// Benchmarks of the fits (docs/performance.md): the Chinchilla Approach-3 fit (4,500 starts), the
/// BNSL grid fit on 4-digit addition, and `fit --law auto --bootstrap 200`
/// over every curve of a 100-model × 50-task × 4-metric store.
func runFitsBenchmarks() {
    print("== ScalingFits ==")
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }
    // 1. Chinchilla.
    do {
        let csv = try String(contentsOfFile: "data/chinchilla_svg_extracted.csv", encoding: .utf8)
        let data = try LossObservations(csv: csv, nColumn: "Model Size", lossColumn: "loss",
                                        flopsColumn: "Training FLOP", excludeTop: 5)
        var fit: ChinchillaFit?
        let t = try seconds { fit = try fitChinchilla(data) }
        let f = fit!
        print(String(format: "chinchilla approach 3, 4500 starts, %d points: %.2f s  (E=%.4f A=%.1f B=%.1f alpha=%.4f beta=%.4f; target < 5 s)",
                     f.n, t, f.E, f.A, f.B, f.alpha, f.beta))
    } catch {
        print("chinchilla benchmark skipped: \(error) (run from the repository root)")
    }
    // 2. BNSL on 4-digit addition (first 14 points), grid + LM.
    let x: [Double] = [160, 192, 256, 320, 384, 448, 480, 512, 544, 576, 608, 640, 672, 736]
    let y: [Double] = [2.13809046, 2.11813418, 2.08955508, 2.06988398, 2.05404987, 2.03837089, 2.02814281,
                       2.00496872, 1.95576149, 1.86313841, 1.70891537, 1.50637664, 1.29754721, 0.96559684]
    let repeats = 10
    let tb = seconds {
        for _ in 0..<repeats { _ = try? fitPoints(x: x, y: y, options: FitOptions(law: .bnsl, scale: .log1p)) }
    }
    print(String(format: "bnsl 1-break fit with grid (4-digit addition, 14 points): %.4f s per fit  (target < 0.2 s)", tb / Double(repeats)))
    // 3. A store of 100 models × 50 tasks × 4 metrics.
    do {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emerge-fits-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try makeBenchScoreStore(at: dir.appendingPathComponent("bench.sqlite").path)
        var curves: [Curve] = []
        let tLoad = try seconds {
            curves = buildCurves(from: try MetricsEngine.compute(in: database), xAxis: .flops)
        }
        var outcomes: [CurveFitOutcome] = []
        let tFit = seconds { outcomes = fitCurves(curves, options: FitOptions(law: nil, bootstrap: 200)) }
        var laws: [String: Int] = [:]
        for o in outcomes { laws[o.fit?.law.rawValue ?? "refused", default: 0] += 1 }
        print(String(format: "fit --law auto --bootstrap 200 over %d curves (100 models × 50 tasks × 4 metrics): %.2f s fitting + %.2f s reading the store = %.2f s  (target < 10 s); laws chosen %@",
                     curves.count, tFit, tLoad, tFit + tLoad, laws.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
    } catch {
        print("store benchmark failed: \(error)")
    }
}

/// The bench's store of imported scores: 100 models (1e7…1e11 parameters,
/// 20 tokens per parameter) × 50 tasks × 4 metrics (acc and exact_match
/// rising as sigmoids in log parameters with midpoints spread over the
/// tasks, brier_score and loss falling smoothly), seeded noise.
func makeBenchScoreStore(at path: String) throws -> ResultsDatabase {
    let database = try ResultsDatabase(path: path)
    var rng = SplitMix64(seed: 1)
    let models = (0..<100).map { i -> (String, Double) in ("bench-\(i)", pow(10, 7 + 4 * Double(i) / 99)) }
    for (name, n) in models {
        _ = try database.upsertModel(ModelUpdate(name: name, family: "bench", params: n, tokens: 20 * n))
    }
    var scores: [ScoreInput] = []
    for task in 0..<50 {
        let mid = 8 + 2.5 * Double(task) / 49
        for (name, n) in models {
            let u = log10(n)
            func noise() -> Double { Double.random(in: -0.01...0.01, using: &rng) }
            let acc = min(max(0.1 + 0.8 / (1 + exp(-4 * (u - mid))) + noise(), 0), 1)
            scores.append(ScoreInput(model: name, task: "task-\(task)", metric: "acc", value: acc, n: 1000))
            scores.append(ScoreInput(model: name, task: "task-\(task)", metric: "exact_match", value: pow(acc, 3), n: 1000))
            scores.append(ScoreInput(model: name, task: "task-\(task)", metric: "brier_score", value: (1 - acc) * (1 - acc) + noise()))
            scores.append(ScoreInput(model: name, task: "task-\(task)", metric: "loss", value: 1.7 + 30 * pow(n, -0.2) + noise()))
        }
    }
    _ = try database.upsertScores(scores, source: "bench")
    return database
}
