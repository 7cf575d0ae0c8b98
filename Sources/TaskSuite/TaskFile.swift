import Foundation

/// Task files: JSON Lines, one example per line, that users write for their
/// own tasks and that generators can export — both go through the same code.
///
/// Each line is an object with keys
/// - `prompt` (string, required),
/// - `target` (string; required unless `choices` and `gold` are given, then it
///   defaults to the gold choice),
/// - `choices` (array of strings) and `gold` (0-based index into `choices`),
///   both or neither,
/// - `exemplars` (array of `{"prompt", "target"}` objects) for few-shot prompts.
///
/// Blank lines are skipped. Any other key is an error (it is usually a typo).
/// Errors name the file, the 1-based line and the 1-based column.
public enum TaskFile {
    static let knownKeys: Set<String> = ["prompt", "target", "choices", "gold", "exemplars"]

    /// The examples of the task file at `url`.
    public static func load(_ url: URL) throws -> [TaskExample] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TaskFileError(file: url.path, line: 0, column: 0, message: "cannot be read (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TaskFileError(file: url.path, line: 1, column: 1, message: "is not UTF-8 text")
        }
        return try parse(text, file: url.path)
    }

    /// The examples in JSONL `text`; `file` names the source in errors.
    public static func parse(_ text: String, file: String) throws -> [TaskExample] {
        var examples: [TaskExample] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            examples.append(try parseLine(line, file: file, lineNumber: index + 1))
        }
        return examples
    }

    /// Writes the examples as JSONL (keys sorted, one object per line).
    public static func write(_ examples: [TaskExample], to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for example in examples {
            data.append(try encoder.encode(example))
            data.append(0x0A)
        }
        try data.write(to: url, options: .atomic)
    }

    static func parseLine(_ line: String, file: String, lineNumber: Int) throws -> TaskExample {
        func fail(_ message: String, key: String? = nil, column: Int? = nil) -> TaskFileError {
            TaskFileError(file: file, line: lineNumber, column: column ?? key.map { columnOf(key: $0, in: line) } ?? 1,
                          message: message)
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(line.utf8)) } catch {
            throw fail("is not valid JSON (\(jsonMessage(error)))", column: jsonColumn(error) ?? 1)
        }
        guard let dictionary = object as? [String: Any] else { throw fail("must be a JSON object") }
        for key in dictionary.keys.sorted() where !knownKeys.contains(key) {
            throw fail("has unknown key \"\(key)\" (known: choices, exemplars, gold, prompt, target)", key: key)
        }
        guard let promptValue = dictionary["prompt"] else { throw fail("lacks the required key \"prompt\"") }
        guard let prompt = promptValue as? String else { throw fail("\"prompt\" must be a string", key: "prompt") }

        var choices: [String]?
        if let value = dictionary["choices"] {
            guard let list = value as? [Any], let strings = list as? [String], !strings.isEmpty else {
                throw fail("\"choices\" must be a non-empty array of strings", key: "choices")
            }
            choices = strings
        }
        var gold: Int?
        if let value = dictionary["gold"] {
            guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
                  let integer = Int(exactly: number.doubleValue) else {
                throw fail("\"gold\" must be an integer", key: "gold")
            }
            gold = integer
        }
        if (choices == nil) != (gold == nil) {
            throw fail("\"choices\" and \"gold\" must be given together", key: choices == nil ? "gold" : "choices")
        }
        if let choices, let gold, !choices.indices.contains(gold) {
            throw fail("\"gold\" is \(gold) but there are \(choices.count) choices (0-based)", key: "gold")
        }
        let target: String
        if let value = dictionary["target"] {
            guard let string = value as? String else { throw fail("\"target\" must be a string", key: "target") }
            target = string
        } else if let choices, let gold {
            target = choices[gold]
        } else {
            throw fail("lacks the required key \"target\" (or \"choices\" with \"gold\")")
        }
        var exemplars: [Exemplar]?
        if let value = dictionary["exemplars"] {
            guard let list = value as? [Any] else { throw fail("\"exemplars\" must be an array", key: "exemplars") }
            exemplars = try list.map { item in
                guard let pair = item as? [String: Any], let p = pair["prompt"] as? String, let t = pair["target"] as? String else {
                    throw fail("every exemplar must be an object with string \"prompt\" and \"target\"", key: "exemplars")
                }
                return Exemplar(prompt: p, target: t)
            }
        }
        return TaskExample(prompt: prompt, target: target, choices: choices, gold: gold, exemplars: exemplars)
    }

    /// 1-based column of `"key"` in the line (1 when not found).
    static func columnOf(key: String, in line: String) -> Int {
        guard let range = line.range(of: "\"\(key)\"") else { return 1 }
        return line.distance(from: line.startIndex, to: range.lowerBound) + 1
    }

    static func jsonMessage(_ error: Error) -> String {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return description.hasSuffix(".") ? String(description.dropLast()) : description
    }

    /// The 1-based column of a JSON syntax error: Foundation reports either
    /// "… column N …" or a 0-based "… character N …" offset within the line.
    static func jsonColumn(_ error: Error) -> Int? {
        let message = jsonMessage(error)
        for (label, shift) in [("column ", 0), ("character ", 1)] {
            guard let range = message.range(of: label) else { continue }
            if let value = Int(message[range.upperBound...].prefix { $0.isNumber }) { return max(1, value + shift) }
        }
        return nil
    }
}

/// A problem in a task file, located by file, line and column (1-based).
public struct TaskFileError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(file):\(line):\(column): line \(line) \(message)." }
}
