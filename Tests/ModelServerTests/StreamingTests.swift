import Foundation
import ModelServer
import OpenAIWire
import RemoteBackend
import Testing

@Suite("stream: true sends Server-Sent Events in vLLM's chunk shapes, on both endpoints", .serialized)
struct StreamingTests {
    static let messages = [ChatMessage(role: "system", content: "Answer briefly."), ChatMessage(role: "user", content: "Q: 12+30= A:")]

    @Test("chat: role chunk, content chunks, finish chunk per choice, usage chunk last; the pieces join to the non-streamed text")
    func chatStream() async throws {
        try await withServer { server in
            let client = try OpenAIClient(baseURL: server.baseURL)
            var request = ChatCompletionRequest(model: Fixture.name, messages: Self.messages, maxTokens: 20, temperature: 1,
                                                n: 2, logprobs: true, topLogprobs: 2, seed: 7, stop: [" the"])
            let whole = try await client.chat(request)
            request.streamOptions = StreamOptions(includeUsage: true)
            var chunks: [ChatCompletionChunk] = []
            for try await chunk in client.streamChat(request) { chunks.append(chunk) }
            #expect(chunks.allSatisfy { $0.object == "chat.completion.chunk" && $0.id == chunks[0].id })
            let usage = try #require(chunks.last?.usage)
            #expect(chunks.last?.choices.isEmpty == true)
            #expect(usage == whole.usage)
            for index in 0..<2 {
                let mine = chunks.flatMap { $0.choices.filter { $0.index == index } }
                #expect(mine.first?.delta.role == "assistant")
                #expect(mine.dropFirst().allSatisfy { $0.delta.role == nil })
                #expect(mine.last?.finishReason == whole.choices[index].finishReason)
                #expect(mine.dropLast().allSatisfy { $0.finishReason == nil })
                #expect(mine.compactMap(\.delta.content).joined() == whole.choices[index].message.content)
                let streamedTokens = mine.flatMap { $0.logprobs?.content ?? [] }
                let wholeTokens = whole.choices[index].logprobs?.content ?? []
                #expect(streamedTokens.map(\.token) == wholeTokens.map(\.token))
                #expect(streamedTokens.allSatisfy { $0.topLogprobs.count == 2 })
            }
            // Choice 0's chunks all come before choice 1's.
            let order = chunks.flatMap { $0.choices.map(\.index) }
            #expect(order == order.sorted())
        }
    }

    @Test("completions: text chunks then the finish chunk; joined text, tokens and finish reason equal the non-streamed answer")
    func completionStream() async throws {
        try await withServer { server in
            let client = try OpenAIClient(baseURL: server.baseURL)
            var request = CompletionRequest(model: Fixture.name, prompt: .texts(["Q: 12+30= A:", "The license"]), maxTokens: 16,
                                            temperature: 0.8, logprobs: 1, seed: 3)
            request.ignoreEOS = true
            let whole = try await client.complete(request)
            var chunks: [CompletionChunk] = []
            for try await chunk in client.streamCompletion(request) { chunks.append(chunk) }
            #expect(chunks.allSatisfy { $0.object == "text_completion" && $0.usage == nil })
            for choice in whole.choices {
                let mine = chunks.flatMap { $0.choices.filter { $0.index == choice.index } }
                #expect(mine.map(\.text).joined() == choice.text)
                #expect(mine.flatMap { $0.logprobs?.tokens ?? [] } == choice.logprobs?.tokens)
                let streamed = mine.flatMap { $0.logprobs?.tokenLogprobs ?? [] }.compactMap { $0 }
                let scored = (choice.logprobs?.tokenLogprobs ?? []).compactMap { $0 }
                #expect(streamed.count == scored.count && zip(streamed, scored).allSatisfy { abs($0 - $1) < 1e-4 })
                #expect(mine.last?.finishReason == choice.finishReason && mine.dropLast().allSatisfy { $0.finishReason == nil })
            }
        }
    }

    @Test("the raw stream is data: lines with blank lines between, ending in data: [DONE]; echo with stream is refused")
    func framing() async throws {
        try await withServer { server in
            let body = try JSONSerialization.data(withJSONObject: [
                "model": Fixture.name, "prompt": "Q:", "max_tokens": 3, "temperature": 0, "stream": true] as [String: Any])
            let (status, data) = try await rawRequest(server.baseURL + "/completions", body: body)
            #expect(status == 200)
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.hasSuffix("data: [DONE]\n\n"))
            let events = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.allSatisfy { $0.hasPrefix("data: ") && !$0.dropFirst(6).contains("\n") })
            var parser = ServerSentEventParser()
            #expect(parser.feed(data).count == events.count)

            let echo = try JSONSerialization.data(withJSONObject: [
                "model": Fixture.name, "prompt": "Q:", "max_tokens": 3, "stream": true, "echo": true] as [String: Any])
            let (refused, answer) = try await rawRequest(server.baseURL + "/completions", body: echo)
            #expect(refused == 400 && (jsonObject(answer)?["error"] as? [String: Any])?["param"] as? String == "echo")
        }
    }

    @Test("a client that disconnects mid-stream stops the generation: the model makes no further tokens, and the server keeps serving")
    func disconnectStopsGeneration() async throws {
        let server = ModelServer(model: Fixture.model, servedName: Fixture.name, chatTemplate: Fixture.chatTemplate)
        try await withServer(server) { running in
            let client = try OpenAIClient(baseURL: running.baseURL)
            // 16 choices of up to ~110 tokens each (the fixture's context is 128): far more than a few chunks.
            var request = CompletionRequest(model: Fixture.name, prompt: .text("The license"), maxTokens: 4000, temperature: 1,
                                            n: 16, seed: 1)
            request.ignoreEOS = true
            let before = server.service.counter.tokens
            var received = 0
            for try await _ in client.streamCompletion(request) {
                received += 1
                if received == 3 { break }   // ends the iteration: the connection closes
            }
            // Let the server notice (at its next write) and stop.
            var settled = server.service.counter.tokens
            for _ in 0..<50 {
                try await Task.sleep(nanoseconds: 100_000_000)
                let now = server.service.counter.tokens
                if now == settled { break }
                settled = now
            }
            try await Task.sleep(nanoseconds: 500_000_000)
            let after = server.service.counter.tokens
            #expect(after == settled, "the model kept generating after the client left")
            #expect(after - before < 16 * 100, "generated \(after - before) tokens: the stream was not stopped")
            // Still serving.
            let answer = try await client.complete(CompletionRequest(model: Fixture.name, prompt: .text("Q:"), maxTokens: 2, temperature: 0))
            #expect(answer.choices.count == 1)
        }
    }
}
