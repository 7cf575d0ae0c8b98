import EmergeSupport
import Foundation

/// The ability catalogue (`data/ability-catalogue.csv`, docs/abilities.md):
/// abilities said to emerge with scale, the approximate training compute at
/// which each is said to appear, and the tasks that measure it here.
///
/// The file is CSV with a header row of exactly these columns, in any order:
/// - `ability`: its name (unique, not empty), e.g. `Arithmetic`;
/// - `description`: what it is;
/// - `emergence_flops`: the approximate training FLOPs at which it is said
///   to appear, a positive number (`1e22`);
/// - `source`: where that scale comes from;
/// - `tasks`: the tasks that measure it, separated by spaces — task names
///   (`unscramble`) or a name prefix ending in `*` (`add*` matches `add3`,
///   `add2-scratchpad`, …); empty when no task here measures it.
public struct AbilityCatalogue: Sendable, Equatable {
    /// One ability.
    public struct Entry: Sendable, Equatable {
        public var ability: String
        public var description: String
        /// Approximate training FLOPs at which the ability is said to appear.
        public var emergenceFlops: Double
        public var source: String
        /// Task names or `prefix*` patterns.
        public var tasks: [String]

        public init(ability: String, description: String, emergenceFlops: Double, source: String, tasks: [String]) {
            self.ability = ability; self.description = description; self.emergenceFlops = emergenceFlops
            self.source = source; self.tasks = tasks
        }

        /// Whether `task` is one of the entry's tasks (a listed name, or a name that starts with a listed `prefix*`).
        public func measures(task: String) -> Bool {
            tasks.contains { $0.hasSuffix("*") ? task.hasPrefix($0.dropLast()) : task == $0 }
        }
    }

    /// The columns a catalogue file has.
    public static let columns = ["ability", "description", "emergence_flops", "source", "tasks"]

    /// The abilities in file order.
    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// The first ability whose tasks include `task`, or nil.
    public func entry(forTask task: String) -> Entry? { entries.first { $0.measures(task: task) } }

    /// Reads the catalogue at `url`. Throws `AbilityCatalogueError` naming the file, line and what was expected.
    public static func load(_ url: URL) throws -> AbilityCatalogue {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw AbilityCatalogueError(file: url.path, line: 0, message: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        return try parse(text, file: url.path)
    }

    /// Reads a catalogue from CSV `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> AbilityCatalogue {
        let records: [CSVRecord]
        do { records = try CSVParser.parse(text) } catch let error as CSVSyntaxError {
            throw AbilityCatalogueError(file: file, line: error.line, message: "column \(error.column): \(error.message)")
        }
        guard let header = records.first else {
            throw AbilityCatalogueError(file: file, line: 1, message: "is empty; expected the header " + columns.joined(separator: ","))
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard Set(names) == Set(columns), names.count == columns.count else {
            throw AbilityCatalogueError(file: file, line: header.line, message:
                "has the header \(names.joined(separator: ",")); expected the columns \(columns.joined(separator: ",")) (in any order)")
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var entries: [Entry] = []
        for record in records.dropFirst() {
            func fail(_ message: String) -> AbilityCatalogueError {
                AbilityCatalogueError(file: file, line: record.line, message: message)
            }
            guard record.fields.count == columns.count else {
                throw fail("has \(record.fields.count) fields; expected \(columns.count) (\(columns.joined(separator: ",")))")
            }
            func field(_ name: String) -> String { record.fields[index[name]!].trimmingCharacters(in: .whitespaces) }
            let ability = field("ability")
            guard !ability.isEmpty else { throw fail("has an empty ability") }
            guard !entries.contains(where: { $0.ability == ability }) else { throw fail("repeats the ability \"\(ability)\"") }
            guard let flops = Double(field("emergence_flops")), flops.isFinite, flops > 0 else {
                throw fail("has emergence_flops \"\(field("emergence_flops"))\"; expected a positive number such as 1e22")
            }
            let tasks = field("tasks").split(separator: " ").map(String.init)
            for task in tasks where task.dropLast(task.hasSuffix("*") ? 1 : 0).contains("*") || task == "*" {
                throw fail("has the task \"\(task)\"; expected a task name or a prefix followed by one final *")
            }
            entries.append(Entry(ability: ability, description: field("description"), emergenceFlops: flops,
                                 source: field("source"), tasks: tasks))
        }
        return AbilityCatalogue(entries: entries)
    }
}

/// A problem in an ability catalogue file, at a 1-based line (0: the file as a whole).
public struct AbilityCatalogueError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { line > 0 ? "\(file):\(line): line \(line) \(message)." : "\(file) \(message)." }
}
