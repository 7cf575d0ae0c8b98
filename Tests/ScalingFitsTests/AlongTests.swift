import EmergenceMetrics
import Foundation
@testable import ScalingFits
import Testing

/// The two axes (across scale, along training) and where learning begins.
@Suite("Across scale and along training")
struct AlongTests {
    /// Pythia 1.4b on lambada_openai over its 27 checkpoints (EleutherAI's
    /// published zero-shot evaluations, data/pythia-evals/).
    static let steps = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 3000, 13000, 23000, 33000, 43000, 53000,
                        63000, 73000, 83000, 93000, 103000, 113000, 123000, 133000, 143000]
    static let acc = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0673, 0.3243, 0.4696, 0.5152, 0.5354,
                      0.5612, 0.5603, 0.5837, 0.5905, 0.5909, 0.5919, 0.6016, 0.6134, 0.6125, 0.6119, 0.6161]
    static let accStderr = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0035, 0.0065, 0.007, 0.007,
                            0.0069, 0.0069, 0.0069, 0.0069, 0.0069, 0.0068, 0.0068, 0.0068, 0.0068, 0.0068, 0.0068, 0.0068]
    static let ppl = [3594272.664, 3594272.664, 3593351.85, 3548272.289, 3536146.009, 3728900.112, 3480597.489,
                      2787681.537, 1549494.473, 781339.126, 107340.725, 1683.435, 44.178, 13.484, 10.298, 8.994,
                      8.192, 8.043, 7.331, 6.843, 6.858, 6.707, 6.482, 6.29, 6.243, 6.14, 6.086]
    static let pplStderr = [348190.612, 348190.612, 348058.794, 341851.907, 336121.048, 351765.579, 325135.17,
                            252091.434, 123421.769, 54968.681, 5690.986, 70.149, 1.717, 0.412, 0.297, 0.25, 0.225,
                            0.219, 0.195, 0.18, 0.181, 0.174, 0.168, 0.161, 0.16, 0.156, 0.155]

    static func row(task: String = "lambada", metric: String, group: String, step: Int?, value: Double,
                    stderr: Double?, threshold: Bool, params: Double = 1.4e9) -> MetricRow {
        let tokens = step.map { Double($0) * 2_097_152 }
        return MetricRow(model: step.map { "\(group)@step\($0)" } ?? group, family: "pythia", task: task,
                         metric: metric, strategy: "0-shot", value: value, ciLow: nil, ciHigh: nil, stderr: stderr,
                         n: 5153, metricClass: threshold ? .threshold : .perToken, higherIsBetter: threshold,
                         range: threshold ? 0...1 : nil, params: params, tokens: tokens,
                         trainingFlops: tokens.map { 6 * params * $0 }, imported: true, sizeGroup: group, step: step)
    }

    /// The lambada rows of one size, accuracy and log-perplexity (as `importedRows` analyses it).
    static func pythiaRows(group: String = "pythia-1.4b", params: Double = 1.4e9) -> [MetricRow] {
        steps.indices.flatMap { i in
            [row(metric: "acc", group: group, step: steps[i], value: acc[i], stderr: accStderr[i], threshold: true,
                 params: params),
             row(metric: "log-ppl", group: group, step: steps[i], value: log(ppl[i]), stderr: pplStderr[i] / ppl[i],
                 threshold: false, params: params)]
        }
    }

    @Test("across scale each size is its last checkpoint, or the one at --step; other models pass unchanged")
    func acrossScaleChoosesACheckpoint() {
        var rows = Self.pythiaRows(group: "pythia-1.4b") + Self.pythiaRows(group: "pythia-70m", params: 7e7)
            .filter { $0.step! <= 3000 }
        rows.append(Self.row(metric: "acc", group: "other", step: nil, value: 0.3, stderr: nil, threshold: true))
        let last = Along.scale(step: nil).select(rows)
        #expect(Set(last.rows.map(\.model)) == ["pythia-1.4b@step143000", "pythia-70m@step3000", "other"])
        #expect(last.notes.isEmpty)
        let at = Along.scale(step: 13000).select(rows)
        #expect(Set(at.rows.map(\.model)) == ["pythia-1.4b@step13000", "other"])
        #expect(at.notes == ["pythia-70m has no checkpoint at step 13000: left out"])
    }

    @Test("along training there is one curve per size over its checkpoints; step 0 has no position")
    func alongTrainingCurves() {
        var rows = Self.pythiaRows(group: "pythia-1.4b") + Self.pythiaRows(group: "pythia-70m", params: 7e7)
        rows.append(Self.row(metric: "acc", group: "other", step: nil, value: 0.3, stderr: nil, threshold: true))
        let (curves, notes) = Along.training(fromStep: 0).curves(from: rows, xAxis: .tokens)
        #expect(notes == ["1 model without a training step left out along training"])
        #expect(curves.count == 4 && Set(curves.compactMap(\.series)) == ["pythia-1.4b", "pythia-70m"])
        let acc14 = try! #require(curves.first { $0.series == "pythia-1.4b" && $0.metric == "acc" })
        #expect(acc14.points.map(\.step) == Self.steps.dropFirst().map { Optional($0) })
        #expect(acc14.notes.contains { $0.contains("pythia-1.4b@step0") })
    }

    @Test("learning begins where every metric has left its starting level; a noisy excursion does not end the plateau")
    func onsetRule() {
        let rows = Self.pythiaRows()
        let curves = buildCurves(from: rows.filter { $0.step! > 0 }, xAxis: .flops, series: true)
        let acc = curves.first { $0.metric == "acc" }!, logPPL = curves.first { $0.metric == "log-ppl" }!
        // Accuracy leaves 0 at step 1000; log-perplexity (15.1 untrained) falls clear of its band at 128.
        #expect(LearningOnset.onsetIndex(acc).map { acc.points[$0].step } == 1000)
        #expect(LearningOnset.onsetIndex(logPPL).map { logPPL.points[$0].step } == 128)
        #expect(LearningOnset.onsetStep(curves) == 1000)

        // One point above the band, then back on the plateau: not an onset.
        let y = [0.25, 0.26, 0.40, 0.25, 0.24, 0.26, 0.5, 0.6, 0.7]
        let noisy = Curve(x: y.indices.map { pow(10, Double($0)) }, y: y, metricClass: .threshold, range: 0...1)
        #expect(LearningOnset.onsetIndex(noisy) == 6)
        // A curve that stays at chance has no onset, and nothing is excluded.
        let flat = Curve(x: [1, 10, 100, 1000, 1e4], y: [0.25, 0.27, 0.24, 0.26, 0.25], metricClass: .threshold,
                         range: 0...1)
        #expect(LearningOnset.onsetIndex(flat) == nil)
        #expect(LearningOnset.trim([flat], fromStep: nil)[0].excluded.isEmpty)
    }

    @Test("the start of learning is not an emergent ability: Pythia along training is flagged only from step 1")
    func plateauIsNotAPhaseTransition() {
        let rows = Self.pythiaRows()
        // Analysed from step 1, the untrained plateau makes the first learning look like a break.
        let fromFirst = Along.training(fromStep: 1).curves(from: rows, xAxis: .flops).curves
        let naive = mirageGroups(analyzeCurves(fromFirst, bootstrap: 0))
        #expect(naive.count == 1 && naive[0].verdict == .persists)
        #expect(fromFirst.allSatisfy { $0.excluded.isEmpty })
        // From where learning begins, neither metric jumps.
        let detected = Along.training(fromStep: nil).curves(from: rows, xAxis: .flops).curves
        #expect(detected.allSatisfy { $0.points.first?.step == 1000 && $0.excluded.count == 10 })
        #expect(detected[0].excluded[0].reason == "initial plateau: learning begins at step 1000")
        let groups = mirageGroups(analyzeCurves(detected, bootstrap: 0))
        #expect(groups.count == 1 && groups[0].series == "pythia-1.4b")
        #expect(groups[0].metrics.allSatisfy { !$0.phaseTransition })
        #expect(groups[0].verdict != .persists && groups[0].verdict != .metricInduced)
    }
}
