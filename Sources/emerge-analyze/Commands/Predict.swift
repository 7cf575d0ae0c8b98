import ArgumentParser
import EmergenceMetrics
import Foundation
import ScalingFits

/// `--method direct|via-continuous|observational|all`.
enum PredictMethodArgument: String, ExpressibleByArgument, CaseIterable {
    case all, direct, viaContinuous = "via-continuous", observational
    var methods: [PredictionMethod] { self == .all ? PredictionMethod.allCases : [PredictionMethod(rawValue: rawValue)!] }
}

/// `--link auto|power|logistic|linear`.
enum LinkArgument: String, ExpressibleByArgument, CaseIterable {
    case auto, power, logistic, linear
    var kind: LinkKind? { LinkKind(rawValue: rawValue) }
}

struct Predict: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Predict a metric for the larger models from the smaller ones, and backtest it.",
        discussion: """
            Fits on the models at or below a cutoff (--cutoff X on the x axis, or --holdout K: all but \
            the K largest) and predicts every larger model with a 95% interval, by three methods: \
            direct (the metric's own law, chosen by BIC), via-continuous (a continuous metric of the \
            same task fitted against scale, mapped to the target through a link fitted on the smaller \
            models) and observational (principal components of the other tasks' scores and a sigmoid \
            link). Also forecasts the transition point: where the metric crosses --level (default the \
            middle of its range) before --until. --backtest repeats every prediction with the largest 1, \
            2, … --max-holdout models held out and scores each method. See docs/predict.md.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var formatOptions: FormatOptions
    @OptionGroup var curveOptions: CurveOptions
    @Option(name: .long, help: "The metric to predict (repeatable; default: every threshold metric).")
    var metric: [String] = []
    @Option(name: .long, help: "all (default), direct, via-continuous or observational (repeatable).")
    var method: [PredictMethodArgument] = []
    @Option(name: .long, help: "Fit on models with x at or below this value (FLOPs, parameters or tokens, as --x).")
    var cutoff: Double?
    @Option(name: .long, help: "Fit on all but the K largest models (default 2 when --cutoff is not given).")
    var holdout: Int?
    @Flag(name: .long, help: "Hold out the largest 1, 2, … --max-holdout models in turn and score every method.")
    var backtest = false
    @Option(name: .long, help: "--backtest: the most models held out.") var maxHoldout: Int = 3
    @Option(name: .long, help: "via-continuous: the continuous metric to go through (default: log-likelihood, target-probability, log-ppl, brier, … whichever is stored first).")
    var via: String?
    @Option(name: .long, help: "via-continuous: auto, power, logistic or linear.") var link: LinkArgument = .auto
    @Option(name: .long, help: "observational: the most principal components.") var components: Int = 3
    @Option(name: .long, help: "The level whose crossing is the transition (default: the middle of the metric's range).")
    var level: Double?
    @Option(name: .long, help: "Search the transition up to this x (default: 100 × the largest model's).")
    var until: Double?
    @Option(name: .long, help: "Bootstrap replicates behind every interval.") var bootstrap: Int = 200
    @Option(name: .long, help: "Seed of the bootstrap.") var seed: UInt64 = 0
    @Option(name: .long, help: "Also write the prediction report (Markdown, CSV, SVG plots) to this folder.")
    var out: String?
    @Option(name: .long, help: "Title of the report written with --out.") var title: String = "Predictions"

    func validate() throws {
        if cutoff != nil && holdout != nil { throw ValidationError("Give --cutoff or --holdout, not both.") }
        if backtest && (cutoff != nil || holdout != nil) {
            throw ValidationError("--backtest chooses its own splits (--max-holdout); leave out --cutoff and --holdout.")
        }
        if let h = holdout, h < 1 { throw ValidationError("--holdout must be at least 1.") }
        if let c = cutoff, !(c > 0 && c.isFinite) { throw ValidationError("--cutoff must be a positive number.") }
        if let u = until, !(u > 0 && u.isFinite) { throw ValidationError("--until must be a positive number.") }
        if maxHoldout < 1 { throw ValidationError("--max-holdout must be at least 1.") }
        if components < 1 { throw ValidationError("--components must be at least 1.") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be non-negative.") }
    }

    var options: PredictionOptions {
        PredictionOptions(bootstrap: bootstrap, seed: seed, level: level, until: until, via: via, link: link.kind,
                          components: components)
    }

    func run() async throws {
        let methods = PredictionMethod.allCases.filter { m in method.isEmpty || method.contains { $0.methods.contains(m) } }
        // Observational learns from every task and family; the others from the target's own task.
        var contextOptions = curveOptions
        if methods.contains(.observational) { contextOptions.task = []; contextOptions.family = nil }
        let all = try CurveLoader.curves(store: store, metrics: [], options: contextOptions)
        let targets = all.filter { c in
            TaskPattern.any(curveOptions.taskPatterns, match: c.task)
                && (curveOptions.family.map { $0 == c.family } ?? true)
                && (metric.isEmpty ? c.metricClass == .threshold : metric.contains(c.metric))
        }
        guard !targets.isEmpty else {
            let what = metric.isEmpty ? "no threshold metric" : "no values of \(metric.joined(separator: ", "))"
            throw CLIError("Nothing to predict: \(what) among the curves chosen in \(store.resolvedPath).")
        }
        let context = PredictionContext(curves: all)
        if backtest {
            let cases = ScalingFits.backtest(targets, context: context, methods: methods, maxHoldout: maxHoldout,
                                             options: options)
            for c in cases { if case .failure(let e) = c.result { CurveLoader.warn("holdout \(c.holdout): \(e.description)") } }
            guard cases.contains(where: { $0.prediction != nil }) else {
                throw CLIError(cases.isEmpty
                    ? "No curve has enough models to backtest: every split must leave at least 3 models to fit on."
                    : "No backtest forecast could be made.")
            }
            print(PredictionListing.backtest(cases, format: formatOptions.format), terminator: "")
            if let out { try PredictionListing.writeReport(backtest: cases, predictions: [], to: out, title: title) }
            return
        }
        let split: PredictionSplit = cutoff.map { .cutoff($0) } ?? .holdout(holdout ?? 2)
        var made: [CurvePrediction] = []
        for target in targets {
            for m in methods {
                do { made.append(try context.predict(target, method: m, split: split, options: options)) }
                catch let e as PredictionError { CurveLoader.warn(e.description) }
            }
        }
        guard !made.isEmpty else { throw CLIError("No prediction could be made (the reasons are above).") }
        print(PredictionListing.predictions(made, format: formatOptions.format), terminator: "")
        if let out { try PredictionListing.writeReport(backtest: [], predictions: made, to: out, title: title) }
    }
}
