import ArgumentParser
import Foundation
import ScalingFits

struct Mirage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirage", abstract: "The mirage verdict per task, family and strategy, with its uncertainty.",
        discussion: """
            metric-induced: a threshold metric is flagged as a phase transition and a per-token metric \
            that could test the same jump (3 of its models before the break) is not; persists: a \
            per-token metric is flagged too; no-emergence: no threshold metric is flagged and every large \
            rise of one between neighbouring models (10% of the range, 3 standard errors) was tested (3 \
            models before it); \
            insufficient-data: fewer than 4 models, a large rise the rule cannot test, or a flagged jump \
            with no continuous metric to test it — the reason column says which, and what would resolve \
            it. Nonlinear metrics are shown but do not vote. The seeds of one size are one point (their \
            mean). --bootstrap B resamples the data B times (seeds, then examples; imported scores from \
            their standard errors), recomputes flags and verdict on each resample, and prints each \
            verdict's share and each metric's surprise interval; a verdict under 80% of the resamples is \
            uncertain. Every metric's class, score, surprise, break and flag is printed beside the \
            verdict. See docs/verdict.md.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var formatOptions: FormatOptions
    @OptionGroup(title: "Curves") var curveOptions: CurveOptions
    @Option(name: .long, help: "Resamples of the data for the verdict's shares (0: none), also the replicates of the transition interval.")
    var bootstrap: Int = 200
    @Option(name: .long, help: "Seed of the resamples.") var seed: UInt64 = 0

    func run() async throws {
        guard bootstrap >= 0 else { throw CLIError("--bootstrap must be non-negative.") }
        let curves = try CurveLoader.curves(store: store, metrics: [], options: curveOptions,
                                            replicates: bootstrap, replicateSeed: seed)
        let groups = mirageGroups(analyzeCurves(curves, bootstrap: bootstrap, seed: seed), resamples: bootstrap)
        switch formatOptions.format {
        case .json:
            let objects: [[String: Any]] = groups.map { g in
                ["task": g.task, "family": g.family, "strategy": g.strategy ?? NSNull(),
                 "size_group": g.series ?? NSNull(),
                 "verdict": g.verdict.rawValue, "reason": g.reason ?? NSNull(), "models": g.modelCount,
                 "resamples": g.shares?.resamples ?? 0,
                 // Every verdict is a key (0 when it never came out), so readers need no defaults.
                 "verdict_shares": g.shares.map { s in
                     Dictionary(uniqueKeysWithValues: MirageVerdict.allCases.map { ($0.rawValue, s.share(of: $0)) }) as Any
                 } ?? NSNull(),
                 "uncertain": g.uncertain,
                 "metrics": g.metrics.map(Emergence.object)]
            }
            print(renderJSONValue(objects), terminator: "")
        case .table, .csv:
            // One line per metric, the group's verdict repeated, so a reader sees why.
            let format = formatOptions.format
            var listing = Listing(columns: ["verdict", "shares"] + Emergence.columns + ["surprise_ci", "reason"]
                                  + (format == .csv ? ["uncertain"] : []))
            for g in groups {
                for (i, m) in g.metrics.enumerated() {
                    let interval = m.surpriseInterval.map { r in
                        format == .table ? String(format: "%.3g–%.3g", r.lowerBound, r.upperBound)
                            : "\(r.lowerBound);\(r.upperBound)"
                    }
                    // The table names the reason once per group; CSV keeps every row whole.
                    let reason = format == .table && i > 0 ? nil : g.reason
                    listing.append([.text(Self.verdictText(g, format: format)), Cell(Self.sharesText(g, format: format))]
                                   + Emergence.cells(m, format: format) + [Cell(interval), Cell(reason)]
                                   // Tables say it in the verdict column; CSV keeps the verdict a closed value.
                                   + (format == .csv ? [Cell(g.shares == nil ? nil : g.uncertain)] : []))
                }
            }
            print(listing.render(format), terminator: "")
        }
    }

    /// The verdict; in tables, `uncertain (metric-induced 62%)` when its share is under 80%.
    static func verdictText(_ g: MirageGroup, format: OutputFormat) -> String {
        guard format == .table, g.uncertain, let shares = g.shares else { return g.verdict.rawValue }
        return "uncertain (\(g.verdict.rawValue) \(percent(shares.share(of: g.verdict))))"
    }

    /// Every verdict that came out, by share: `metric-induced 88%, persists 12%`
    /// (CSV: `metric-induced=0.88;persists=0.12`); nil without resamples.
    static func sharesText(_ g: MirageGroup, format: OutputFormat) -> String? {
        guard let shares = g.shares else { return nil }
        if format == .table { return shares.ranked.map { "\($0.verdict.rawValue) \(percent($0.share))" }.joined(separator: ", ") }
        return shares.ranked.map { "\($0.verdict.rawValue)=\($0.share)" }.joined(separator: ";")
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
