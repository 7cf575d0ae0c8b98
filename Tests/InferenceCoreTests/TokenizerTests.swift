import Foundation
import Testing
@testable import InferenceCore

/// Byte-level BPE against Hugging Face `tokenizers`, and the character tokenizer.
@Suite struct TokenizerTests {
    struct Case: Decodable { var text: String; var ids: [Int] }
    struct Reference: Decodable { var cases: [Case] }

    static func gpt2Tokenizer() throws -> ByteLevelBPETokenizer {
        try ByteLevelBPETokenizer(contentsOf: Fixtures.directory("gpt2-tiny").appendingPathComponent("tokenizer.json"))
    }

    @Test func encodingsEqualTokenizersLibrary() throws {
        let tokenizer = try Self.gpt2Tokenizer()
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf:
            Fixtures.models.appendingPathComponent("tokenizer_reference.json")))
        #expect(reference.cases.count >= 5)
        for c in reference.cases {
            #expect(try tokenizer.encode(c.text) == c.ids, "\(c.text)")
            #expect(tokenizer.decode(c.ids) == c.text)
        }
    }

    @Test(arguments: ["", " ", "   x", "a  \n\n b", "it's 'quoted' 'S", "x\t\ty", "emoji 👩‍👩‍👧 ok", "trailing   ",
                      "<|endoftext|>Q: 1+1=<|endoftext|>", "数字１２３ and ½", "\r\n\r\nend"])
    func decodeInvertsEncode(_ text: String) throws {
        let tokenizer = try Self.gpt2Tokenizer()
        #expect(try tokenizer.decode(tokenizer.encode(text)) == text)
    }

    @Test func specialTokenIsOneID() throws {
        let tokenizer = try Self.gpt2Tokenizer()
        let ids = try tokenizer.encode("a<|endoftext|>b")
        #expect(ids.contains(0))
        #expect(ids.filter { $0 == 0 }.count == 1)
        #expect(tokenizer.endOfTextTokenID == 0)
        #expect(tokenizer.tokenText(0) == "<|endoftext|>")
    }

    @Test func preTokenizerFollowsTheGPT2Pattern() {
        func pieces(_ s: String) -> [String] {
            let scalars = Array(s.unicodeScalars)
            return GPT2PreTokenizer.split(scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
        }
        #expect(pieces("Hello  world") == ["Hello", " ", " world"])
        #expect(pieces("they're 12ab!!") == ["they", "'re", " 12", "ab", "!!"])
        #expect(pieces("a\n\nb ") == ["a", "\n", "\n", "b", " "])
        #expect(pieces("x   ") == ["x", "   "])
        #expect(pieces(" 'll") == [" '", "ll"])
    }

    @Test func tokenizerWithoutMergesEncodesCharacters() throws {
        // The shape training writes for a character vocabulary.
        let symbols = ["0", "1", "2", "+", "=", "Ġ", "Ċ"]
        let vocab = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, $0) })
        let json: [String: Any] = [
            "version": "1.0", "added_tokens": [["id": 7, "content": "<|endoftext|>", "special": true]],
            "pre_tokenizer": ["type": "ByteLevel", "add_prefix_space": false, "use_regex": true],
            "model": ["type": "BPE", "vocab": vocab, "merges": [] as [Any]],
        ]
        let tokenizer = try ByteLevelBPETokenizer(json: JSONSerialization.data(withJSONObject: json))
        #expect(tokenizer.vocabularySize == 8)
        #expect(try tokenizer.encode("10+2= 1\n") == [1, 0, 3, 2, 4, 5, 1, 6])
        #expect(tokenizer.decode([1, 0, 3, 2, 4, 5, 1, 6]) == "10+2= 1\n")
        // A character outside the vocabulary is refused and named at its offset (Unicode scalars, after the added token).
        #expect(throws: InferenceError.unrepresentableCharacter("9", offset: 4)) { try tokenizer.encode("10+29") }
        #expect(throws: InferenceError.unrepresentableCharacter("é", offset: 17)) { try tokenizer.encode("1<|endoftext|>2+=é") }
        #expect(throws: InferenceError.unrepresentableCharacter("Y", offset: 0)) { try tokenizer.encode("You are an expert") }
        #expect(tokenizer.endOfTextTokenID == 7)
    }

    @Test func characterTokenizerRoundTrips() throws {
        let tokenizer = CharacterTokenizer(characters: Array("0123456789+= \n"), hasEndOfText: true)
        #expect(tokenizer.vocabularySize == 15)
        #expect(try tokenizer.encode("12+3=15\n") == [1, 2, 10, 3, 11, 1, 5, 13])
        #expect(try tokenizer.decode(tokenizer.encode("907 + 1")) == "907 + 1")
        // Offsets count Unicode scalars: a flag is one character of two scalars.
        #expect(throws: InferenceError.unrepresentableCharacter("x", offset: 2)) { try tokenizer.encode("12x3") }
        #expect(throws: InferenceError.unrepresentableCharacter("🇫🇷", offset: 1)) { try tokenizer.encode("1🇫🇷") }
        let flags = CharacterTokenizer(characters: ["🇫🇷", "1"])
        #expect(throws: InferenceError.unrepresentableCharacter("x", offset: 3)) { try flags.encode("🇫🇷1x") }
        let error = InferenceError.unrepresentableCharacter("é", offset: 7)
        #expect(error.description.contains("\"é\" (U+00E9) at offset 7"))
        #expect(tokenizer.endOfTextTokenID == 14)
        #expect(tokenizer.decode([14]) == "")
    }

    @Test func malformedTokenizerIsAClearError() {
        #expect(throws: InferenceError.self) { try ByteLevelBPETokenizer(json: Data("{}".utf8)) }
        let badMerge = #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}}"#
        #expect(throws: InferenceError.invalidTokenizer("merge 0 [\"a\", \"b\"] refers to tokens outside the vocabulary")) {
            try ByteLevelBPETokenizer(json: Data(badMerge.utf8))
        }
    }
}
