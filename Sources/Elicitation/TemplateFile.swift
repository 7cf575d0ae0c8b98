import Foundation

/// A template file that cannot be read: where (1-based line and column,
/// columns counted in characters) and what was expected.
public struct TemplateFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    /// `file:line:column: message`, as compilers write it.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// The template file format (docs/elicitation.md#templates): a header of
/// `key: value` lines, then the prompt's text in `--- preamble`,
/// `--- exemplar` and `--- body` sections, optionally closed by `--- end`.
///
/// A section's text is every line between its `--- name` line and the next
/// section line (or the end of the file), joined by line breaks; the line
/// break just before that next section line (or the file's final one) is
/// not part of it. So a text ends with one line break per blank line
/// before the next section line, and nothing needs escaping. `\r\n` line
/// breaks read as `\n`.
public enum TemplateFile {
    /// The sections, in the order a file must give them (`body` is required).
    public static let sections = ["preamble", "exemplar", "body"]
    /// The optional line that closes the last section: `--- end`.
    public static let end = "end"
    /// The keys of the strategy's settings a header may set.
    public static let settingKeys = ["exemplars", "samples", "temperature", "top_k", "top_p", "breadth", "depth",
                                     "max_tokens", "verification_rounds"]
    /// Every header key: `name` and `strategy` are required.
    public static let keys = ["name", "description", "strategy"] + settingKeys

    /// Reads the template file at `path`; throws `TemplateFileError` (a
    /// file that cannot be read is reported at line 1, column 1).
    public static func load(path: String) throws -> StrategyTemplate {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TemplateFileError(file: path, line: 1, column: 1, message: "cannot read the template file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TemplateFileError(file: path, line: 1, column: 1, message: "the template file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// The template `text` describes; `file` names it in errors.
    public static func parse(_ text: String, file: String = "<template>") throws -> StrategyTemplate {
        var parser = TemplateFileParser(text: text, file: file)
        return try parser.parse()
    }

    /// `template` in the file format: `name`, `description` (when not
    /// empty), `strategy`, the settings that differ from
    /// `StrategySettings()`, the non-empty sections and `--- end`. Parsing
    /// the result gives `template` back whenever its description is one
    /// line and no line of its text is a section line (true of every
    /// template `parse` returns); the seed is not part of a file.
    public static func text(of template: StrategyTemplate) -> String {
        var lines = ["name: \(template.name)"]
        if !template.description.isEmpty { lines.append("description: \(template.description)") }
        lines.append("strategy: \(template.strategy.name)")
        let defaults = StrategySettings(), settings = template.settings
        func add(_ key: String, _ value: String, _ isDefault: Bool) { if !isDefault { lines.append("\(key): \(value)") } }
        add("exemplars", "\(settings.exemplars)", settings.exemplars == defaults.exemplars)
        add("samples", "\(settings.samples)", settings.samples == defaults.samples)
        add("temperature", "\(settings.temperature)", settings.temperature == defaults.temperature)
        add("top_k", settings.topK.map { "\($0)" } ?? "", settings.topK == nil)
        add("top_p", settings.topP.map { "\($0)" } ?? "", settings.topP == nil)
        add("breadth", "\(settings.breadth)", settings.breadth == defaults.breadth)
        add("depth", "\(settings.depth)", settings.depth == defaults.depth)
        add("max_tokens", settings.maxTokens.map { "\($0)" } ?? "", settings.maxTokens == nil)
        add("verification_rounds", "\(settings.verificationRounds)",
            settings.verificationRounds == defaults.verificationRounds)
        let prompt = template.prompt
        for (section, text) in [("preamble", prompt.preamble), ("exemplar", prompt.exemplar), ("body", prompt.body)]
        where section == "body" || !text.isEmpty {
            lines.append("--- \(section)")
            lines.append(text)
        }
        lines.append("--- \(end)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The section a line opens: the name after `--- ` when the line (its
    /// trailing spaces and tabs ignored) is `--- ` followed by letters,
    /// `-` and `_` only; nil for any other line, which is text.
    static func sectionName(of line: String) -> String? {
        var trimmed = Substring(line)
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        guard trimmed.hasPrefix("--- ") else { return nil }
        let name = trimmed.dropFirst(4)
        guard !name.isEmpty, name.allSatisfy({ ($0.isLetter && $0.isASCII) || $0 == "-" || $0 == "_" }) else { return nil }
        return String(name)
    }
}
