import Foundation
import OpenAIWire
import Testing

@Suite("Server-Sent Events framing and the chat wire format")
struct StreamFramingTests {
    @Test("events split across arbitrary byte boundaries come out whole, in order, with [DONE] as a payload")
    func parserAcrossPieces() {
        let stream = ServerSentEvents.event(#"{"a":1}"#) + ServerSentEvents.event(#"{"b":"x y"}"#) + ServerSentEvents.event(ServerSentEvents.done)
        #expect(stream == "data: {\"a\":1}\n\ndata: {\"b\":\"x y\"}\n\ndata: [DONE]\n\n")
        let bytes = Array(stream.utf8)
        for size in [1, 2, 3, 7, bytes.count] {
            var parser = ServerSentEventParser()
            var payloads: [String] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                payloads += parser.feed(bytes[start..<min(start + size, bytes.count)])
            }
            #expect(payloads == [#"{"a":1}"#, #"{"b":"x y"}"#, "[DONE]"], "piece size \(size)")
        }
    }

    @Test("CRLF line ends, comments, other fields and multi-line data follow the event-stream rules")
    func parserRules() {
        var parser = ServerSentEventParser()
        let text = ": keep-alive\r\nevent: message\r\ndata: first\r\ndata:second\r\n\r\nid: 7\n\ndata: last\r"
        #expect(parser.feed(Array(text.utf8)) == ["first\nsecond"])
        #expect(parser.feed(Array("\n\n".utf8)) == ["last"])
    }

    @Test("a chat request decodes string and list content and one stop string; the token limit prefers max_completion_tokens")
    func chatRequest() throws {
        let json = #"{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}],"stop":"\n","max_tokens":5,"max_completion_tokens":9,"stream_options":{"include_usage":true}}"#
        let request = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(json.utf8))
        #expect(request.messages.map { $0.content.joinedText } == ["be brief", "a\nb"])
        #expect(request.stop == ["\n"] && request.tokenLimit == 9 && request.streamOptions?.includeUsage == true)
        let image = #"[{"type":"image_url","image_url":{"url":"x"}}]"#
        #expect(try JSONDecoder().decode(ChatContent.self, from: Data(image.utf8)).joinedText == nil)
    }

    @Test("a chat chunk writes delta, logprobs and finish_reason (null until the end) as vLLM does")
    func chatChunkShape() throws {
        let chunk = ChatCompletionChunk(id: "c", created: 1, model: "m",
                                        choices: [ChatChunkChoice(index: 0, delta: ChatResponseMessage(role: "assistant", content: ""))])
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(chunk)) as? [String: Any])
        #expect(object["object"] as? String == "chat.completion.chunk")
        let choice = try #require((object["choices"] as? [[String: Any]])?.first)
        #expect(choice["finish_reason"] is NSNull && choice["logprobs"] is NSNull)
        #expect((choice["delta"] as? [String: Any])?["role"] as? String == "assistant")
    }
}
