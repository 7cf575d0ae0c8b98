import ArgumentParser
import Foundation

/// `--db PATH`, shared by every subcommand that touches the store (SPEC §4, §11).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the SQLite store (default: $EMERGE_DB, else ./emerge.sqlite).")
    var db: String?

    /// The store path the user chose, resolved in the documented order.
    var resolvedPath: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["EMERGE_DB"], !env.isEmpty { return env }
        return "./emerge.sqlite"
    }
}

/// `--format table|csv|json`, shared by every listing.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: OutputFormat = .table
}

/// Thrown for a user-facing failure; printed as one sentence on stderr.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
