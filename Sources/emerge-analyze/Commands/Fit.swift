import ArgumentParser
import EmergenceMetrics
import Foundation
import ResultsStore
import ScalingFits

/// `--law auto|linear-log|power|sigmoid-log|bnsl|task-law`.
enum LawArgument: String, ExpressibleByArgument, CaseIterable {
    case auto, linearLog = "linear-log", power, sigmoidLog = "sigmoid-log", bnsl, taskLaw = "task-law"
    var law: LawName? { LawName(rawValue: rawValue) }
}

struct Fit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit scaling laws to metric curves.",
        discussion: """
            One curve per task × metric × family × strategy, fitted in log10 x. `auto` picks the law \
            with the lowest BIC. Parameters carry residual-bootstrap intervals; --holdout K fits all \
            but the K largest x and reports the extrapolation error on them.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var formatOptions: FormatOptions
    @Option(name: .long, help: "The metric to fit (built-in or imported name).") var metric: String
    @OptionGroup(title: "Curves") var curveOptions: CurveOptions
    @Option(name: .long, help: "auto, linear-log, power, sigmoid-log, bnsl or task-law.") var law: LawArgument = .auto
    @Option(name: .long, help: "Number of BNSL breaks.") var breaks: Int = 1
    @Option(name: .long, help: "Hold out the K largest x and report the extrapolation error.") var holdout: Int = 0
    @Option(name: .long, help: "Bootstrap replicates for parameter intervals (0 = none).") var bootstrap: Int = 200
    @Option(name: .long, help: "Seed of the bootstrap.") var seed: UInt64 = 0

    func run() async throws {
        guard holdout >= 0, bootstrap >= 0, breaks >= 1 else {
            throw CLIError("--holdout and --bootstrap must be non-negative and --breaks at least 1.")
        }
        let curves = try CurveLoader.curves(store: store, metrics: [metric], options: curveOptions)
        let outcomes = fitCurves(curves, options: FitOptions(law: law.law, breaks: breaks, bootstrap: bootstrap,
                                                             seed: seed, holdout: holdout))
        var fitted = 0
        for o in outcomes {
            if let e = o.error { CurveLoader.warn("\(o.curve.label): \(e.description)") } else { fitted += 1 }
        }
        guard fitted > 0 else { throw CLIError("No curve could be fitted.") }
        let rows = outcomes.compactMap { o in o.fit.map { (o.curve, $0) } }
        switch formatOptions.format {
        case .json: print(Self.json(rows, holdout: holdout > 0), terminator: "")
        case .table, .csv:
            var listing = Listing(columns: ["task", "metric", "family", "strategy", "law", "params", "r2", "aic",
                                            "bic", "n", "holdout_rmse", "holdout_rmsle", "transition_x", "size_group"])
            let table = formatOptions.format == .table
            func number(_ v: Double?) -> Cell {
                guard let v else { return .null }
                return table ? .text(String(format: "%.4g", v)) : .number(v)
            }
            for (curve, fit) in rows {
                let params = fit.parameters.map { p -> String in
                    var s = "\(p.name)=\(String(format: "%.4g", p.value))"
                    if let lo = p.ciLow, let hi = p.ciHigh { s += " [\(String(format: "%.3g", lo)), \(String(format: "%.3g", hi))]" }
                    return s
                }.joined(separator: "; ")
                listing.append([Cell(curve.task), Cell(curve.metric), Cell(curve.family), Cell(curve.strategy),
                                Cell(fit.law.rawValue), Cell(params), number(fit.r2), number(fit.aic), number(fit.bic),
                                Cell(fit.n), number(fit.holdout?.rmse), number(fit.holdout?.rmsle),
                                number(fit.transition?.value), Cell(curve.series)])
            }
            print(listing.render(formatOptions.format), terminator: "")
        }
    }

    /// The documented keys (docs/fits.md): task, metric, family, law, params (object), r2, aic, bic,
    /// n, holdout {k, rmse, rmsle}; plus strategy, params_stderr, params_ci,
    /// residual_sd, transition_x (with transition_ci), candidates and notes.
    static func json(_ rows: [(Curve, CurveFit)], holdout: Bool) -> String {
        let objects: [[String: Any]] = rows.map { curve, fit in
            var o: [String: Any] = [
                "task": curve.task, "metric": curve.metric, "family": curve.family,
                "strategy": curve.strategy ?? NSNull(), "size_group": curve.series ?? NSNull(),
                "law": fit.law.rawValue,
                "params": Dictionary(uniqueKeysWithValues: fit.parameters.map { ($0.name, jsonNumber($0.value)) }),
                "params_stderr": Dictionary(uniqueKeysWithValues: fit.parameters.map { ($0.name, jsonNumber($0.stderr)) }),
                "params_ci": Dictionary(uniqueKeysWithValues: fit.parameters.map {
                    ($0.name, ($0.ciLow != nil && $0.ciHigh != nil) ? [jsonNumber($0.ciLow), jsonNumber($0.ciHigh)] as Any : NSNull())
                }),
                "r2": jsonNumber(fit.r2), "aic": jsonNumber(fit.aic), "bic": jsonNumber(fit.bic), "n": fit.n,
                "residual_sd": jsonNumber(fit.residualSD), "x": curve.xAxis.rawValue,
                "transition_x": jsonNumber(fit.transition?.value),
                "transition_ci": fit.transition.flatMap { t in t.ciLow.map { [jsonNumber($0), jsonNumber(t.ciHigh)] } } ?? NSNull(),
                "candidates": Dictionary(uniqueKeysWithValues: fit.candidates.map { ($0.law.rawValue, jsonNumber($0.bic)) }),
                "notes": fit.notes,
            ]
            if holdout {
                o["holdout"] = fit.holdout.map { ["k": $0.k, "rmse": jsonNumber($0.rmse), "rmsle": jsonNumber($0.rmsle)] as [String: Any] } ?? NSNull()
            }
            return o
        }
        return renderJSONValue(objects)
    }
}

/// A finite number, or JSON null.
func jsonNumber(_ v: Double?) -> Any {
    guard let v, v.isFinite else { return NSNull() }
    return v
}

/// Pretty, key-sorted JSON text with a trailing newline.
func renderJSONValue(_ value: Any) -> String {
    let data = try! JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
    return String(decoding: data, as: UTF8.self) + "\n"
}
