/// Text ↔ token ids, as a model was trained with.
public protocol TextTokenizer: Sendable {
    /// Number of ids the tokenizer can produce (the largest id + 1).
    var vocabularySize: Int { get }
    /// The end-of-text token, when the vocabulary has one.
    var endOfTextTokenID: Int? { get }
    /// Token ids of `text`. Throws `InferenceError.unrepresentableCharacter`
    /// naming the first character the vocabulary cannot represent and its
    /// offset (no tokenizer here has an unknown token, and none drops input).
    func encode(_ text: String) throws -> [Int]
    /// The text of a sequence of ids; invalid UTF-8 is replaced by U+FFFD, unknown ids are skipped.
    func decode(_ ids: [Int]) -> String
    /// The text of one token on its own (may be a U+FFFD for a partial UTF-8 character).
    func tokenText(_ id: Int) -> String
}

extension TextTokenizer {
    public func tokenText(_ id: Int) -> String { decode([id]) }
}
