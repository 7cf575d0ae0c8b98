import Foundation
@testable import Reporting

/// Hand-made report data: a simulated Schaeffer-style family where exact
/// match is p^L (a cliff) while token accuracy p rises smoothly, plus a
/// second family with a missing value.
enum SampleReports {
    static let flops: [Double] = [1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21, 3e21, 1e22]

    static func tokenAccuracy(_ x: Double) -> Double { 1 - 0.6 * pow(x / 1e18, -0.12) }

    static func schaeffer(task: String = "addition-3", family: String = "sim", targetLength: Double = 6,
                          dropValueOf dropped: String? = nil, flopsScale: Double = 1) -> [CurveReport] {
        var em: [ReportPoint] = [], ta: [ReportPoint] = [], ll: [ReportPoint] = []
        for (i, x0) in flops.enumerated() {
            let x = x0 * flopsScale
            let p = tokenAccuracy(x0)
            let model = "\(family)-\(i + 1)"
            let e = pow(p, targetLength)
            let facts = ReportModel(name: model, trainingFlops: x)
            em.append(ReportPoint(model: facts, x: x, estimate: model == dropped ? nil
                                  : Estimate(value: e, low: max(0, e - 0.03), high: min(1, e + 0.03), stderr: 0.015, n: 400)))
            ta.append(ReportPoint(model: facts, x: x, estimate: Estimate(value: p, low: p - 0.01, high: p + 0.01,
                                                                         stderr: 0.005, n: 400)))
            ll.append(ReportPoint(model: facts, x: x, estimate: Estimate(value: log(p), low: log(p) - 0.02,
                                                                         high: log(p) + 0.02, n: 400)))
        }
        let samples = stride(from: 18.0, through: 22.0, by: 0.1).map { u -> (Double, Double) in (pow(10, u), u) }
        let emFit = FitSummary(
            law: "sigmoid-log",
            parameters: [FitParameter(name: "lo", value: 0.01, low: 0, high: 0.03),
                         FitParameter(name: "hi", value: 0.93, low: 0.9, high: 0.97),
                         FitParameter(name: "k", value: 2.1, low: 1.6, high: 2.7),
                         FitParameter(name: "m", value: 20.4, low: 20.2, high: 20.6)],
            r2: 0.991, aic: -41.2, bic: -40.4, residualError: 0.02, holdout: HoldoutSummary(k: 2, rmse: 0.031, rmsle: 0.05),
            samples: samples.map { CurveSample(x: $0.0 * flopsScale, y: 0.01 + 0.92 / (1 + exp(-2.1 * ($0.1 - 20.4)))) })
        let taFit = FitSummary(
            law: "power", parameters: [FitParameter(name: "c", value: 1, low: 0.98, high: 1.02),
                                       FitParameter(name: "a", value: 0.6), FitParameter(name: "b", value: 0.12)],
            r2: 0.999, aic: -80, bic: -79.1,
            samples: samples.map { CurveSample(x: $0.0 * flopsScale, y: tokenAccuracy($0.0)) })
        return [
            CurveReport(task: task, metric: "exact-match", family: family, strategy: "standard", metricClass: .threshold,
                        range: 0...1, points: em, fit: emFit,
                        emergence: EmergenceSummary(score: 4.2, surprise: 6.3, breakX: 1e20 * flopsScale, phaseTransition: true,
                                                    transitionX: 2.5e20 * flopsScale, transitionLow: 1.6e20 * flopsScale,
                                                    transitionHigh: 4e20 * flopsScale)),
            CurveReport(task: task, metric: "token-accuracy", family: family, strategy: "standard", metricClass: .perToken,
                        range: 0...1, points: ta, fit: taFit,
                        emergence: EmergenceSummary(score: 1.3, surprise: 1.1, breakX: 1e20 * flopsScale)),
            CurveReport(task: task, metric: "log-likelihood", family: family, strategy: "standard", metricClass: .perToken,
                        points: ll, emergence: EmergenceSummary(score: 1.2, surprise: 0.8)),
        ]
    }

    /// Two families on one task plus a one-model task.
    static func standard() -> ReportData {
        let a = schaeffer(family: "sim")
        let b = schaeffer(family: "tiny, \"quoted\" <family>", targetLength: 3, dropValueOf: "tiny, \"quoted\" <family>-4",
                          flopsScale: 0.3)
        let curves = (a + b).sorted { ($0.metric, $0.family) < ($1.metric, $1.family) }
        let task = TaskReport(name: "addition-3", kind: "generation", curves: curves, verdicts: [
            VerdictReport(family: "sim", strategy: "standard", verdict: .metricInduced,
                          reason: "exact-match jumps (surprise 6.3) but no per-token metric does.",
                          transitionX: 2.5e20, transitionLow: 1.6e20, transitionHigh: 4e20),
            VerdictReport(family: "tiny, \"quoted\" <family>", strategy: "standard", verdict: .metricInduced,
                          reason: "exact-match jumps but no per-token metric does."),
        ])
        let single = TaskReport(
            name: "lonely|task", kind: "multiple-choice",
            curves: [CurveReport(task: "lonely|task", metric: "multiple-choice-grade", family: "sim", metricClass: .threshold,
                                 range: 0...1, points: [ReportPoint(model: ReportModel(name: "sim-9"), x: 1e22,
                                                       estimate: Estimate(value: 0.4, low: 0.35, high: 0.45))])],
            verdicts: [VerdictReport(family: "sim", verdict: .insufficientData, reason: "only 1 model; a verdict needs at least 4.")],
            notes: ["Only one model has scores on this task."])
        return ReportData(title: "Sample report", tasks: [task, single])
    }
}
