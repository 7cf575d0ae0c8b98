import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reporting

/// A parsed SVG: every element with its attributes and the text it holds,
/// in document order. Parsing fails on malformed XML.
struct ParsedSVG {
    struct Node {
        var name: String
        var attributes: [String: String]
        var text: String
        var depth: Int
        func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
    }

    var nodes: [Node] = []

    init(_ svg: String) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw ParseFailure(message: parser.parserError.map { "\($0)" } ?? "unknown XML error")
        }
        nodes = delegate.nodes
    }

    func all(_ name: String, class cls: String? = nil) -> [Node] {
        nodes.filter { $0.name == name && (cls == nil || $0.attributes["class"] == cls) }
    }

    struct ParseFailure: Error, CustomStringConvertible { var message: String; var description: String { message } }

    private final class Collector: NSObject, XMLParserDelegate {
        var nodes: [Node] = []
        var stack: [Int] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            nodes.append(Node(name: name, attributes: attributes, text: "", depth: stack.count))
            stack.append(nodes.count - 1)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            // Text counts for the element and its ancestors (a tick label's tspan exponent).
            for i in stack { nodes[i].text += string }
        }
    }
}

/// The approximate box of a horizontal <text> element, from its attributes
/// and `TextMetrics` (the measure the layout itself uses).
struct TextBox {
    var minX, maxX, minY, maxY: Double
    var text: String

    init?(_ node: ParsedSVG.Node, exponentText: String? = nil) {
        guard node.name == "text", node.attributes["transform"] == nil,
              let x = node.number("x"), let y = node.number("y"), let size = node.number("font-size") else { return nil }
        var width = TextMetrics.width(node.text, fontSize: size, bold: node.attributes["font-weight"] == "bold")
        if let exponentText {   // base at full size, exponent at 75%
            let base = String(node.text.dropLast(exponentText.count))
            width = TextMetrics.width(base, fontSize: size) + TextMetrics.width(exponentText, fontSize: size * 0.75)
        }
        switch node.attributes["text-anchor"] {
        case "middle": minX = x - width / 2; maxX = x + width / 2
        case "end": minX = x - width; maxX = x
        default: minX = x; maxX = x + width
        }
        minY = y - size * (exponentText == nil ? 0.8 : 1.2)
        maxY = y + size * 0.22
        text = node.text
    }

    func overlaps(_ o: TextBox) -> Bool {
        minX < o.maxX && o.minX < maxX && minY < o.maxY && o.minY < maxY
    }
}

enum Tools {
    /// The path of an executable on $PATH, or nil.
    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program; returns its exit status and combined output.
    static func run(_ executable: String, _ args: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let directory { p.currentDirectoryURL = directory }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
