import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 built on raw sockets, answering each
/// request as a script says: a status and body, silence (the connection
/// stays open until `stop()`), or a 200 whose body trickles in one byte per
/// interval and never ends. For fault tests of the client only; every
/// reply closes its connection.
final class ScriptedHTTPServer: @unchecked Sendable {
    enum Reply: Sendable {
        case answer(status: Int, body: String, headers: [String: String] = [:])
        case silence
        case trickle(interval: Double)
    }

    let port: Int
    private let listener: Int32
    private let script: @Sendable (Int) -> Reply
    private let lock = NSLock()
    private var received = 0
    private var stopped = false
    private var openConnections: [Int32] = []

    /// `script(k)` answers the k-th request (0-based).
    init(script: @escaping @Sendable (Int) -> Reply) throws {
        self.script = script
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Requests received so far.
    var requestCount: Int { lock.lock(); defer { lock.unlock() }; return received }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    func stop() {
        lock.lock()
        stopped = true
        let connections = openConnections
        openConnections = []
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    private func acceptLoop() {
        while !isStopped {
            let fd = accept(listener, nil, nil)
            if fd < 0 { if isStopped { return } else { continue } }
            Thread.detachNewThread { [self] in serve(fd) }
        }
    }

    private func serve(_ fd: Int32) {
        guard readRequest(fd) else { close(fd); return }
        lock.lock()
        let number = received
        received += 1
        lock.unlock()
        switch script(number) {
        case .answer(let status, let body, let headers):
            var head = "HTTP/1.1 \(status) Scripted\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            let bytes = Array((head + "\r\n" + body).utf8)
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            shutdown(fd, Int32(SHUT_WR))
            close(fd)
        case .silence:
            lock.lock()
            if stopped { lock.unlock(); close(fd); return }
            openConnections.append(fd)
            lock.unlock()
        case .trickle(let interval):
            lock.lock()
            if stopped { lock.unlock(); close(fd); return }
            openConnections.append(fd)
            lock.unlock()
            let head = Array("HTTP/1.1 200 Scripted\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n".utf8)
            var sent = head.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            while sent > 0 && !isStopped {
                Thread.sleep(forTimeInterval: interval)
                sent = [UInt8(ascii: " ")].withUnsafeBytes { send(fd, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }
            }
        }
    }

    /// Reads one request's head and its Content-Length body.
    private func readRequest(_ fd: Int32) -> Bool {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headEnd: Int?
        var needed = Int.max
        while data.count < needed {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return headEnd != nil }
            data += buffer[0..<n]
            if headEnd == nil, let end = Self.find([13, 10, 13, 10], in: data) {
                headEnd = end + 4
                let head = String(decoding: data[0..<end], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                needed = end + 4 + length
            }
        }
        return true
    }

    private static func find(_ pattern: [UInt8], in data: [UInt8]) -> Int? {
        guard data.count >= pattern.count else { return nil }
        for i in 0...(data.count - pattern.count) where Array(data[i..<(i + pattern.count)]) == pattern { return i }
        return nil
    }
}
