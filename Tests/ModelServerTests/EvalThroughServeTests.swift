import Elicitation
import Experiments
import Foundation
import InferenceCore
import ModelServer
import RemoteBackend
import ResultsStore
import Testing

/// `eval` through `serve` (the runner with a `RemoteTextModel`) against the
/// same runner with the local core, on a synthetic task and a temporary store.
@Suite("eval through serve", .serialized)
struct EvalThroughServeTests {
    static func temporaryStore() throws -> ResultsDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emerge-serving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try ResultsDatabase(path: directory.appendingPathComponent("store.sqlite").path)
    }

    /// Runs the runner off the Swift-concurrency pool (TextModel calls block their thread).
    static func runEval(_ runner: EvalRunner, _ model: EvalModel, _ task: EvalTask,
                        _ configuration: EvalConfiguration) async throws -> EvalSummary {
        // The runner and its model are not Sendable; they are used by this one thread only.
        let job = Unchecked((runner, model, task, configuration))
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let (runner, model, task, configuration) = job.value
                continuation.resume(with: Result { try runner.run(model: model, task: task, configuration: configuration) })
            }
        }
    }

    static func remoteModel(_ server: RunningServer, retries: Int = 5) throws -> EvalModel {
        let client = try OpenAIClient(baseURL: server.baseURL, settings: ClientSettings(
            timeout: 30, retry: RetryPolicy(maxRetries: retries, baseDelay: 0.02, maxDelay: 0.1)))
        let remote = RemoteTextModel(name: "remote", client: client, modelName: Fixture.name,
                                     tokenizer: Fixture.model.tokenizer)
        return EvalModel(textModel: remote, name: "remote", backend: "openai")
    }

    @Test("standard, zero-shot CoT and seeded self-consistency give the same outputs remotely and locally",
          arguments: ["standard", "zero-shot-cot", "self-consistency"])
    func equalsLocal(strategyName: String) async throws {
        try await withServer { server in
            let database = try Self.temporaryStore()
            let task = try EvalTask.resolve("add3", database: database, count: 4)
            let configuration = EvalConfiguration(
                strategy: Strategy(name: strategyName)!,
                settings: StrategySettings(samples: 2, temperature: 0.8, maxTokens: 16, seed: 3), limit: 4)
            let localOutcomes = OutcomeLog(), remoteOutcomes = OutcomeLog()
            let local = EvalModel(textModel: InferenceCoreTextModel(model: Fixture.model, name: "local"), name: "local")
            _ = try await Self.runEval(EvalRunner(database: database, onOutcome: localOutcomes.add), local, task, configuration)
            _ = try await Self.runEval(EvalRunner(database: database, onOutcome: remoteOutcomes.add),
                                       try Self.remoteModel(server), task, configuration)
            let l = localOutcomes.sorted, r = remoteOutcomes.sorted
            #expect(l.count == 4 && r.count == 4)
            for ((_, a), (_, b)) in zip(l, r) {
                #expect(a.answer == b.answer)
                #expect(a.response.generation.text == b.response.generation.text)
                #expect(a.response.generation.tokens.map(\.tokenID) == b.response.generation.tokens.map(\.tokenID))
                #expect(zip(a.response.generation.tokens, b.response.generation.tokens)
                    .allSatisfy { abs($0.logprob - $1.logprob) <= 1e-4 })
                #expect((a.samples ?? []).map(\.generation.text) == (b.samples ?? []).map(\.generation.text))
            }
        }
    }

    @Test("the server killed mid-eval and restarted: the re-run completes with every example stored once")
    func killedMidEval() async throws {
        let database = try Self.temporaryStore()
        let task = try EvalTask.resolve("add3", database: database, count: 8)
        let configuration = EvalConfiguration(strategy: .standard, settings: StrategySettings(maxTokens: 8),
                                              limit: 8, chunkSize: 2)
        let first = try await ModelServer(model: Fixture.model, servedName: Fixture.name,
                                          configuration: ServerConfiguration(port: 0)).start()
        let port = first.port
        let stopped = DispatchSemaphore(value: 0)
        let killer = EvalRunner(database: database, progress: { progress in
            // Kill the server once the fifth example is generated (chunks 0–1 and 2–3 are stored).
            if progress.done == 5 && progress.skipped == 0 {
                Task { await first.stop(); stopped.signal() }
                stopped.wait()
            }
        })
        await #expect(throws: (any Error).self) {
            try await Self.runEval(killer, try Self.remoteModel(first, retries: 1), task, configuration)
        }
        let second = try await ModelServer(model: Fixture.model, servedName: Fixture.name,
                                           configuration: ServerConfiguration(port: port)).start()
        let summary = try await Self.runEval(EvalRunner(database: database), try Self.remoteModel(second), task, configuration)
        await second.stop()
        #expect(summary.skipped == 4)
        #expect(summary.evaluated == 4)
        #expect(try database.rowCounts()["output"] == 8)
        // A third run finds everything stored and adds nothing.
        let again = try await Self.runEval(EvalRunner(database: database), try Self.remoteModel(second, retries: 0), task, configuration)
        #expect(again.skipped == 8 && again.evaluated == 0)
        #expect(try database.rowCounts()["output"] == 8)
    }
}

/// Outcomes collected from the runner's callback (called on its thread).
final class OutcomeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(Int, StrategyOutcome)] = []
    func add(_ index: Int, _ outcome: StrategyOutcome) { lock.lock(); items.append((index, outcome)); lock.unlock() }
    var sorted: [(Int, StrategyOutcome)] { lock.lock(); defer { lock.unlock() }; return items.sorted { $0.0 < $1.0 } }
}

/// Hands a value to one other thread (the caller guarantees no concurrent use).
struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
