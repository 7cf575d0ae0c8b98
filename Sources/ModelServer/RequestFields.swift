import Foundation

/// The body fields each endpoint honours. Any other field is refused with a
/// 400 that names it, never ignored: a client that asks for tools, images,
/// penalties or biases must learn that it did not get them. A field sent as
/// null, or with the value that means "off" (a zero penalty, an empty bias),
/// asks for nothing and passes.
enum RequestFields {
    static let completions: Set<String> = [
        "model", "prompt", "max_tokens", "temperature", "top_p", "top_k", "n", "logprobs", "echo", "seed", "stop",
        "stream", "stream_options", "return_token_ids", "return_tokens_as_token_ids", "ignore_eos", "user",
    ]
    static let chat: Set<String> = [
        "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "n", "logprobs",
        "top_logprobs", "seed", "stop", "stream", "stream_options", "add_generation_prompt", "continue_final_message",
        "return_token_ids", "return_tokens_as_token_ids", "ignore_eos", "user",
    ]
    /// Per message: role and content only (names, tool calls and the like are not supported).
    static let message: Set<String> = ["role", "content"]

    /// Throws a 400 naming the first field of `object` outside `supported`
    /// that asks for something.
    static func check(_ object: [String: Any], supported: Set<String>) throws {
        for key in object.keys.sorted() where !supported.contains(key) && !asksForNothing(key, object[key]!) {
            throw APIError.invalid("'\(key)' is not supported by this server; send the request without it.",
                                   param: key, code: "unsupported_parameter")
        }
        if let options = object["stream_options"] as? [String: Any] {
            for key in options.keys.sorted() where key != "include_usage" && !(options[key] is NSNull) {
                throw APIError.invalid("stream_options.\(key) is not supported; only include_usage is.",
                                       param: "stream_options", code: "unsupported_parameter")
            }
        }
        for (index, message) in (object["messages"] as? [[String: Any]] ?? []).enumerated() {
            for key in message.keys.sorted() where !Self.message.contains(key) && !(message[key] is NSNull) {
                throw APIError.invalid("messages[\(index)].\(key) is not supported; a message has a role and a text content.",
                                       param: "messages", code: "unsupported_parameter")
            }
        }
    }

    private static func asksForNothing(_ key: String, _ value: Any) -> Bool {
        if value is NSNull { return true }
        switch key {
        case "frequency_penalty", "presence_penalty": return (value as? NSNumber)?.doubleValue == 0
        case "repetition_penalty": return (value as? NSNumber)?.doubleValue == 1
        case "logit_bias": return (value as? [String: Any])?.isEmpty == true
        case "tools", "functions": return (value as? [Any])?.isEmpty == true
        case "tool_choice": return value as? String == "none"
        case "response_format": return (value as? [String: Any])?["type"] as? String == "text"
        case "best_of": return (value as? NSNumber)?.intValue == 1
        case "suffix": return value as? String == ""
        default: return false
        }
    }
}
