import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OpenAIWire

extension OpenAIClient {
    /// POST /v1/chat/completions, with the same timeout, retries and
    /// concurrency bound as `complete`. A server that refuses the vLLM
    /// extension `return_token_ids` by name (HTTP 400) is asked again without it.
    public func chat(_ request: ChatCompletionRequest) async throws -> ChatCompletionResponse {
        do {
            let body = try await limiter.withSlot { try await self.exchange(try self.post("chat/completions", body: request)) }
            return try decode(ChatCompletionResponse.self, from: body, path: "chat/completions")
        } catch let error as RemoteError where Self.refusesTokenIDs(error, asked: request.returnTokenIDs != nil) {
            var plain = request
            plain.returnTokenIDs = nil
            return try await chat(plain)
        }
    }

    /// POST /v1/chat/completions from synchronous code (blocks the calling
    /// thread; never call it from a Swift concurrency task or an event loop).
    public func chatBlocking(_ request: ChatCompletionRequest) throws -> ChatCompletionResponse {
        do {
            blockingSlots.wait()
            defer { blockingSlots.signal() }
            let body = try exchangeBlocking(try post("chat/completions", body: request))
            return try decode(ChatCompletionResponse.self, from: body, path: "chat/completions")
        } catch let error as RemoteError where Self.refusesTokenIDs(error, asked: request.returnTokenIDs != nil) {
            var plain = request
            plain.returnTokenIDs = nil
            return try chatBlocking(plain)
        }
    }

    /// POST /v1/completions with `stream: true`: the chunks as the server
    /// sends them, ending after `data: [DONE]`. One attempt, no retries (a
    /// stream cannot be resumed); the timeout bounds the whole stream.
    /// Ending the iteration early, or cancelling the consuming task, closes
    /// the connection, which a streaming server takes as the end of the
    /// generation. An error event or an HTTP error is thrown as `RemoteError`.
    public func streamCompletion(_ request: CompletionRequest) -> AsyncThrowingStream<CompletionChunk, any Error> {
        var streamed = request
        streamed.stream = true
        return events(path: "completions", body: streamed, as: CompletionChunk.self)
    }

    /// POST /v1/chat/completions with `stream: true`, as `streamCompletion`.
    public func streamChat(_ request: ChatCompletionRequest) -> AsyncThrowingStream<ChatCompletionChunk, any Error> {
        var streamed = request
        streamed.stream = true
        return events(path: "chat/completions", body: streamed, as: ChatCompletionChunk.self)
    }

    private func events<Chunk: Decodable & Sendable>(path: String, body: some Encodable & Sendable,
                                                      as: Chunk.Type) -> AsyncThrowingStream<Chunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Chunk, any Error>.makeStream()
        let task = Task {
            do {
                var request = HTTPClientRequest(url: url(path))
                request.method = .POST
                request.headers = headers()
                request.headers.replaceOrAdd(name: "Accept", value: "text/event-stream")
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
                let response = try await HTTPTransport.client.execute(request, timeout: .nanoseconds(Int64(settings.timeout * 1e9)))
                guard response.status == .ok else {
                    let answer = try await response.body.collect(upTo: 1 << 20)
                    throw RemoteError.httpStatus(url: url(path), status: Int(response.status.code),
                                                 message: Self.errorMessage(answer), attempts: 1)
                }
                var parser = ServerSentEventParser()
                for try await buffer in response.body {
                    for payload in parser.feed(buffer.readableBytesView) {
                        if payload == ServerSentEvents.done { continuation.finish(); return }
                        let data = Data(payload.utf8)
                        if let failure = try? JSONDecoder().decode(ErrorBody.self, from: data) {
                            throw RemoteError.httpStatus(url: url(path), status: 200, message: failure.error.message, attempts: 1)
                        }
                        continuation.yield(try decode(Chunk.self, from: ByteBuffer(bytes: data), path: path))
                    }
                }
                throw RemoteError.malformedResponse(url: url(path), detail: "the event stream ended without data: [DONE]")
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Whether `error` is a 400 naming `return_token_ids` (a server without the vLLM extension).
    static func refusesTokenIDs(_ error: RemoteError, asked: Bool) -> Bool {
        guard asked, case .httpStatus(_, 400, let message, _) = error else { return false }
        return message.contains("return_token_ids")
    }
}
