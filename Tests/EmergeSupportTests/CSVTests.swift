import EmergeSupport
import Foundation
import Testing

struct CSVTests {
    @Test("a table with commas, quotes, LF, CR, CRLF and non-ASCII text reads back field for field")
    func roundTrip() throws {
        var table = CSVTable(header: ["name", "note, with comma", "say \"hi\""])
        table.append(["plain", "two\nlines", "cr\ronly"])
        table.append(["crlf\r\ninside", "\"quoted\"", ""])
        table.append(["", "", ""])
        table.append(["日本語", "é,\"\r\n", " spaced "])
        let rows = try CSVParser.rows(table.text)
        #expect(rows == [table.header] + table.rows)
        #expect(table.text.hasSuffix("\r\n") && table.text.hasPrefix("name,\"note, with comma\",\"say \"\"hi\"\"\"\r\n"))
    }

    @Test("random fields over a hostile alphabet survive writing and reading")
    func randomRoundTrip() throws {
        var g = SplitMix64(seed: 2024)
        let alphabet = Array("a,\"\r\n é")
        var table = CSVTable(header: ["x", "y"])
        for _ in 0..<300 {
            table.append((0..<2).map { _ in String((0..<g.below(6)).map { _ in alphabet[g.below(alphabet.count)] }) })
        }
        #expect(try CSVParser.rows(table.text) == [table.header] + table.rows)
    }

    @Test("quote leaves plain fields alone and quotes the four special characters")
    func quoting() {
        #expect(CSVTable.quote("plain text") == "plain text")
        #expect(CSVTable.quote("a,b") == "\"a,b\"")
        #expect(CSVTable.quote("q\"") == "\"q\"\"\"")
        #expect(CSVTable.quote("a\rb") == "\"a\rb\"")
        #expect(CSVTable.quote("a\r\nb") == "\"a\r\nb\"")
    }

    @Test("records know their line and each field's column; BOM, blank lines and a missing final line end are fine")
    func positions() throws {
        let text = "\u{FEFF}a,b\r\n\r\n\"x\ny\",é,z\nlast,\"\""
        let records = try CSVParser.parse(text)
        #expect(records.map(\.fields) == [["a", "b"], ["x\ny", "é", "z"], ["last", ""]])
        #expect(records.map(\.line) == [1, 3, 5])
        // A field's column is on the line where it starts: "é" follows `y",` on line 4.
        #expect(records[1].columns == [1, 4, 6])
        #expect(records[2].columns == [1, 6])
    }

    @Test("an unclosed quote is reported where the field starts; text after a closing quote where it is")
    func errors() {
        let open = #expect(throws: CSVSyntaxError.self) { try CSVParser.parse("a,b\n1,\"never closed\n2,3\n") }
        #expect(open == CSVSyntaxError(line: 2, column: 3, message: "expected a closing quote for the quoted field that starts here"))
        let after = #expect(throws: CSVSyntaxError.self) { try CSVParser.parse("a,b\n\"x\"y,2\n") }
        #expect(after == CSVSyntaxError(line: 2, column: 4, message: "expected a comma or a line end after the closing quote"))
        let bytes = Data([0x61, 0x2C, 0xFF, 0x0A])
        let utf8 = #expect(throws: CSVSyntaxError.self) { try CSVParser.parse(bytes) }
        #expect(utf8?.line == 1 && utf8?.column == 3)
    }
}
