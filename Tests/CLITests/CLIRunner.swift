import Foundation

/// What one run of the `emerge-analyze` binary printed and returned.
struct CLIResult: Sendable {
    var stdout: String
    var stderr: String
    var exitCode: Int32
}

/// Runs the built `emerge-analyze` binary for end-to-end tests.
///
/// The binary is found, in order: `$EMERGE_ANALYZE_BIN`; next to the test
/// bundle (the build folder `swift test` used); the newest
/// `.build*/{debug,release}/emerge-analyze` under the package root.
enum CLIRunner {
    static let binary: URL? = locate()

    static func locate() -> URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["EMERGE_ANALYZE_BIN"], fm.isExecutableFile(atPath: env) {
            return URL(fileURLWithPath: env)
        }
        var candidates: [URL] = []
        // The test runner lives in the build folder (e.g. .build/debug/emergePackageTests.xctest).
        if let runner = Bundle.main.executableURL {
            candidates.append(runner.deletingLastPathComponent().appendingPathComponent("emerge-analyze"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("emerge-analyze"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("emerge-analyze"))
        for bundle in Bundle.allBundles {
            var url = bundle.bundleURL
            for _ in 0..<3 {
                url = url.deletingLastPathComponent()
                candidates.append(url.appendingPathComponent("emerge-analyze"))
            }
        }
        if let first = candidates.first(where: { fm.isExecutableFile(atPath: $0.path) }) { return first }
        // Package root: two folders above this file (Tests/CLITests/CLIRunner.swift).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let builds = (try? fm.contentsOfDirectory(atPath: root.path))?.filter { $0.hasPrefix(".build") } ?? []
        let found = builds.flatMap { build in
            ["debug", "release"].map { root.appendingPathComponent(build).appendingPathComponent($0)
                .appendingPathComponent("emerge-analyze") }
        }.filter { fm.isExecutableFile(atPath: $0.path) }
        return found.max { a, b in modified(a) < modified(b) }
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// Runs `emerge-analyze args…` with `environment` added to this process's
    /// environment (EMERGE_DB removed unless given), in `directory` if set.
    static func run(_ args: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> CLIResult {
        guard let binary else { throw CLIRunnerError.binaryNotFound }
        let process = Process()
        process.executableURL = binary
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "EMERGE_DB")
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a chatty command cannot block on a full pipe.
        let outData = LockedData(), errData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData.set(out.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData.set(err.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        process.waitUntilExit()
        group.wait()
        return CLIResult(stdout: String(decoding: outData.get(), as: UTF8.self),
                         stderr: String(decoding: errData.get(), as: UTF8.self),
                         exitCode: process.terminationStatus)
    }
}

enum CLIRunnerError: Error, CustomStringConvertible {
    case binaryNotFound
    var description: String {
        "emerge-analyze was not found; build it (swift build) or set EMERGE_ANALYZE_BIN."
    }
}

private final class LockedData: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
