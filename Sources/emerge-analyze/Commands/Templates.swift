import ArgumentParser
import Elicitation

/// `templates`: the built-in prompt templates with their full text, or one
/// template — a built-in or a file, which it checks — in the template file
/// format (docs/elicitation.md#templates).
struct Templates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the built-in prompt templates with their text, or show one.",
        discussion: """
            Without an argument: a table of the built-ins, then each one's text in the template file format \
            (csv and json: one row per template with every setting and section). With a built-in's name or a \
            template file: that template alone, in the file format (table) or as one row; a file is read as \
            eval --template reads it, so this checks it. Save a built-in's text to a file to start your own.
            """)

    @Argument(help: ArgumentHelp("A built-in's name or a template file.", valueName: "name|file"))
    var template: String?
    @OptionGroup var format: FormatOptions

    func run() async throws {
        let templates: [StrategyTemplate]
        if let template {
            do { templates = [try TemplateLibrary.template(named: template)] } catch { throw CLIError("\(error)") }
        } else {
            templates = TemplateLibrary.builtIns
        }
        var listing = Listing(columns: ["name", "strategy", "stored_as", "description", "exemplars", "samples", "temperature",
                                        "top_k", "top_p", "breadth", "depth", "max_tokens", "verification_rounds",
                                        "preamble", "exemplar", "body", "file"])
        for t in templates {
            let s = t.settings
            listing.append([Cell(t.name), Cell(t.strategy.name), Cell(t.storedName), Cell(t.description), Cell(s.exemplars),
                            Cell(s.samples), Cell(s.temperature), Cell(s.topK), Cell(s.topP), Cell(s.breadth), Cell(s.depth),
                            Cell(s.maxTokens), Cell(s.verificationRounds), Cell(t.prompt.preamble), Cell(t.prompt.exemplar),
                            Cell(t.prompt.body), Cell(TemplateFile.text(of: t))])
        }
        guard format.format == .table else {
            print(listing.render(format.format), terminator: "")
            return
        }
        if template != nil {
            print(TemplateFile.text(of: templates[0]), terminator: "")
            return
        }
        var summary = Listing(columns: ["name", "strategy", "stored_as", "description"])
        for t in templates { summary.append([Cell(t.name), Cell(t.strategy.name), Cell(t.storedName), Cell(t.description)]) }
        print(summary.render(.table))
        for t in templates {
            print("== \(t.name) ==")
            print(TemplateFile.text(of: t))
        }
    }
}
