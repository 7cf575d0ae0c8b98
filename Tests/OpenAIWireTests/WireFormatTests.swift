import Foundation
import OpenAIWire
import Testing

@Suite("OpenAI wire format")
struct WireFormatTests {
    @Test("a scoring request writes vLLM's snake_case keys and omits unset ones")
    func scoringRequestKeys() throws {
        let request = CompletionRequest(model: "m", prompt: .text("Q: 1+1="), maxTokens: 0, temperature: 0,
                                        logprobs: 1, echo: true, returnTokenIDs: true)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? [String: Any])
        #expect(Set(object.keys) == ["model", "prompt", "max_tokens", "temperature", "logprobs", "echo", "return_token_ids"])
        #expect(object["max_tokens"] as? Int == 0)
        #expect(object["echo"] as? Bool == true)
    }

    @Test("every prompt shape and a single stop string decode")
    func promptShapes() throws {
        func decode(_ json: String) throws -> CompletionRequest {
            try JSONDecoder().decode(CompletionRequest.self, from: Data(json.utf8))
        }
        #expect(try decode(#"{"model":"m","prompt":"hi"}"#).prompt == .text("hi"))
        #expect(try decode(#"{"model":"m","prompt":["a","b"]}"#).prompt.items == [.text("a"), .text("b")])
        #expect(try decode(#"{"model":"m","prompt":[1,2,3]}"#).prompt == .tokenIDs([1, 2, 3]))
        #expect(try decode(#"{"model":"m","prompt":[[1],[2,3]]}"#).prompt.items == [.tokenIDs([1]), .tokenIDs([2, 3])])
        #expect(try decode(#"{"model":"m","prompt":"x","stop":"\n"}"#).stop == ["\n"])
        #expect(try decode(#"{"model":"m","prompt":"x","stop":["a","b"]}"#).stop == ["a", "b"])
        #expect(throws: DecodingError.self) { try decode(#"{"model":"m","prompt":{"a":1}}"#) }
    }

    @Test("the error body has OpenAI's four keys, param and code explicitly null")
    func errorBody() throws {
        let data = try JSONEncoder().encode(ErrorBody(message: "bad", type: "invalid_request_error"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        #expect(Set(object["error"]!.keys) == ["message", "type", "param", "code"])
        #expect(object["error"]!["param"] is NSNull)
    }

    @Test("a choice writes logprobs, finish_reason and stop_reason as explicit nulls, token ids only when set")
    func choiceNulls() throws {
        let choice = CompletionChoice(index: 0, text: "x", logprobs: nil, finishReason: nil)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(choice)) as? [String: Any])
        #expect(Set(object.keys) == ["index", "text", "logprobs", "finish_reason", "stop_reason"])
        #expect(object["logprobs"] is NSNull && object["stop_reason"] is NSNull)
    }

    @Test("vLLM's extensions decode under their snake_case names")
    func vllmExtensions() throws {
        let json = #"{"model":"m","prompt":"x","top_k":5,"ignore_eos":true,"return_tokens_as_token_ids":true}"#
        let request = try JSONDecoder().decode(CompletionRequest.self, from: Data(json.utf8))
        #expect(request.topK == 5 && request.ignoreEOS == true && request.returnTokensAsTokenIDs == true)
        let again = try JSONDecoder().decode(CompletionRequest.self, from: JSONEncoder().encode(request))
        #expect(again == request)
    }

    @Test("the models list has OpenAI's object names and vLLM's max_model_len")
    func modelList() throws {
        let list = ModelList(data: [ModelCard(id: "tiny", created: 7, maxModelLength: 1024)])
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(list)) as? [String: Any])
        #expect(object["object"] as? String == "list")
        let card = try #require((object["data"] as? [[String: Any]])?.first)
        #expect(card["object"] as? String == "model" && card["owned_by"] as? String == "emerge")
        #expect(card["max_model_len"] as? Int == 1024)
    }
}
