import ArgumentParser
import Foundation
import ScalingFits

/// `--law chinchilla` (the only two-input law).
enum LossLawArgument: String, ExpressibleByArgument, CaseIterable { case chinchilla }

struct FitLoss: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-loss", abstract: "Fit a two-input loss law (Chinchilla) to a CSV.",
        discussion: """
            L(N, D) = E + A/N^alpha + B/D^beta by Besiroglu et al.'s Approach 3: Huber loss \
            (delta 1e-3) on log L, L-BFGS from 4,500 starts. D comes from --d-column, or as \
            FLOP/(6N) from --flops-column.
            """)

    @OptionGroup var formatOptions: FormatOptions
    @Argument(help: "CSV file with a header row.") var file: String
    @Option(name: .long, help: "The law (chinchilla).") var law: LossLawArgument
    @Option(name: .customLong("n-column"), help: "Column of model parameters N.") var nColumn: String
    @Option(name: .customLong("loss-column"), help: "Column of losses.") var lossColumn: String
    @Option(name: .customLong("d-column"), help: "Column of training tokens D.") var dColumn: String?
    @Option(name: .customLong("flops-column"), help: "Column of training FLOPs (D = FLOP/(6N)).") var flopsColumn: String?
    @Option(name: .customLong("exclude-top"), help: "Leave out the K highest-loss points.") var excludeTop: Int = 0
    @Option(name: .long, help: "Pairs-bootstrap replicates for standard errors (0 = none).") var bootstrap: Int = 0
    @Option(name: .long, help: "Seed of the bootstrap.") var seed: UInt64 = 0

    func validate() throws {
        if (dColumn == nil) == (flopsColumn == nil) {
            throw ValidationError("Give exactly one of --d-column and --flops-column.")
        }
        if excludeTop < 0 || bootstrap < 0 { throw ValidationError("--exclude-top and --bootstrap must be non-negative.") }
    }

    func run() async throws {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw CLIError("Cannot read \(file).")
        }
        let fit: ChinchillaFit
        do {
            let data = try LossObservations(csv: text, nColumn: nColumn, lossColumn: lossColumn, dColumn: dColumn,
                                            flopsColumn: flopsColumn, excludeTop: excludeTop)
            fit = try fitChinchilla(data, options: ChinchillaOptions(bootstrap: bootstrap, seed: seed))
        } catch let e as NumericTable.TableError {
            throw CLIError(e.description)
        } catch let e as ChinchillaError {
            throw CLIError(e.description)
        }
        let names = ["E", "A", "B", "alpha", "beta"]
        let values = [fit.E, fit.A, fit.B, fit.alpha, fit.beta]
        let errors = fit.stderr.map { [$0.E, $0.A, $0.B, $0.alpha, $0.beta] }
        switch formatOptions.format {
        case .json:
            var o: [String: Any] = Dictionary(uniqueKeysWithValues: zip(names, values.map(jsonNumber)))
            o["huber_loss"] = jsonNumber(fit.huberLoss)
            o["n"] = fit.n
            if let errors { o["stderr"] = Dictionary(uniqueKeysWithValues: zip(names, errors.map(jsonNumber))) }
            print(renderJSONValue(o), terminator: "")
        case .table, .csv:
            // Tables round for reading; CSV keeps full precision.
            let table = formatOptions.format == .table
            func number(_ v: Double) -> Cell { table ? .text(String(format: "%.6g", v)) : .number(v) }
            var listing = Listing(columns: ["parameter", "value", "stderr"])
            for i in names.indices {
                listing.append([.text(names[i]), number(values[i]), errors.map { number($0[i]) } ?? .null])
            }
            listing.append([.text("huber_loss"), number(fit.huberLoss), .null])
            listing.append([.text("n"), .int(fit.n), .null])
            print(listing.render(formatOptions.format), terminator: "")
        }
    }
}
