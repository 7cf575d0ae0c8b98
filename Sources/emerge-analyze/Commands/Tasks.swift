import ArgumentParser
import ResultsStore

struct Tasks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List the stored tasks.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var format: FormatOptions

    func run() async throws {
        let tasks: [StoredTask]
        do { tasks = try ResultsDatabase(path: store.resolvedPath).tasks() } catch let error as StoreError {
            throw CLIError(error.description)
        }
        var listing = Listing(columns: ["name", "kind", "examples", "description"])
        for t in tasks {
            listing.append([Cell(t.name), Cell(t.kind.rawValue), Cell(t.exampleCount), Cell(t.description)])
        }
        print(listing.render(format.format), terminator: "")
    }
}
