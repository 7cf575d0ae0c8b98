import EmergeSupport
import Foundation
import ScalingFits

/// The backtest benchmark (docs/predict.md): 100 curves × 3 methods × 3
/// held-out sizes with 200-replicate intervals. Ten families of ten models
/// (1e18…1e23 FLOPs) on ten tasks whose accuracies rise with one latent
/// capability, each task with a log-likelihood beside its accuracy, so
/// every method has what it needs.
func runPredictBenchmarks() {
    print("== Prediction ==")
    var curves: [Curve] = []
    var rng = SplitMix64(seed: 7)
    func noise() -> Double { Double(rng.next() >> 11) / Double(1 << 53) - 0.5 }
    for f in 0..<10 {
        let offset = 0.4 * (Double(f) - 4.5) / 4.5
        for task in 0..<10 {
            let difficulty = 20 + 0.25 * Double(task)
            var acc: [CurvePoint] = [], ll: [CurvePoint] = []
            for i in 0..<10 {
                let u = 18 + 0.55 * Double(i), x = pow(10, u)
                let logLikelihood = -2.5 * pow(10, -0.3 * (u + offset - 18))
                let y = 0.02 + 0.95 / (1 + Foundation.exp(-2 * (u + offset - difficulty))) + 0.01 * noise()
                acc.append(CurvePoint(model: "fam\(f)-\(i)", x: x, y: min(max(y, 0), 1), stderr: 0.01))
                ll.append(CurvePoint(model: "fam\(f)-\(i)", x: x, y: logLikelihood * (1 + 0.01 * noise())))
            }
            curves.append(Curve(task: "task\(task)", metric: "acc", family: "fam\(f)", metricClass: .threshold,
                                range: 0...1, points: acc))
            curves.append(Curve(task: "task\(task)", metric: "log-likelihood", family: "fam\(f)", metricClass: .perToken,
                                points: ll))
        }
    }
    let targets = curves.filter { $0.metric == "acc" }
    let t0 = DispatchTime.now().uptimeNanoseconds
    let cases = backtest(targets, context: PredictionContext(curves: curves), maxHoldout: 3,
                         options: PredictionOptions(bootstrap: 200))
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    let summary = BacktestSummary(cases)
    let scores = summary.overall.map { s in
        String(format: "%@ mae=%.3f coverage=%.2f", s.method.rawValue, s.meanAbsoluteError ?? .nan, s.coverage ?? .nan)
    }.joined(separator: ", ")
    print(String(format: "predict --backtest, %d curves × 3 methods × 3 held-out sizes (%d forecasts, %d refused), 200 replicates: %.2f s  (target < 10 s); %@",
                 targets.count, cases.count, cases.filter { $0.prediction == nil }.count, seconds, scores))
}
