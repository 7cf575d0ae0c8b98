import EmergeSupport
import EmergeTestSupport
import Foundation
import ResultsStore
import Testing

@Suite("RFC 4180 CSV parser")
struct CSVParserTests {
    func parse(_ text: String) throws -> [CSVRecord] { try CSVParser.parse(Data(text.utf8)) }

    @Test("quotes, embedded commas, newlines, doubled quotes, CRLF and a BOM")
    func rfcCases() throws {
        let text = "\u{FEFF}name,\"note, with comma\"\r\n\"a \"\"quoted\"\" word\",\"two\r\nlines\"\r\n\r\nlast,row"
        let records = try parse(text)
        #expect(records.map(\.fields) == [["name", "note, with comma"], ["a \"quoted\" word", "two\r\nlines"],
                                          ["last", "row"]])
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].columns == [1, 21])
        #expect(records[2].columns == [1, 6])
    }

    @Test("empty fields, a trailing comma, lone CR and a bare quote inside a field")
    func edges() throws {
        #expect(try parse("a,,c\n,\n").map(\.fields) == [["a", "", "c"], ["", ""]])
        #expect(try parse("a,b,").map(\.fields) == [["a", "b", ""]])
        #expect(try parse("a\rb\r").map(\.fields) == [["a"], ["b"]])
        #expect(try parse("5\" screen,x").map(\.fields) == [["5\" screen", "x"]])
        #expect(try parse("\"\"").map(\.fields) == [[""]])
        #expect(try parse("").isEmpty)
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let records = try parse("é,ü,x\n")
        #expect(records[0].columns == [1, 3, 5])
        let error = try #require(throws: CSVSyntaxError.self) { try parse("éé,\"x\"y\n") }
        #expect(error.line == 1 && error.column == 7)
    }

    @Test("an unterminated quote names where the field starts")
    func unterminated() throws {
        let error = try #require(throws: CSVSyntaxError.self) { try parse("a,b\nc,\"open\nmore\n") }
        #expect(error.line == 2 && error.column == 3)
        #expect(error.message.contains("closing quote"))
    }

    @Test("invalid UTF-8 is an error at its field")
    func invalidUTF8() throws {
        let data = Data([0x61, 0x2C, 0xFF, 0xFE, 0x0A])
        let error = try #require(throws: CSVSyntaxError.self) { try CSVParser.parse(data) }
        #expect(error.line == 1 && error.column == 3)
    }

    /// Writes records the way the parser documents, to fuzz the round trip.
    static func render(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { f in
                // Scalars, not Characters: "\r\n" is one Character in Swift.
                f.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }

    @Test("fuzz: random tables round-trip through render and parse (seeded)")
    func roundTripFuzz() throws {
        var rng = SplitMix64(seed: 4180)
        let alphabet: [Character] = ["a", "b", " ", ",", "\"", "\n", "\r\n", "é", "1", ".", "😀"]
        for _ in 0..<300 {
            let width = Int.random(in: 1...5, using: &rng)
            let rows = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
                (0..<width).map { _ in
                    String((0..<Int.random(in: 1...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
                }
            }
            let parsed = try parse(Self.render(rows)).map(\.fields)
            #expect(parsed == rows)
        }
    }

    @Test("fuzz: random bytes and mutations never crash; errors carry positions inside the text (seeded)")
    func garbageFuzz() throws {
        var rng = SplitMix64(seed: 2024)
        let seedText = Array("model,\"a, b\",c\r\n\"x\"\"y\",2.5,\n\"multi\nline\",,3\n".utf8)
        var failures = 0
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in
                    [UInt8(ascii: "\""), UInt8(ascii: ","), 0x0A, 0x0D, UInt8(ascii: "a"), 0xC3, 0xA9, 0xFF]
                        .randomElement(using: &rng)!
                }
            } else {
                bytes = seedText
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let i = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                    case 1: bytes.remove(at: i)
                    default: bytes.insert(UInt8(ascii: "\""), at: i)
                    }
                    if bytes.isEmpty { break }
                }
            }
            let lineCount = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
            do {
                let records = try CSVParser.parse(Data(bytes))
                for r in records {
                    #expect(r.line >= 1 && r.line <= lineCount)
                    #expect(r.columns.count == r.fields.count && r.columns.allSatisfy { $0 >= 1 })
                }
            } catch let e as CSVSyntaxError {
                failures += 1
                #expect(e.line >= 1 && e.line <= lineCount)
                #expect(e.column >= 1 && e.column <= bytes.count + 1)
                #expect(!e.message.isEmpty)
            }
        }
        #expect(failures > 100) // the fuzz really exercised the error paths
    }
}
