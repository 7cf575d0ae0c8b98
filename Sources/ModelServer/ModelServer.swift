import Foundation
import Hummingbird
import InferenceCore
import Logging
import OpenAIWire
import ServiceLifecycle

/// Where and how `serve` listens.
public struct ServerConfiguration: Sendable {
    /// Interface to bind; 127.0.0.1 (this machine only) unless asked otherwise.
    public var host: String
    /// TCP port; 0 picks a free one (see `RunningServer.port`).
    public var port: Int
    public var limits: RequestLimits

    public init(host: String = "127.0.0.1", port: Int = 8000, limits: RequestLimits = RequestLimits()) {
        self.host = host; self.port = port; self.limits = limits
    }
}

/// The local inference core behind an OpenAI-compatible HTTP API:
/// `GET /v1/models`, `POST /v1/completions` (see `CompletionService` for the
/// semantics) and `GET /health`. Errors are answered with the OpenAI error
/// body: 400 for malformed JSON or out-of-range parameters, 404 for an unknown
/// model, 413 for a body over `limits.maxBodyBytes`.
public struct ModelServer: Sendable {
    public let service: CompletionService
    public let configuration: ServerConfiguration
    private let worker = ModelWorker()

    public init(model: CausalLM, servedName: String, configuration: ServerConfiguration = ServerConfiguration()) {
        service = CompletionService(model: model, servedName: servedName, limits: configuration.limits)
        self.configuration = configuration
    }

    /// Serves until SIGINT or SIGTERM, then stops accepting, finishes the
    /// requests in flight and returns. `onListening` gets the bound port.
    public func run(logLevel: Logger.Level = .info, onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let app = application(logLevel: logLevel, onListening: onListening)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// Starts serving in the background (for tests and benchmarks); stop it with `RunningServer.stop()`.
    public func start(logLevel: Logger.Level = .warning) async throws -> RunningServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = application(logLevel: logLevel) { continuation.yield($0) }
        var logger = Logger(label: "emerge.serve")
        logger.logLevel = logLevel
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await port in ports { return RunningServer(port: port, group: group, task: task) }
        try await task.value
        throw APIError.internalError("The server stopped before it listened.")
    }

    func application(logLevel: Logger.Level, onListening: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol {
        let router = Router()
        let service = self.service, worker = self.worker, limit = configuration.limits.maxBodyBytes
        router.get("health") { _, _ in Response(status: .ok) }
        router.get("v1/models") { _, _ in Self.json(service.modelList) }
        router.post("v1/completions") { request, _ in
            do {
                let body: ByteBuffer
                do {
                    body = try await request.body.collect(upTo: limit)
                } catch let error as HTTPResponseError where error.status == .contentTooLarge {
                    throw APIError.tooLarge(limit: limit)
                }
                let completion = try Self.decodeRequest(body)
                try service.validate(completion)
                let answer = try await worker.run { try service.complete(completion) }
                return Self.json(answer)
            } catch let error as APIError {
                return Self.json(error.body, status: error.status)
            } catch let error as InferenceError {
                return Self.json(APIError.invalid(error.description).body, status: 400)
            } catch {
                return Self.json(APIError.internalError("\(error)").body, status: 500)
            }
        }
        var logger = Logger(label: "emerge.serve")
        logger.logLevel = logLevel
        return Application(router: router,
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                serverName: "emerge"),
                           onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
                           logger: logger)
    }

    /// Decodes a completion request; malformed JSON or a wrong type is a 400
    /// that names the field.
    static func decodeRequest(_ body: ByteBuffer) throws -> CompletionRequest {
        let data = Data(body.readableBytesView)
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw APIError.invalid("The body is not a JSON object.", code: "invalid_json")
        }
        do {
            return try JSONDecoder().decode(CompletionRequest.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError.invalid("'\(key.stringValue)' is required.", param: key.stringValue)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            let param = context.codingPath.first?.stringValue
            throw APIError.invalid("Invalid value for '\(param ?? "body")': \(context.debugDescription)", param: param)
        }
    }

    static func json(_ value: some Encodable, status: Int = 200) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: HTTPResponse.Status(code: status),
                        headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A server started with `ModelServer.start()`.
public final class RunningServer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port; self.group = group; self.task = task
    }

    /// `http://127.0.0.1:PORT/v1`.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Graceful shutdown: stop accepting, finish the requests in flight, return.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
