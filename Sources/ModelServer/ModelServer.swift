import ChatTemplates
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
/// semantics), `POST /v1/chat/completions` (see `ChatService`) and
/// `GET /health`. Both POST endpoints stream Server-Sent Events with
/// `stream: true`. Errors are answered with the OpenAI error body: 400 for
/// malformed JSON, unsupported fields or out-of-range parameters, 404 for an
/// unknown model, 413 for a body over `limits.maxBodyBytes`.
public struct ModelServer: Sendable {
    public let service: CompletionService
    public let chat: ChatService
    public let configuration: ServerConfiguration
    private let worker = ModelWorker()

    /// `chatTemplate` renders chat requests' messages (the checkpoint's own,
    /// or one given with `--chat-template`); without one, chat requests get a 400.
    public init(model: CausalLM, servedName: String, chatTemplate: ChatTemplate? = nil,
                configuration: ServerConfiguration = ServerConfiguration()) {
        service = CompletionService(model: model, servedName: servedName, limits: configuration.limits)
        chat = ChatService(completions: service, template: chatTemplate)
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
        let chat = self.chat
        router.post("v1/completions") { request, _ in
            await Self.answer(request, limit: limit) { body in
                let completion: CompletionRequest = try Self.decodeRequest(body, fields: RequestFields.completions)
                try service.validate(completion)
                if completion.stream == true {
                    return Self.eventStream(worker: worker) { send in try service.streamCompletion(completion, send: send) }
                }
                return Self.json(try await worker.run { try service.complete(completion) })
            }
        }
        router.post("v1/chat/completions") { request, _ in
            await Self.answer(request, limit: limit) { body in
                let conversation: ChatCompletionRequest = try Self.decodeRequest(body, fields: RequestFields.chat)
                _ = try chat.prepare(conversation)
                if conversation.stream == true {
                    return Self.eventStream(worker: worker) { send in try chat.stream(conversation, send: send) }
                }
                return Self.json(try await worker.run { try chat.complete(conversation) })
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

    /// Reads the body (413 over the limit) and answers with `handle`;
    /// errors become OpenAI error bodies with their status.
    static func answer(_ request: Request, limit: Int, _ handle: (ByteBuffer) async throws -> Response) async -> Response {
        do {
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: limit)
            } catch let error as HTTPResponseError where error.status == .contentTooLarge {
                throw APIError.tooLarge(limit: limit)
            }
            return try await handle(body)
        } catch {
            let failure = apiError(error)
            return json(failure.body, status: failure.status)
        }
    }

    static func apiError(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as InferenceError: return APIError.invalid(error.description)
        default: return APIError.internalError("\(error)")
        }
    }

    /// Decodes a request body: malformed JSON, a wrong type or a field the
    /// endpoint does not support is a 400 that names the field.
    static func decodeRequest<Body: Decodable>(_ body: ByteBuffer, fields: Set<String>) throws -> Body {
        let data = Data(body.readableBytesView)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw APIError.invalid("The body is not a JSON object.", code: "invalid_json")
        }
        try RequestFields.check(object, supported: fields)
        do {
            return try JSONDecoder().decode(Body.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError.invalid("'\(key.stringValue)' is required.", param: key.stringValue)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            let param = context.codingPath.first?.stringValue
            throw APIError.invalid("Invalid value for '\(param ?? "body")': \(context.debugDescription)", param: param)
        }
    }

    /// A `text/event-stream` answer: `produce` runs on the model worker and
    /// hands over event payloads; each is written as `data: …` as soon as it
    /// comes, then `data: [DONE]`. When the client goes away (a write fails
    /// or the response task ends), `send` starts returning false, which
    /// stops the generation before its next token. An error after the first
    /// event is written as an error event before `[DONE]`.
    static func eventStream(worker: ModelWorker, produce: @escaping @Sendable (_ send: @escaping (String) -> Bool) throws -> Void) -> Response {
        let body = ResponseBody { writer in
            let (events, continuation) = AsyncStream<String>.makeStream()
            let open = StreamGate()
            continuation.onTermination = { _ in open.close() }
            let generation = Task {
                do {
                    try await worker.run {
                        try produce { payload in
                            guard open.isOpen else { return false }
                            continuation.yield(payload)
                            return open.isOpen
                        }
                    }
                } catch {
                    continuation.yield(encodedError(apiError(error)))
                }
                continuation.finish()
            }
            defer { open.close() }
            for await payload in events {
                do {
                    try await writer.write(ByteBuffer(string: ServerSentEvents.event(payload)))
                } catch {
                    open.close()
                    generation.cancel()
                    throw error
                }
            }
            try await writer.write(ByteBuffer(string: ServerSentEvents.event(ServerSentEvents.done)))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    private static func encodedError(_ error: APIError) -> String { CompletionService.encoded(error.body) }

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
