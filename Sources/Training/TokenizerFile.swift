import Foundation
import InferenceCore
import TaskSuite

/// Writes a character vocabulary as a Hugging Face `tokenizer.json`: a
/// byte-level BPE with one symbol per character and no merges, so that
/// `transformers`' fast tokenizer and emerge's inference core both split text
/// into exactly the characters the model was trained on. Symbols use GPT-2's
/// byte-to-unicode map (space is `Ġ`, newline `Ċ`). ASCII characters only.
public enum TokenizerFile {
    /// The tokenizer.json document for the vocabulary.
    public static func json(for vocabulary: CharVocabulary) throws -> Data {
        var vocab: [String: Int] = [:]
        for (id, character) in vocabulary.characters.enumerated() {
            guard let ascii = character.asciiValue else {
                throw CheckpointError("character \(String(reflecting: String(character))) is not ASCII; a char tokenizer.json needs ASCII")
            }
            vocab[String(ByteLevelAlphabet.character[Int(ascii)])] = id
        }
        let byteLevel: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true]
        let document: [String: Any] = [
            "version": "1.0", "truncation": NSNull(), "padding": NSNull(), "added_tokens": [Any](),
            "normalizer": NSNull(), "pre_tokenizer": byteLevel, "post_processor": byteLevel, "decoder": byteLevel,
            "model": [
                "type": "BPE", "dropout": NSNull(), "unk_token": NSNull(), "continuing_subword_prefix": NSNull(),
                "end_of_word_suffix": NSNull(), "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
                "vocab": vocab, "merges": [Any](),
            ] as [String: Any],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }

    /// Reads back the character vocabulary from a tokenizer.json written by `json(for:)`.
    public static func vocabulary(from data: Data) throws -> CharVocabulary {
        guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let model = document["model"] as? [String: Any], let vocab = model["vocab"] as? [String: Int] else {
            throw CheckpointError("tokenizer.json has no model.vocab")
        }
        // Ids 0..<count, each once, so every id has its character.
        guard Set(vocab.values) == Set(0..<vocab.count) else {
            throw CheckpointError("tokenizer.json's ids are not 0…\(vocab.count - 1), each once")
        }
        var characters = [Character](repeating: " ", count: vocab.count)
        for (symbol, id) in vocab {
            guard symbol.count == 1, let byte = ByteLevelAlphabet.character.firstIndex(of: symbol.first!) else {
                throw CheckpointError("tokenizer.json is not a character vocabulary (symbol \(symbol))")
            }
            characters[id] = Character(Unicode.Scalar(UInt8(byte)))
        }
        return CharVocabulary(characters: characters)
    }
}
