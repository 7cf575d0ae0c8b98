import ArgumentParser
import Foundation
import ScalingFits

struct Emergence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emergence", abstract: "Emergence scores and phase-transition flags per curve.",
        discussion: """
            Per curve: the emergence score (breakthroughness), the surprise of the larger models given \
            a linear-log trend of the smaller ones and its break, and the phase-transition flag \
            (surprise >= 3 and a sigmoid-log midpoint after the break) with the transition point.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var formatOptions: FormatOptions
    @OptionGroup(title: "Curves") var curveOptions: CurveOptions
    @Option(name: .long, help: "Only this metric (repeatable).") var metric: [String] = []
    @Option(name: .long, help: "Bootstrap replicates for the transition interval.") var bootstrap: Int = 200
    @Option(name: .long, help: "Seed of the bootstrap.") var seed: UInt64 = 0

    func run() async throws {
        guard bootstrap >= 0 else { throw CLIError("--bootstrap must be non-negative.") }
        let curves = try CurveLoader.curves(store: store, metrics: metric, options: curveOptions)
        let analyses = analyzeCurves(curves, bootstrap: bootstrap, seed: seed)
        switch formatOptions.format {
        case .json: print(renderJSONValue(analyses.map(Self.object)), terminator: "")
        case .table, .csv:
            var listing = Self.emptyListing(leading: [])
            for a in analyses { listing.append(Self.cells(a, format: formatOptions.format)) }
            print(listing.render(formatOptions.format), terminator: "")
        }
    }

    static let columns = ["task", "metric", "family", "strategy", "class", "emergence_score", "surprise",
                          "break_x", "phase_transition", "transition_x", "models", "size_group", "excluded"]

    static func emptyListing(leading: [String]) -> Listing { Listing(columns: leading + columns) }

    /// One curve's row for table/CSV (scores rounded in tables).
    static func cells(_ a: CurveEmergence, format: OutputFormat) -> [Cell] {
        func number(_ v: Double?) -> Cell {
            guard let v else { return .null }
            return format == .table ? .text(String(format: "%.4g", v)) : .number(v)
        }
        let score: Cell = a.score.isInfinite ? .text(a.score.value > 0 ? "inf" : "-inf") : number(a.score.value)
        return [Cell(a.curve.task), Cell(a.curve.metric), Cell(a.curve.family), Cell(a.curve.strategy),
                Cell(a.curve.metricClass.rawValue), score, number(a.surprise.value), number(a.breakX),
                Cell(a.phaseTransition), number(a.transition?.value), Cell(a.curve.points.count),
                Cell(a.curve.series), Cell(a.curve.excluded.count)]
    }

    /// The documented keys plus emergence_score_infinite, transition_ci, surprise_ci (null
    /// unless the verdict was resampled), models and notes.
    static func object(_ a: CurveEmergence) -> [String: Any] {
        [
            "task": a.curve.task, "metric": a.curve.metric, "family": a.curve.family,
            "strategy": a.curve.strategy ?? NSNull(), "class": a.curve.metricClass.rawValue,
            "size_group": a.curve.series ?? NSNull(),
            "excluded": a.curve.excluded.map { ["model": $0.point.model, "x": jsonNumber($0.point.x),
                                                "step": $0.point.step ?? NSNull(), "reason": $0.reason] as [String: Any] },
            "emergence_score": jsonNumber(a.score.finiteValue),
            "emergence_score_infinite": a.score.isInfinite,
            "surprise": jsonNumber(a.surprise.value), "break_x": jsonNumber(a.breakX),
            "surprise_ci": a.surpriseInterval.map { [jsonNumber($0.lowerBound), jsonNumber($0.upperBound)] } ?? NSNull(),
            "phase_transition": a.phaseTransition, "transition_x": jsonNumber(a.transition?.value),
            "transition_ci": a.transition.flatMap { t in t.ciLow.map { [jsonNumber($0), jsonNumber(t.ciHigh)] } } ?? NSNull(),
            "models": a.curve.points.count, "notes": a.notes,
        ]
    }
}
