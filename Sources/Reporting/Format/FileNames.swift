/// File-name-safe slugs for plot files, unique within one report.
public struct FileNames: Sendable {
    private var used: Set<String> = []
    public init() {}

    /// A slug made of `parts` joined by "--": lowercase ASCII letters, digits,
    /// '.', '_' and '-' kept, anything else becomes '-'. A slug already handed
    /// out gets "-2", "-3", … so two names never collide.
    public mutating func unique(_ parts: [String]) -> String {
        let base = parts.map(Self.slug).joined(separator: "--")
        var candidate = base
        var n = 2
        while used.contains(candidate) { candidate = "\(base)-\(n)"; n += 1 }
        used.insert(candidate)
        return candidate
    }

    public static func slug(_ text: String) -> String {
        var out = ""
        var lastDash = false
        for scalar in text.lowercased().unicodeScalars {
            let keep = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
                || scalar == "." || scalar == "_"
            if keep { out.unicodeScalars.append(scalar); lastDash = false }
            else if !lastDash { out += "-"; lastDash = true }
        }
        while out.hasPrefix("-") || out.hasPrefix(".") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "x" : out
    }
}
