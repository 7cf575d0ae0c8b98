import ArgumentParser
import Foundation
import ScalingFits

struct Mirage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirage", abstract: "The mirage verdict per task, family and strategy.",
        discussion: """
            metric-induced: a threshold metric is flagged as a phase transition and no per-token \
            metric is; persists: a per-token metric is flagged too; no-emergence: no threshold metric \
            is flagged; insufficient-data: fewer than 4 models. Nonlinear metrics are shown but do not \
            vote. Every metric's class, score, surprise, break and flag is printed beside the verdict.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var formatOptions: FormatOptions
    @OptionGroup var curveOptions: CurveOptions
    @Option(name: .long, help: "Bootstrap replicates for the transition interval.") var bootstrap: Int = 200
    @Option(name: .long, help: "Seed of the bootstrap.") var seed: UInt64 = 0

    func run() async throws {
        guard bootstrap >= 0 else { throw CLIError("--bootstrap must be non-negative.") }
        let curves = try CurveLoader.curves(store: store, metrics: [], options: curveOptions)
        let groups = mirageGroups(analyzeCurves(curves, bootstrap: bootstrap, seed: seed))
        switch formatOptions.format {
        case .json:
            let objects: [[String: Any]] = groups.map { g in
                ["task": g.task, "family": g.family, "strategy": g.strategy ?? NSNull(),
                 "size_group": g.series ?? NSNull(),
                 "verdict": g.verdict.rawValue, "models": g.modelCount,
                 "metrics": g.metrics.map(Emergence.object)]
            }
            print(renderJSONValue(objects), terminator: "")
        case .table, .csv:
            // One line per metric, the group's verdict repeated, so a reader sees why.
            var listing = Emergence.emptyListing(leading: ["verdict"])
            for g in groups {
                for m in g.metrics {
                    listing.append([.text(g.verdict.rawValue)] + Emergence.cells(m, format: formatOptions.format))
                }
            }
            print(listing.render(formatOptions.format), terminator: "")
        }
    }
}
