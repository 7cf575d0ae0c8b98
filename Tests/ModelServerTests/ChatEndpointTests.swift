import ChatTemplates
import Foundation
import ModelServer
import OpenAIWire
import RemoteBackend
import Testing

@Suite("POST /v1/chat/completions renders the chat template and answers in vLLM's shape", .serialized)
struct ChatEndpointTests {
    struct Expected: Decodable {
        struct Case: Decodable { var messages: [[String: String]]; var ids: [Int] }
        var cases: [Case]
    }
    static let expected: Expected = try! JSONDecoder().decode(Expected.self, from: Data(contentsOf:
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/chat/expected-ids.json")))

    @Test("the prompt's ids equal Hugging Face's apply_chat_template ids for the same template and messages")
    func promptIDsMatchHuggingFace() async throws {
        try await withServer { server in
            let client = try OpenAIClient(baseURL: server.baseURL)
            for reference in Self.expected.cases {
                var request = ChatCompletionRequest(model: Fixture.name,
                                                    messages: reference.messages.map { ChatMessage(role: $0["role"]!, content: $0["content"]!) },
                                                    maxTokens: 1, temperature: 0)
                request.returnTokenIDs = true
                let answer = try await client.chat(request)
                #expect(answer.promptTokenIDs == reference.ids)
                #expect(answer.usage?.promptTokens == reference.ids.count)
            }
        }
    }

    @Test("a chat answer is the completion of the rendered prompt: same text, log-probs per generated token, usage")
    func answerEqualsCompletionOfRenderedPrompt() async throws {
        try await withServer { server in
            let client = try OpenAIClient(baseURL: server.baseURL)
            let reference = Self.expected.cases[1]
            var request = ChatCompletionRequest(model: Fixture.name,
                                                messages: reference.messages.map { ChatMessage(role: $0["role"]!, content: $0["content"]!) },
                                                maxTokens: 12, temperature: 0, logprobs: true, topLogprobs: 3)
            request.ignoreEOS = true
            let chat = try await client.chat(request)
            var plain = CompletionRequest(model: Fixture.name, prompt: .tokenIDs(reference.ids), maxTokens: 12, temperature: 0)
            plain.ignoreEOS = true
            let completion = try await client.complete(plain)
            #expect(chat.object == "chat.completion")
            let choice = try #require(chat.choices.first)
            #expect(choice.message.role == "assistant")
            #expect(choice.message.content == completion.choices[0].text)
            #expect(choice.finishReason == "length")
            let tokens = try #require(choice.logprobs?.content)
            #expect(tokens.count == 12 && chat.usage?.completionTokens == 12)
            #expect(tokens.map(\.token).joined() == choice.message.content)
            for token in tokens {
                #expect(token.topLogprobs.count == 3)
                #expect(token.topLogprobs.map(\.logprob) == token.topLogprobs.map(\.logprob).sorted(by: >))
                #expect(token.bytes == Array(token.token.utf8).map(Int.init))
                // Greedy decoding: the chosen token is the most likely one.
                #expect(abs(token.topLogprobs[0].logprob - token.logprob) < 1e-9)
            }
        }
    }

    @Test("list content (text parts) equals the same text as a string; continue_final_message leaves the assistant turn open")
    func contentPartsAndContinuation() async throws {
        try await withServer { server in
            let client = try OpenAIClient(baseURL: server.baseURL)
            func ids(_ messages: [ChatMessage], continuing: Bool = false) async throws -> [Int] {
                var request = ChatCompletionRequest(model: Fixture.name, messages: messages, maxTokens: 1, temperature: 0)
                request.returnTokenIDs = true
                if continuing { request.continueFinalMessage = true; request.addGenerationPrompt = false }
                return try #require(try await client.chat(request).promptTokenIDs)
            }
            let parts = try await ids([ChatMessage(role: "user", content: .parts([.init(text: "Q: 1+1="), .init(text: "A:")]))])
            #expect(try parts == Fixture.model.tokenizer.encode("User: Q: 1+1=\nA:\nAssistant:"))
            let open = try await ids([ChatMessage(role: "user", content: "Q: 1+1= A:"),
                                      ChatMessage(role: "assistant", content: "Let's think")], continuing: true)
            #expect(try open == Fixture.model.tokenizer.encode("User: Q: 1+1= A:\nAssistant: Let's think"))
        }
    }
}

@Suite("Bad chat requests get a 400 naming the parameter, and the server keeps serving", .serialized)
struct ChatBadRequestTests {
    static func refused(_ server: RunningServer, _ object: [String: Any], param: String?, code: String? = nil,
                        mentioning text: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (status, data) = try await rawRequest(server.baseURL + "/chat/completions",
                                                  body: try JSONSerialization.data(withJSONObject: object))
        #expect(status == 400, sourceLocation: sourceLocation)
        let error = try #require(jsonObject(data)?["error"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(error["param"] as? String == param, sourceLocation: sourceLocation)
        if let code { #expect(error["code"] as? String == code, sourceLocation: sourceLocation) }
        if let text { #expect((error["message"] as? String ?? "").contains(text), "\(error)", sourceLocation: sourceLocation) }
    }

    static var user: [String: Any] { ["role": "user", "content": "Q: 1+1= A:"] }

    @Test("no messages, an unknown role, image content, n too large, context too long, tools: each a 400; then a valid request works")
    func refusals() async throws {
        try await withServer { server in
            let valid: [String: Any] = ["model": Fixture.name, "messages": [Self.user], "max_tokens": 2, "temperature": 0]
            func with(_ key: String, _ value: Any) -> [String: Any] { var v = valid; v[key] = value; return v }
            try await Self.refused(server, with("messages", [Any]()), param: "messages", mentioning: "at least one message")
            try await Self.refused(server, with("messages", [["role": "wizard", "content": "hi"]]), param: "messages", mentioning: "wizard")
            try await Self.refused(server, with("messages", [["role": "user", "content": [["type": "image_url", "image_url": ["url": "x"]]]]]),
                                   param: "messages", mentioning: "not text")
            try await Self.refused(server, with("n", 17), param: "n")
            try await Self.refused(server, with("messages", [["role": "user", "content": String(repeating: "long words ", count: 200)]]),
                                   param: "messages", code: "context_length_exceeded")
            try await Self.refused(server, with("tools", [["type": "function", "function": ["name": "f"]]]), param: "tools",
                                   code: "unsupported_parameter")
            try await Self.refused(server, with("top_logprobs", 2), param: "top_logprobs", mentioning: "logprobs: true")
            try await Self.refused(server, with("messages", [["role": "user", "content": "hi", "name": "ann"]]), param: "messages")
            let (status, data) = try await rawRequest(server.baseURL + "/chat/completions",
                                                      body: try JSONSerialization.data(withJSONObject: valid))
            #expect(status == 200)
            #expect(((jsonObject(data)?["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["role"] as? String == "assistant")
        }
    }

    @Test("a template that refuses the conversation, and a model without a template, are 400s with the reason")
    func templateRefusals() async throws {
        let strict = try ChatTemplate(source: """
            {%- if messages | length > 1 %}{{ raise_exception('This template takes one message.') }}{% endif %}
            {{- messages[0]['content'] }}
            """)
        try await withServer(chatTemplate: strict) { server in
            let two: [String: Any] = ["model": Fixture.name, "messages": [Self.user, Self.user], "max_tokens": 1]
            try await Self.refused(server, two, param: "messages", code: "chat_template_error", mentioning: "This template takes one message.")
        }
        try await withServer(chatTemplate: nil) { server in
            let one: [String: Any] = ["model": Fixture.name, "messages": [Self.user], "max_tokens": 1]
            try await Self.refused(server, one, param: "messages", code: "chat_template_missing", mentioning: "--chat-template")
            // The completions endpoint still serves.
            let (status, _) = try await rawRequest(server.baseURL + "/completions", body: try JSONSerialization.data(
                withJSONObject: ["model": Fixture.name, "prompt": "Q:", "max_tokens": 1] as [String: Any]))
            #expect(status == 200)
        }
    }
}
