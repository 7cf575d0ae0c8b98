import OpenAIWire

/// A request the server refuses, with the HTTP status and the OpenAI-style
/// error body `{"error": {"message", "type", "param", "code"}}` it answers with.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var type: String
    public var param: String?
    public var code: String?

    public var description: String { message }
    public var body: ErrorBody { ErrorBody(message: message, type: type, param: param, code: code) }

    /// 400: a parameter is missing, malformed or out of range.
    static func invalid(_ message: String, param: String? = nil, code: String? = nil) -> APIError {
        APIError(status: 400, message: message, type: "invalid_request_error", param: param, code: code)
    }

    /// 404: the request names a model this server does not serve.
    static func unknownModel(_ name: String, served: String) -> APIError {
        APIError(status: 404, message: "The model '\(name)' does not exist; this server serves '\(served)'.",
                 type: "invalid_request_error", param: "model", code: "model_not_found")
    }

    /// 413: the body exceeds the server's limit.
    static func tooLarge(limit: Int) -> APIError {
        APIError(status: 413, message: "The request body exceeds the server's limit of \(limit) bytes.",
                 type: "invalid_request_error", param: nil, code: "request_too_large")
    }

    static func internalError(_ message: String) -> APIError {
        APIError(status: 500, message: message, type: "server_error", param: nil, code: nil)
    }
}
