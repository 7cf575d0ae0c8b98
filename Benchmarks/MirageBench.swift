import EmergenceMetrics
import Foundation
import ResultsStore
import ScalingFits

/// Benchmark of the verdict's resampling (docs/verdict.md): `mirage --bootstrap 200` — metric rows with 200
/// verdict replicates per point, emergence analyses (transition intervals
/// with 200 replicates) and the verdict recomputed on 200 resamples — over
/// the fits bench's store (100 models × 50 tasks × 4 imported metrics), and
/// the same analysis over the report bench's rows (target < 20 s).
func runMirageBenchmarks() {
    print("== Mirage verdict with shares ==")
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }
    func summary(_ groups: [MirageGroup]) -> String {
        var verdicts: [String: Int] = [:]
        for g in groups { verdicts[g.verdict.rawValue, default: 0] += 1 }
        let uncertain = groups.filter(\.uncertain).count
        return verdicts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            + ", \(uncertain) uncertain"
    }
    let resamples = 200
    do {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emerge-mirage-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try makeBenchScoreStore(at: dir.appendingPathComponent("bench.sqlite").path)
        var curves: [Curve] = []
        var analyses: [CurveEmergence] = []
        var groups: [MirageGroup] = []
        let tLoad = try seconds {
            let rows = try MetricsEngine.compute(in: database, bootstrap: BootstrapSettings(replicates: resamples))
            curves = Along.defaultScale.curves(from: rows, xAxis: .flops).curves
        }
        let tAnalyse = seconds { analyses = analyzeCurves(curves, bootstrap: resamples) }
        let tShares = seconds { groups = mirageGroups(analyses, resamples: resamples) }
        let total = tLoad + tAnalyse + tShares
        print(String(format: "mirage --bootstrap %d over the fits store (%d curves, %d groups): reading + replicates %.2f s, "
                     + "emergence %.2f s, verdict shares %.2f s = %.2f s  (target < 20 s) %@; %@",
                     resamples, curves.count, groups.count, tLoad, tAnalyse, tShares, total, total < 20 ? "OK" : "SLOW",
                     summary(groups)))
    } catch {
        print("mirage benchmark failed: \(error)")
    }
    // The report bench's rows (simulated family, standard errors 0.005).
    let rows = reportBenchRows()
    var curves: [Curve] = []
    var analyses: [CurveEmergence] = []
    var groups: [MirageGroup] = []
    let tPoints = seconds {
        curves = buildCurves(from: SeedPooling.points(from: rows, settings: BootstrapSettings(replicates: resamples)))
    }
    let tAnalyse = seconds { analyses = analyzeCurves(curves, bootstrap: resamples) }
    let tShares = seconds { groups = mirageGroups(analyses, resamples: resamples) }
    let total = tPoints + tAnalyse + tShares
    print(String(format: "mirage --bootstrap %d over the report bench's rows (%d curves, %d groups): replicates %.2f s, "
                 + "emergence %.2f s, verdict shares %.2f s = %.2f s  (target < 20 s) %@; %@",
                 resamples, curves.count, groups.count, tPoints, tAnalyse, tShares, total, total < 20 ? "OK" : "SLOW",
                 summary(groups)))
}
