import Foundation

/// Reads one template file (`TemplateFile.parse`): the header's keys, then
/// the sections, then checks what the whole needs. Every error names the
/// line and column where something else was expected.
struct TemplateFileParser {
    let file: String
    let lines: [String]
    private var header: [String: (value: String, line: Int, column: Int)] = [:]
    private var texts: [String: String] = [:]
    /// The line each section starts on (its `--- name` line), 1-based.
    private var sectionLines: [String: Int] = [:]

    /// Where the first carriage return that does not start a `\r\n` line break is, if any.
    private let strayCarriageReturn: (line: Int, column: Int)?

    init(text: String, file: String) {
        self.file = file
        // Lines split on Unicode scalars: a `\r\n` pair is one Character to Swift.
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var stray: (line: Int, column: Int)?
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\n" {
                lines.append(String(line)); line = String.UnicodeScalarView()
            } else if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                continue
            } else {
                if scalar == "\r", stray == nil { stray = (lines.count + 1, String(line).count + 1) }
                line.append(scalar)
            }
        }
        // The final line break ends the last line; it does not open another.
        if !line.isEmpty || scalars.last != "\n" { lines.append(String(line)) }
        self.lines = lines.isEmpty ? [""] : lines
        self.strayCarriageReturn = stray
    }

    mutating func parse() throws -> StrategyTemplate {
        if let stray = strayCarriageReturn {
            throw error(stray.line, stray.column, "a carriage return (\\r) outside a \\r\\n line break; expected text or a line break")
        }
        let firstSection = lines.firstIndex { TemplateFile.sectionName(of: $0) != nil } ?? lines.count
        for index in 0..<firstSection { try readHeaderLine(index) }
        try readSections(from: firstSection)
        return try template(headerEnd: firstSection)
    }

    private func error(_ line: Int, _ column: Int, _ message: String) -> TemplateFileError {
        TemplateFileError(file: file, line: line, column: column, message: message)
    }

    // MARK: Header

    private mutating func readHeaderLine(_ index: Int) throws {
        let line = lines[index]
        guard let start = line.firstIndex(where: { !$0.isWhitespace }), line[start] != "#" else { return }
        let startColumn = line.distance(from: line.startIndex, to: start) + 1
        guard let colon = line[start...].firstIndex(of: ":") else {
            throw error(index + 1, startColumn, "expected a header line `key: value` (such as `name: my-template`), "
                + "a comment starting with #, or a section line `--- body`")
        }
        let key = line[start..<colon].trimmingCharacters(in: .whitespaces)
        guard TemplateFile.keys.contains(key) else {
            throw error(index + 1, startColumn, "unknown key \"\(key)\"; expected one of "
                + TemplateFile.keys.joined(separator: ", "))
        }
        if let first = header[key] {
            throw error(index + 1, startColumn, "\(key) is set twice (first on line \(first.line))")
        }
        let afterColon = line.index(after: colon)
        let valueStart = line[afterColon...].firstIndex(where: { !$0.isWhitespace }) ?? line.endIndex
        header[key] = (String(line[valueStart...]).trimmingCharacters(in: .whitespaces), index + 1,
                       line.distance(from: line.startIndex, to: valueStart) + 1)
    }

    // MARK: Sections

    private mutating func readSections(from first: Int) throws {
        var index = first
        var previous: String?
        while index < lines.count {
            guard let name = TemplateFile.sectionName(of: lines[index]) else {
                preconditionFailure("a section starts at a section line")
            }
            let line = index + 1
            if name == TemplateFile.end {
                if let stray = lines[(index + 1)...].firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) {
                    throw error(stray + 1, 1, "nothing may follow `--- end` (line \(line)) but blank lines")
                }
                guard previous != nil else { throw error(line, 1, "`--- end` closes a section, but none is open") }
                return
            }
            guard let order = TemplateFile.sections.firstIndex(of: name) else {
                throw error(line, 5, "unknown section \"\(name)\"; expected preamble, exemplar, body or end")
            }
            if let earlier = sectionLines[name] {
                throw error(line, 5, "--- \(name) appears twice (first on line \(earlier))")
            }
            if let previous, let previousOrder = TemplateFile.sections.firstIndex(of: previous), previousOrder > order {
                throw error(line, 5, "--- \(name) after --- \(previous); sections come in the order preamble, exemplar, body")
            }
            let next = lines[(index + 1)...].firstIndex { TemplateFile.sectionName(of: $0) != nil } ?? lines.count
            texts[name] = lines[(index + 1)..<next].joined(separator: "\n")
            sectionLines[name] = line
            try checkSlots(section: name)
            previous = name
            index = next
        }
    }

    /// Every `{name}` (letters, digits, `_`) in a section must be a slot that section fills.
    private func checkSlots(section: String) throws {
        let allowed: Set<String> = switch section {
        case "body": PromptTemplate.questionSlots
        case "exemplar": PromptTemplate.exemplarSlots
        default: []
        }
        let firstLine = sectionLines[section]! + 1
        for (offset, line) in (texts[section] ?? "").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for (slot, column) in slotReferences(in: line) where !allowed.contains(slot) {
                let expected = section == "preamble"
                    ? "the preamble is shown as written and takes no slots; put {\(slot)} in --- body or --- exemplar"
                    : "expected one of " + allowed.sorted().map { "{\($0)}" }.joined(separator: ", ")
                        + (PromptTemplate.exemplarSlots.contains(slot) ? " ({\(slot)} belongs in --- exemplar)" : "")
                        + (PromptTemplate.questionSlots.contains(slot) ? " ({\(slot)} belongs in --- body)" : "")
                throw error(firstLine + offset, column, "unknown slot {\(slot)} in --- \(section); " + expected)
            }
        }
    }

    /// The `{name}` references of a line (name of letters, digits and `_`), with the column of their `{`.
    private func slotReferences(in line: Substring) -> [(String, Int)] {
        var found: [(String, Int)] = []
        var column = 1
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == "{" {
                let nameStart = line.index(after: index)
                let nameEnd = line[nameStart...].firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }
                    ?? line.endIndex
                if nameEnd > nameStart, nameEnd < line.endIndex, line[nameEnd] == "}" {
                    found.append((String(line[nameStart..<nameEnd]), column))
                }
            }
            index = line.index(after: index)
            column += 1
        }
        return found
    }

    // MARK: The template

    private func template(headerEnd: Int) throws -> StrategyTemplate {
        let endLine = max(1, min(headerEnd + 1, lines.count))
        guard let name = header["name"] else {
            throw error(endLine, 1, "the header has no `name:`; every template needs one (its runs are stored as template:<name>)")
        }
        guard StrategyTemplate.isValidName(name.value) else {
            throw error(name.line, name.column, "expected a template name of letters, digits, '.', '_', ':' or '-', "
                + "starting with a letter or digit, at most 64 characters")
        }
        guard let strategyName = header["strategy"] else {
            throw error(endLine, 1, "the header has no `strategy:`; expected the strategy whose answer handling the template uses ("
                + Strategy.all.map(\.name).joined(separator: ", ") + ")")
        }
        guard let strategy = Strategy(name: strategyName.value) else {
            throw error(strategyName.line, strategyName.column, "unknown strategy \"\(strategyName.value)\"; expected one of "
                + Strategy.all.map(\.name).joined(separator: ", "))
        }
        guard let body = texts["body"] else {
            throw error(max(1, lines.count), 1, "the template has no `--- body` section (the text that asks the question)")
        }
        if !PromptTemplate.questionSlots.contains(where: { body.contains("{\($0)}") }) {
            throw error(sectionLines["body"]!, 1, "the body never shows the question; expected {prompt}, {question} or {bare_question} in it")
        }
        return StrategyTemplate(name: name.value, description: header["description"]?.value ?? "", strategy: strategy,
                                prompt: PromptTemplate(preamble: texts["preamble"] ?? "", exemplar: texts["exemplar"] ?? "",
                                                       body: body),
                                settings: try settings())
    }

    private func settings() throws -> StrategySettings {
        var settings = StrategySettings()
        func integer(_ key: String, atLeast minimum: Int) throws -> Int? {
            guard let entry = header[key] else { return nil }
            guard let value = Int(entry.value), value >= minimum else {
                throw error(entry.line, entry.column, "\(key) must be a whole number of at least \(minimum), not \"\(entry.value)\"")
            }
            return value
        }
        func number(_ key: String, _ valid: (Double) -> Bool, _ expected: String) throws -> Double? {
            guard let entry = header[key] else { return nil }
            guard let value = Double(entry.value), value.isFinite, valid(value) else {
                throw error(entry.line, entry.column, "\(key) must be \(expected), not \"\(entry.value)\"")
            }
            return value
        }
        if let value = try integer("exemplars", atLeast: 0) { settings.exemplars = value }
        if let value = try integer("samples", atLeast: 1) { settings.samples = value }
        if let value = try number("temperature", { $0 >= 0 }, "a number of at least 0") { settings.temperature = value }
        if let value = try integer("top_k", atLeast: 1) { settings.topK = value }
        if let value = try number("top_p", { $0 > 0 && $0 <= 1 }, "a number above 0 and at most 1") { settings.topP = value }
        if let value = try integer("breadth", atLeast: 1) { settings.breadth = value }
        if let value = try integer("depth", atLeast: 1) { settings.depth = value }
        if let value = try integer("max_tokens", atLeast: 1) { settings.maxTokens = value }
        if let value = try integer("verification_rounds", atLeast: 1) { settings.verificationRounds = value }
        return settings
    }
}
