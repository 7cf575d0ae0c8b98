import Foundation

/// Every failure of a call to a remote OpenAI-compatible server, each one
/// clear sentence naming the server.
public enum RemoteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The base URL cannot be used to build request URLs.
    case invalidBaseURL(String)
    /// No complete answer within the per-request timeout, on every attempt.
    case timedOut(url: String, seconds: Double, attempts: Int)
    /// The connection failed (refused, reset, host unreachable) on every attempt.
    case connectionFailed(url: String, detail: String, attempts: Int)
    /// The server answered with an HTTP error; `message` is its error body's message when it had one.
    case httpStatus(url: String, status: Int, message: String, attempts: Int)
    /// The server's answer is not the JSON shape expected.
    case malformedResponse(url: String, detail: String)
    /// The answer lacks something this request needs (log-probs, token ids, …).
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalidBaseURL(let url):
            return "'\(url)' is not a usable base URL (expected e.g. http://127.0.0.1:8000/v1)."
        case .timedOut(let url, let seconds, let attempts):
            return "The server at \(url) did not answer within \(Self.format(seconds)) s (\(attempts) attempt\(attempts == 1 ? "" : "s"))."
        case .connectionFailed(let url, let detail, let attempts):
            return "Could not connect to \(url) (\(detail); \(attempts) attempt\(attempts == 1 ? "" : "s"))."
        case .httpStatus(let url, let status, let message, let attempts):
            let suffix = attempts > 1 ? " after \(attempts) attempts" : ""
            return "The server at \(url) answered HTTP \(status)\(suffix): \(message)"
        case .malformedResponse(let url, let detail):
            return "The server at \(url) sent an unexpected answer: \(detail)."
        case .unsupported(let detail):
            return detail
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.2f", seconds)
    }
}
