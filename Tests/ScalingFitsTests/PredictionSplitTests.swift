import Foundation
import Testing
@testable import ScalingFits

/// Splits, backtest bookkeeping, leakage and refusals, on a store-like set
/// of curves: three families of eight models, five tasks driven by one
/// latent capability, and a log-likelihood beside the target's accuracy.
@Suite("Prediction: splits, backtest and refusals")
struct PredictionSplitTests {
    static let families = ["alpha": 0.0, "beta": 0.3, "gamma": -0.3]

    /// Accuracy on task j of a model at log10 x = u in family f: a sigmoid
    /// of the family's capability (u + offset) past the task's difficulty.
    static func accuracy(_ u: Double, family: Double, task: Int) -> Double {
        let capability = u + family
        return 0.05 + 0.9 / (1 + Foundation.exp(-1.3 * (capability - 21 - 0.4 * Double(task))))
    }

    static func curves(perturbAbove: Double? = nil) -> [Curve] {
        var out: [Curve] = []
        for (family, offset) in families.sorted(by: { $0.key < $1.key }) {
            for task in 0..<5 {
                let points = (0..<8).map { i -> CurvePoint in
                    let u = 18 + Double(i), x = pow(10, u)
                    var y = accuracy(u, family: offset, task: task) + 0.004 * sin(Double(7 * i + task))
                    if let cut = perturbAbove, x > cut { y = 1 - y }
                    return CurvePoint(model: "\(family)-\(i)", x: x, y: y, stderr: 0.01)
                }
                out.append(Curve(task: "t\(task)", metric: "acc", family: family, metricClass: .threshold, range: 0...1,
                                 points: points))
            }
            let ll = (0..<8).map { i -> CurvePoint in
                let u = 18 + Double(i), x = pow(10, u)
                var y = -3 * pow(10, -0.25 * (u - 18 + offset))
                if let cut = perturbAbove, x > cut { y *= 3 }
                return CurvePoint(model: "\(family)-\(i)", x: x, y: y)
            }
            out.append(Curve(task: "t0", metric: "log-likelihood", family: family, metricClass: .perToken, points: ll))
        }
        return out
    }

    static func target(_ curves: [Curve], family: String = "alpha") -> Curve {
        curves.first { $0.task == "t0" && $0.metric == "acc" && $0.family == family }!
    }

    @Test("each backtest split fits only the models below it and predicts exactly the ones above")
    func backtestBookkeeping() throws {
        let curves = Self.curves()
        let cases = backtest([Self.target(curves)], context: PredictionContext(curves: curves), maxHoldout: 3,
                             options: PredictionOptions(bootstrap: 30))
        #expect(cases.count == 9)   // 3 holdouts × 3 methods
        let xs = Self.target(curves).xs
        for c in cases {
            let p = try #require(c.prediction, "\(c.method) holdout \(c.holdout): \(c.result)")
            #expect(p.cutoff == xs[xs.count - c.holdout - 1])
            #expect(p.points.map(\.model) == (8 - c.holdout..<8).map { "alpha-\($0)" })
            #expect(p.trainingCount == 8 - c.holdout)
        }
        let summary = BacktestSummary(cases)
        #expect(summary.perTask.count == 3 && summary.overall.count == 3)
        #expect(summary.overall.allSatisfy { $0.forecasts == 3 && $0.points == 6 })
        #expect(summary.overallWinner != nil)
    }

    @Test("the values above the cutoff never reach a fit: changing them changes no forecast")
    func noLeakageThroughValues() throws {
        let clean = Self.curves()
        let cut = pow(10, 23.0)
        let perturbed = Self.curves(perturbAbove: cut)
        for method in [PredictionMethod.direct, .viaContinuous] {
            let a = try PredictionContext(curves: clean).predict(Self.target(clean), method: method, split: .cutoff(cut))
            let b = try PredictionContext(curves: perturbed).predict(Self.target(perturbed), method: method, split: .cutoff(cut))
            #expect(a.points.map(\.predicted) == b.points.map(\.predicted), "\(method)")
            #expect(a.points.map(\.low) == b.points.map(\.low) && a.transition.x == b.transition.x, "\(method)")
            #expect(a.points.map(\.observed) != b.points.map(\.observed))
        }
    }

