/// One token per character, for synthetic tasks (digits, operators, a few
/// letters). `encode` throws on a character outside the vocabulary.
public struct CharacterTokenizer: TextTokenizer {
    public let characters: [Character]
    public let endOfTextTokenID: Int?
    private let idOf: [Character: Int]

    /// `characters` in id order; duplicates keep their first id.
    /// `endOfText`, when given, is appended as the last id and decodes to "".
    public init(characters: [Character], hasEndOfText: Bool = false) {
        self.characters = characters
        var idOf: [Character: Int] = [:]
        for (i, c) in characters.enumerated() where idOf[c] == nil { idOf[c] = i }
        self.idOf = idOf
        endOfTextTokenID = hasEndOfText ? characters.count : nil
    }

    public var vocabularySize: Int { characters.count + (endOfTextTokenID == nil ? 0 : 1) }

    /// The id of each character; throws `InferenceError.unrepresentableCharacter`
    /// with the Unicode-scalar offset of the first character outside the vocabulary.
    public func encode(_ text: String) throws -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(text.count)
        var offset = 0
        for character in text {
            guard let id = idOf[character] else {
                throw InferenceError.unrepresentableCharacter(String(character), offset: offset)
            }
            ids.append(id)
            offset += character.unicodeScalars.count
        }
        return ids
    }

    public func decode(_ ids: [Int]) -> String {
        String(ids.compactMap { $0 >= 0 && $0 < characters.count ? characters[$0] : nil })
    }
}
