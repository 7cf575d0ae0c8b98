/// A character-level vocabulary: token id `i` is the `i`-th character.
///
/// The trained ladder models read and write one character per token, so a
/// model's tokens are exactly the digits and symbols of the task. Training
/// writes the vocabulary as a Hugging Face byte-level BPE `tokenizer.json`
/// with single-character symbols and no merges, so both Hugging Face
/// transformers and emerge's inference core load it.
public struct CharVocabulary: Sendable, Equatable, Hashable, Codable {
    /// The characters in id order.
    public let characters: [Character]
    private let ids: [Character: Int]

    /// A vocabulary of the given characters in first-seen order (duplicates dropped).
    public init(characters: some Sequence<Character>) {
        var seen: [Character] = []
        var index: [Character: Int] = [:]
        for character in characters where index[character] == nil {
            index[character] = seen.count
            seen.append(character)
        }
        self.characters = seen
        self.ids = index
    }

    /// The characters every arithmetic task without scratchpad uses:
    /// newline, space, `*+-:=`, the digits, `A` and `Q` (19 tokens, byte order).
    public static let arithmetic = CharVocabulary(characters: "\n *+-:=0123456789AQ")

    /// Newline, space and the 94 visible ASCII characters, in byte order (96 tokens):
    /// enough for scratchpads, word tasks and most user task files.
    public static let printableASCII = CharVocabulary(
        characters: "\n" + String((32...126).map { Character(Unicode.Scalar(UInt8($0))) }))

    /// The smallest vocabulary covering every prompt, target, choice and
    /// exemplar of the examples, in byte (Unicode scalar) order.
    public static func covering(_ examples: [TaskExample]) -> CharVocabulary {
        var set = Set<Character>()
        for example in examples {
            set.formUnion(example.prompt); set.formUnion(example.target)
            for choice in example.choices ?? [] { set.formUnion(choice) }
            for exemplar in example.exemplars ?? [] { set.formUnion(exemplar.prompt); set.formUnion(exemplar.target) }
        }
        return CharVocabulary(characters: set.sorted { String($0).unicodeScalars.lexicographicallyPrecedes(String($1).unicodeScalars) })
    }

    public var count: Int { characters.count }

    /// The id of a character, or nil when the vocabulary lacks it.
    public func id(of character: Character) -> Int? { ids[character] }

    /// The ids of the characters of `text`; throws on a character outside the vocabulary.
    public func encode(_ text: String) throws -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(text.count)
        for character in text {
            guard let id = ids[character] else { throw VocabularyError.unknownCharacter(character, text: text) }
            result.append(id)
        }
        return result
    }

    /// The text of the ids (ids out of range are skipped).
    public func decode(_ tokens: some Sequence<Int>) -> String {
        String(tokens.compactMap { $0 >= 0 && $0 < characters.count ? characters[$0] : nil })
    }

    public static func == (lhs: CharVocabulary, rhs: CharVocabulary) -> Bool { lhs.characters == rhs.characters }
    public func hash(into hasher: inout Hasher) { hasher.combine(characters) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self.init(characters: text)
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(characters))
    }
}

public enum VocabularyError: Error, CustomStringConvertible, Equatable {
    case unknownCharacter(Character, text: String)
    public var description: String {
        switch self {
        case let .unknownCharacter(character, text):
            return "The character \(String(reflecting: String(character))) in \(String(reflecting: text)) is not in the vocabulary."
        }
    }
}
