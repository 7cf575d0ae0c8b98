/// A prompting strategy given as data: a prompt template, the strategy whose
/// answer handling it uses, and the settings it runs with
/// (docs/elicitation.md#templates).
///
/// A template file (`TemplateFile`) or a built-in (`TemplateLibrary`) gives
/// one; `eval --template` runs it. The prompt is `prompt`, rendered with up
/// to `settings.exemplars` exemplars when it has an exemplar block;
/// everything else — direct answer or chain of thought ending in "The answer
/// is X", stop rules, default token limits, sampling and voting, tree
/// search — is `strategy`'s.
public struct StrategyTemplate: Sendable, Equatable {
    /// The template's name: letters, digits, `.`, `_`, `:` and `-`, starting
    /// with a letter or digit, at most 64 characters (`tutorial-cot`,
    /// `persona:expert`).
    public var name: String
    /// One line saying what the template is (may be empty).
    public var description: String
    /// The strategy the template behaves like.
    public var strategy: Strategy
    /// The text shown to the model.
    public var prompt: PromptTemplate
    /// The settings it runs with (`eval`'s options override them one by one).
    public var settings: StrategySettings

    public init(name: String, description: String = "", strategy: Strategy, prompt: PromptTemplate,
                settings: StrategySettings = StrategySettings()) {
        self.name = name; self.description = description; self.strategy = strategy
        self.prompt = prompt; self.settings = settings
    }

    /// What stored strategy names of templates start with.
    public static let storedNamePrefix = "template:"

    /// The strategy name its runs are stored under: a strategy's own
    /// template (named after the strategy, with its prompt) is that strategy
    /// and stores under its name (`zero-shot-cot`); any other template
    /// stores under `template:<name>` (`template:tutorial-cot`).
    public var storedName: String {
        isStrategysOwn ? strategy.name : Self.storedNamePrefix + name
    }

    /// Whether this is a strategy's own template, run exactly as `--strategy` runs it.
    public var isStrategysOwn: Bool { name == strategy.name && prompt == strategy.template }

    /// Whether a stored strategy name is a template's (`template:…`).
    public static func isStoredName(_ strategyName: String) -> Bool { strategyName.hasPrefix(storedNamePrefix) }

    /// Whether `name` is a valid template name (see `name`).
    public static func isValidName(_ name: String) -> Bool {
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        guard let first = name.unicodeScalars.first, isAlphanumeric(first), name.unicodeScalars.count <= 64 else {
            return false
        }
        return name.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == ":" || $0 == "-" }
    }
}
