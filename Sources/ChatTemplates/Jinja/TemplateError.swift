/// Why a chat template could not be compiled or rendered: a syntax error
/// (with the line it is on), an unsupported construct, a runtime type error,
/// or a message the template raised itself with `raise_exception`.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// 1-based line in the template source, when known.
    public var line: Int?
    /// Whether the template itself refused its input (`raise_exception`),
    /// as opposed to a template that cannot be run.
    public var raisedByTemplate: Bool

    public init(_ message: String, line: Int? = nil, raisedByTemplate: Bool = false) {
        self.message = message; self.line = line; self.raisedByTemplate = raisedByTemplate
    }

    public var description: String {
        if raisedByTemplate { return message }
        return line.map { "chat template line \($0): \(message)" } ?? "chat template: \(message)"
    }
}
