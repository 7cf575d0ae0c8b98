import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The process-wide HTTP client every `OpenAIClient` sends through, on the
/// NIO event loops the process already runs (Hummingbird's, when serving).
///
/// One client for the whole process, never shut down, because its
/// connection pool is what should be shared: `OpenAIClient` values are
/// created freely and have no close call. It does not retry failed
/// connections itself (the default would retry until the request's deadline)
/// so that `RetryPolicy` alone decides, and it keeps enough connections per
/// host for the async and the blocking bounds of several clients together.
enum HTTPTransport {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The socket error behind a failed connection: NIO reports it bare for
    /// an address, or inside `NIOConnectionError` after resolving a host name.
    static func ioError(in error: any Error) -> IOError? {
        if let io = error as? IOError { return io }
        if let connection = error as? NIOConnectionError {
            return connection.connectionErrors.lazy.compactMap { $0.error as? IOError }.first
        }
        return nil
    }

    /// Whether the host name could not be resolved.
    static func isUnknownHost(_ error: any Error) -> Bool {
        guard let connection = error as? NIOConnectionError else { return false }
        return connection.connectionErrors.isEmpty && (connection.dnsAError != nil || connection.dnsAAAAError != nil)
    }
}