    @Test("the principal components use only the models at or below the cutoff")
    func componentsUseOnlySmallerModels() throws {
        let cut = pow(10, 22.0)
        let clean = Self.curves()
        let perturbed = Self.curves(perturbAbove: cut)
        let a = try PredictionContext(curves: clean).predict(Self.target(clean), method: .observational, split: .cutoff(cut))
        let b = try PredictionContext(curves: perturbed).predict(Self.target(perturbed), method: .observational, split: .cutoff(cut))
        let model = try #require(a.capability)
        #expect(model.tasks == ["t1", "t2", "t3", "t4"])
        // Every family's models up to 1e22: 5 sizes × 3 families.
        #expect(model.trainingModels.count == 15)
        #expect(model.trainingModels.allSatisfy { Int($0.split(separator: "-")[1])! <= 4 })
        #expect(model.components == b.capability?.components && model.link == b.capability?.link)
        // The larger models' own cheap benchmarks do move their forecasts.
        #expect(a.points.map(\.predicted) != b.points.map(\.predicted))
        // And with the truth of this data, the forecasts are close.
        for p in a.points { #expect(abs(p.predicted - p.observed!) < 0.1, "\(p.model): \(p.predicted) vs \(p.observed!)") }
    }

    @Test("too few models, no continuous companion and a cutoff above every model are refused in a sentence")
    func refusals() throws {
        let curves = Self.curves()
        let target = Self.target(curves)
        let context = PredictionContext(curves: curves)
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return (error as? PredictionError)?.description ?? "\(error)" }
        }
        let few = message { _ = try context.predict(target, method: .direct, split: .holdout(6)) }
        #expect(few.contains("only 2 models at or below the cutoff") && few.contains("needs at least 3"), "\(few)")
        let above = message { _ = try context.predict(target, method: .direct, split: .cutoff(1e30)) }
        #expect(above.contains("at or above every model") && above.contains("nothing to predict"), "\(above)")
        let all = message { _ = try context.predict(target, method: .direct, split: .holdout(8)) }
        #expect(all.contains("leaves none to fit on"), "\(all)")
        let t1 = curves.first { $0.task == "t1" && $0.family == "alpha" }!
        let lonely = message { _ = try context.predict(t1, method: .viaContinuous, split: .holdout(2)) }
        #expect(lonely.contains("t1 / acc / alpha") && lonely.contains("only threshold metrics"), "\(lonely)")
        let missing = message {
            _ = try context.predict(target, method: .viaContinuous, split: .holdout(2), options: PredictionOptions(via: "brier"))
        }
        #expect(missing.contains("no continuous metric brier") && missing.contains("log-likelihood"), "\(missing)")
    }

    @Test("the transition forecast says when the curve will not cross before --until")
    func transitionNotBeforeUntil() throws {
        // A straight rise of 0.01 per decade from 0.1: ½ is 40 decades away.
        let points = (0..<6).map { CurvePoint(model: "m\($0)", x: pow(10, 18 + Double($0)), y: 0.1 + 0.01 * Double($0)) }
        let curve = Curve(task: "t", metric: "acc", family: "f", metricClass: .threshold, range: 0...1, points: points)
        let p = try predictDirect(curve, split: .holdout(2), options: PredictionOptions(bootstrap: 20, until: 1e26))
        #expect(p.transition.status == .notBefore && p.transition.x == nil && p.transition.until == 1e26)
        #expect(p.transition.observedX == nil)
        let reached = try predictDirect(curve, split: .holdout(2), options: PredictionOptions(bootstrap: 20, level: 0.14))
        #expect(reached.transition.status == .crosses)
        #expect(abs(Foundation.log10(reached.transition.x!) - 22) < 0.05)
        #expect(abs(Foundation.log10(reached.transition.observedX!) - 22) < 1e-9)
    }
}
