import ArgumentParser
import Foundation

/// `--db PATH`, shared by every subcommand that touches the store (docs/design.md#store, docs/design.md#cli-contract).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the SQLite store (default: $EMERGE_DB, else ./emerge.sqlite).")
    var db: String?

    /// The store path the user chose, resolved in the documented order:
    /// `--db`, else `$EMERGE_DB` when set and not empty, else `./emerge.sqlite`.
    var resolvedPath: String { resolvedPath(environment: ProcessInfo.processInfo.environment) }

    /// `resolvedPath` under the given environment variables.
    func resolvedPath(environment: [String: String]) -> String {
        if let db { return db }
        if let env = environment["EMERGE_DB"], !env.isEmpty { return env }
        return "./emerge.sqlite"
    }
}

/// How a listing prints: an aligned table for reading, RFC 4180 CSV, or a
/// JSON array of objects with snake_case keys (docs/design.md#cli-contract).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// `--format table|csv|json`, shared by every listing (table by default).
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: OutputFormat = .table
}

/// Thrown for a user-facing failure; printed as one sentence on stderr.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
