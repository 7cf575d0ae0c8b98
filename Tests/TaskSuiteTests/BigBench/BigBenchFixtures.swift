import Foundation
@testable import TaskSuite

/// The BIG-bench task files under Tests/TaskSuiteTests/Fixtures/bigbench:
/// real files of the `bigbench` 1.0.0 package (canary kept), trimmed to
/// 15–30 examples each: `simple_arithmetic_json` (whole), `arithmetic` (the
/// parent and two subtasks), `analogical_similarity` and `word_unscrambling`.
enum BigBenchFixtures {
    static let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        .appendingPathComponent("bigbench")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The one task of a leaf task file.
    static func task(_ relative: String) throws -> BigBenchTask {
        let tasks = try BigBenchTaskReader.read(path: path(relative))
        precondition(tasks.count == 1, "\(relative) holds \(tasks.count) tasks")
        return tasks[0]
    }

    /// Writes `text` as `task.json` in a fresh folder `name` under `dir`; returns the file's path.
    static func write(_ text: String, folder name: String, in dir: URL) throws -> String {
        let folder = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("task.json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bigbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
