import ArgumentParser
import ResultsStore

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create (or migrate) the store.",
        discussion: "Creates the SQLite store at --db (default $EMERGE_DB, else ./emerge.sqlite) and applies pending migrations. Safe to run on an existing store.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let path = store.resolvedPath
        do {
            let database = try ResultsDatabase(path: path)
            let migrations = try database.appliedMigrations()
            print("Store ready at \(path) (schema \(migrations.last ?? "empty")).")
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
    }
}
