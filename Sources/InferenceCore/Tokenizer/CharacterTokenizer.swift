/// One token per character, for synthetic tasks (digits, operators, a few
/// letters). Characters outside the vocabulary are dropped by `encode`.
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

    public func encode(_ text: String) -> [Int] { text.compactMap { idOf[$0] } }

    public func decode(_ ids: [Int]) -> String {
        String(ids.compactMap { $0 >= 0 && $0 < characters.count ? characters[$0] : nil })
    }
}
