/// Server-Sent Events as OpenAI streams use them: each event is one
/// `data: <json>` line followed by a blank line, and the stream ends with
/// `data: [DONE]`. `ServerSentEventParser` reads them back from bytes that
/// arrive in arbitrary pieces.
public enum ServerSentEvents {
    /// The marker after the last chunk.
    public static let done = "[DONE]"

    /// One event carrying `payload` (which must not contain a newline; JSON from `JSONEncoder` never does).
    public static func event(_ payload: String) -> String { "data: \(payload)\n\n" }
}

/// Incremental reader of an event stream: feed it bytes as they come and
/// take the complete events' `data` payloads. Lines starting with ":" are
/// comments; several `data:` lines of one event are joined by newlines;
/// other fields (`event:`, `id:`, `retry:`) are ignored; "\r\n" and "\r"
/// end lines too, as the specification allows.
public struct ServerSentEventParser: Sendable {
    private var buffer: [UInt8] = []
    private var data: [String] = []
    private var sawData = false

    public init() {}

    /// The payloads of the events completed by `bytes`.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        buffer.append(contentsOf: bytes)
        var events: [String] = []
        var start = 0
        var i = 0
        while i < buffer.count {
            let byte = buffer[i]
            guard byte == 0x0A || byte == 0x0D else { i += 1; continue }
            // A lone "\r" at the end may be the first half of "\r\n": wait for more.
            if byte == 0x0D && i + 1 == buffer.count { break }
            let line = String(decoding: buffer[start..<i], as: UTF8.self)
            i += (byte == 0x0D && buffer[i + 1] == 0x0A) ? 2 : 1
            start = i
            if line.isEmpty {
                if sawData { events.append(data.joined(separator: "\n")) }
                data = []; sawData = false
            } else if line.hasPrefix(":") {
                continue
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.first == " " { value = value.dropFirst() }
                data.append(String(value)); sawData = true
            }
        }
        buffer.removeFirst(start)
        return events
    }
}
