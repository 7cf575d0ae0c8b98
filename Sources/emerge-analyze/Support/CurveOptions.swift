import ArgumentParser
import EmergenceMetrics
import Foundation
import ResultsStore
import ScalingFits

extension XAxis: ExpressibleByArgument {}

/// `--along scale|training`.
enum AlongArgument: String, ExpressibleByArgument, CaseIterable {
    case scale, training
}

/// Which curves a command analyses: filters (task, family, strategy) and the
/// axis (x, and for checkpoint families the view: across scale or along
/// training). Shared by `fit`, `emergence`, `mirage` and `report`.
struct CurveOptions: ParsableArguments {
    @Option(name: .long, help: "Only this task (repeatable; * and ? match any characters: 'hendrycksTest-*').")
    var task: [String] = []
    @Option(name: .long, help: "Only this model family.") var family: String?
    @Option(name: .long, help: "Only this strategy (e.g. standard, zero-shot-cot, or 5-shot for imported harness scores).")
    var strategy: String?
    @Option(name: .long, help: "x axis: flops, params or tokens (along training: flops or tokens).")
    var x: XAxis = .flops
    @Option(name: .long, help: ArgumentHelp(
        "Follow checkpoint families across scale (one point per size) or along training (one curve per size).",
        valueName: "scale|training"))
    var along: AlongArgument = .scale
    @Option(name: .long, help: "Across scale: each size's checkpoint at this step (default: its last).")
    var step: Int?
    @Option(name: .long, help: "Along training: analyse checkpoints from this step on (default: where learning begins, detected).")
    var fromStep: Int?

    func validate() throws {
        if along == .scale, fromStep != nil { throw ValidationError("--from-step applies along training (--along training).") }
        if along == .training, step != nil {
            throw ValidationError("--step chooses the checkpoint across scale; along training use --from-step.")
        }
        if along == .training, x == .params {
            throw ValidationError("Along training every checkpoint of a size has the same parameters: use --x flops or --x tokens.")
        }
        if let s = step ?? fromStep, s < 0 { throw ValidationError("Steps are non-negative.") }
    }

    var taskPatterns: [TaskPattern] { task.map(TaskPattern.init) }

    /// The one task a store query can be narrowed to, when exactly one exact name was given.
    var singleTask: String? { task.count == 1 ? TaskPattern(task[0]).exactName : nil }

    var axis: Along {
        switch along {
        case .scale: return .scale(step: step)
        case .training: return .training(fromStep: fromStep)
        }
    }
}

/// Loads stored metric rows and groups them into curves (shared by `fit`,
/// `emergence` and `mirage`). The seeds of one size are one point;
/// `replicates` > 0 attaches that many resamples to every point for the
/// verdict's uncertainty (docs/verdict.md).
enum CurveLoader {
    static func curves(store: StoreOptions, metrics: [String], options: CurveOptions,
                       replicates: Int = 0, replicateSeed: UInt64 = 0) throws -> [Curve] {
        let path = store.resolvedPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("No store at \(path); create one with `init` or an `import`.")
        }
        let rows: [MetricRow]
        do {
            let database = try ResultsDatabase(path: path)
            rows = try MetricsEngine.compute(in: database, query: MetricsQuery(
                task: options.singleTask, family: options.family, strategy: options.strategy, metrics: metrics),
                bootstrap: BootstrapSettings(replicates: replicates, replicateSeed: replicateSeed))
                .filter { TaskPattern.any(options.taskPatterns, match: $0.task) }
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        let (curves, notes) = options.axis.curves(from: rows, xAxis: options.x)
        for note in notes { warn("note: \(note).") }
        guard !curves.isEmpty else {
            var what = metrics.isEmpty ? "No metric values" : "No values of \(metrics.joined(separator: ", "))"
            if !options.task.isEmpty { what += " for task \(options.task.joined(separator: ", "))" }
            if let family = options.family { what += " in family \(family)" }
            if let strategy = options.strategy { what += " with strategy \(strategy)" }
            if options.along == .training { what += " from checkpoints (models with a training step)" }
            throw CLIError("\(what) in the store \(path).")
        }
        return curves
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

extension Curve {
    /// "task / metric / family [/ strategy] [/ size]" for messages.
    var label: String {
        [task, metric, family.isEmpty ? "(no family)" : family, strategy, series].compactMap { $0 }.joined(separator: " / ")
    }
}
