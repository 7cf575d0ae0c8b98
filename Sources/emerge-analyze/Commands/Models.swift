import ArgumentParser
import ResultsStore

struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "models", abstract: "List the stored models.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var format: FormatOptions

    func run() async throws {
        let models: [StoredModel]
        do { models = try ResultsDatabase(path: store.resolvedPath).models() } catch let error as StoreError {
            throw CLIError(error.description)
        }
        var listing = Listing(columns: ["name", "family", "params", "non_embedding_params", "tokens",
                                        "training_flops", "flops_source"])
        for m in models {
            listing.append([Cell(m.name), Cell(m.family), Cell(m.params), Cell(m.nonEmbeddingParams), Cell(m.tokens),
                            Cell(m.trainingFlops), Cell(m.flopsSource?.rawValue)])
        }
        print(listing.render(format.format), terminator: "")
    }
}
