extension CharVocabulary {
    /// The characters of the reasoning tasks' prompts, answers and worked
    /// solutions (`order1`…`order8`, `analogy`): newline, space, `'`, `,`,
    /// `.`, `:`, `?`, the digits and the upper- and lower-case letters, in
    /// byte order (72 tokens). Small enough for a character-level ladder,
    /// and every worked solution fits, so a ladder can be trained on them too.
    public static let wordTasks = CharVocabulary(
        characters: "\n ',.:?" + "0123456789" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz")
}
