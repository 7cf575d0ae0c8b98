import EmergeSupport
import Foundation
import Testing

struct JSONValueTests {
    static let sample: JSONValue = .object([
        ("z first", .number(1)),
        ("a second", .array([.null, .bool(true), .bool(false), .number(-0.125), .number(1e-7), .number(12_345_678_901)])),
        ("text", .string("quote \" backslash \\ tab \t newline \n bell \u{07} é 日本 😀")),
        ("empty", .object([])),
        ("nested", .object([("list", .array([])), ("deep", .array([.object([("k", .string(""))])]))])),
    ])

    @Test("text and parsing round-trip a value, keys kept in order")
    func roundTrip() throws {
        let text = Self.sample.text()
        let back = try JSONValue(parsing: text)
        #expect(back == Self.sample)
        #expect(back.text() == text)
        guard case .object(let members) = back else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["z first", "a second", "text", "empty", "nested"])
    }

    @Test("the writer's layout: one-space indent, whole numbers as integers, non-finite as null")
    func layout() {
        let value: JSONValue = .object([("n", .number(4)), ("x", .number(0.5)), ("bad", .number(.nan)), ("l", .array([.number(1)]))])
        #expect(value.text() == "{\n \"n\": 4,\n \"x\": 0.5,\n \"bad\": null,\n \"l\": [\n  1\n ]\n}")
        #expect(JSONValue.quote("a\"b\u{1F}") == "\"a\\\"b\\u001f\"")
    }

    @Test("Foundation reads what the writer wrote")
    func foundationAgrees() throws {
        let object = try JSONSerialization.jsonObject(with: Data(Self.sample.text().utf8)) as? [String: Any]
        #expect(object?["text"] as? String == Self.sample["text"]?.string)
        #expect((object?["a second"] as? [Any])?.count == 6)
    }

    @Test("lookups: subscripts, accessors, and the last of a repeated key")
    func lookups() throws {
        let v = try JSONValue(parsing: #"{"a": 1, "b": {"c": [true, "x"]}, "a": 2}"#)
        #expect(v["a"]?.number == 2 && v.object?["a"]?.number == 2)
        #expect(v["b"]?["c"]?.array?.first?.bool == true)
        #expect(v["b"]?["c"]?.array?.last?.string == "x")
        #expect(v["missing"] == nil && v.string == nil)
        #expect(try JSONValue(parsing: "[NaN]").array?.first?.number?.isNaN == true)
    }

    @Test("syntax errors name the line and character column")
    func errors() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: "{\n  \"é\": [1, 2,, 3]\n}") }
        #expect(error?.line == 2 && error?.column == 14)
        #expect(error?.message == "expected a number for é, found ','")
        let trailing = #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: "{} x") }
        #expect(trailing?.message == "expected the end of the JSON document, found 'x'")
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: "") }
    }
}
