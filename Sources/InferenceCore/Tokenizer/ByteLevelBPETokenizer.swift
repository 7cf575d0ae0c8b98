import Foundation

/// A Hugging Face `tokenizer.json` byte-level BPE tokenizer (GPT-2, Pythia,
/// and the character vocabularies emerge trains, which have no merges):
/// added tokens are split out first, the rest is pre-tokenized with the GPT-2
/// pattern, each piece's UTF-8 bytes are written in the byte-level alphabet
/// and merged by rank. Encodings equal the `tokenizers` library's. A byte
/// whose symbol the vocabulary lacks (a character vocabulary meeting a
/// letter it was not trained on) is an error naming the character, never
/// skipped; the `unk_token` of tokenizer.json is not used.
public struct ByteLevelBPETokenizer: TextTokenizer {
    public let vocabularySize: Int
    public let endOfTextTokenID: Int?
    /// id → token string (byte-level alphabet, or an added token's content).
    private let tokens: [String?]
    private let addedTokens: [(content: [Unicode.Scalar], id: Int)]
    private let addedTokenIDs: Set<Int>
    private let byteSymbolID: [Int?]
    /// (left id, right id) packed → (rank, merged id).
    private let merges: [UInt64: (rank: Int, id: Int)]
    private let addPrefixSpace: Bool

    /// Reads `tokenizer.json` from a file.
    public init(contentsOf url: URL) throws {
        guard let data = try? Data(contentsOf: url) else {
            throw InferenceError.invalidTokenizer("\(url.path) cannot be read")
        }
        try self.init(json: data)
    }

    /// Parses the contents of a `tokenizer.json`.
    public init(json data: Data) throws {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let model = root["model"] as? [String: Any] else {
            throw InferenceError.invalidTokenizer("tokenizer.json is not a JSON object with a model")
        }
        if let type = model["type"] as? String, type != "BPE" {
            throw InferenceError.invalidTokenizer("model type '\(type)' is not supported (byte-level BPE only)")
        }
        guard let vocab = model["vocab"] as? [String: NSNumber] else {
            throw InferenceError.invalidTokenizer("tokenizer.json has no vocab")
        }
        addPrefixSpace = try Self.byteLevelPrefixSpace(root["pre_tokenizer"])

        var tokenOf: [String: Int] = [:]
        for (token, id) in vocab { tokenOf[token] = id.intValue }
        var added: [(content: [Unicode.Scalar], id: Int)] = []
        var endOfText: Int?
        for item in root["added_tokens"] as? [[String: Any]] ?? [] {
            guard let content = item["content"] as? String, let id = (item["id"] as? NSNumber)?.intValue, !content.isEmpty else { continue }
            added.append((Array(content.unicodeScalars), id))
            tokenOf[content] = id
            if content == "<|endoftext|>" || (endOfText == nil && (content == "</s>" || content == "<eos>")) { endOfText = id }
        }
        guard let maxID = tokenOf.values.max(), tokenOf.values.allSatisfy({ $0 >= 0 }) else {
            throw InferenceError.invalidTokenizer("the vocabulary is empty or has negative ids")
        }
        var tokens = [String?](repeating: nil, count: maxID + 1)
        for (token, id) in tokenOf { tokens[id] = token }
        self.tokens = tokens
        vocabularySize = maxID + 1
        endOfTextTokenID = endOfText
        addedTokens = added.sorted { $0.content.count > $1.content.count }  // longest match first
        addedTokenIDs = Set(added.map(\.id))
        byteSymbolID = ByteLevelAlphabet.character.map { tokenOf[String($0)] }

        var merges: [UInt64: (rank: Int, id: Int)] = [:]
        for (rank, entry) in (model["merges"] as? [Any] ?? []).enumerated() {
            let pair: [String]
            if let text = entry as? String {
                pair = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            } else if let list = entry as? [String] {
                pair = list
            } else {
                throw InferenceError.invalidTokenizer("merge \(rank) is neither \"a b\" nor [a, b]")
            }
            guard pair.count == 2, let left = tokenOf[pair[0]], let right = tokenOf[pair[1]],
                  let merged = tokenOf[pair[0] + pair[1]] else {
                throw InferenceError.invalidTokenizer("merge \(rank) \(pair) refers to tokens outside the vocabulary")
            }
            let key = Self.pairKey(left, right)
            if merges[key] == nil { merges[key] = (rank, merged) }
        }
        self.merges = merges
    }

    /// Accepts a ByteLevel pre-tokenizer (alone or inside a Sequence) or none.
    private static func byteLevelPrefixSpace(_ value: Any?) throws -> Bool {
        guard let spec = value as? [String: Any] else { return false }
        switch spec["type"] as? String {
        case "ByteLevel":
            return spec["add_prefix_space"] as? Bool ?? false
        case "Sequence":
            for inner in spec["pretokenizers"] as? [[String: Any]] ?? [] where inner["type"] as? String == "ByteLevel" {
                return inner["add_prefix_space"] as? Bool ?? false
            }
            throw InferenceError.invalidTokenizer("the pre-tokenizer sequence has no ByteLevel step")
        default:
            throw InferenceError.invalidTokenizer("pre-tokenizer '\(spec["type"] ?? "?")' is not supported (ByteLevel only)")
        }
    }

    private static func pairKey(_ a: Int, _ b: Int) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }

    public func encode(_ text: String) throws -> [Int] {
        let scalars = Array(text.unicodeScalars)
        var ids: [Int] = []
        var segmentStart = 0, i = 0
        while i < scalars.count {
            if let match = addedTokens.first(where: { token in
                i + token.content.count <= scalars.count && scalars[i..<(i + token.content.count)].elementsEqual(token.content)
            }) {
                try encodeOrdinary(scalars[segmentStart..<i], into: &ids)
                ids.append(match.id)
                i += match.content.count
                segmentStart = i
            } else {
                i += 1
            }
        }
        try encodeOrdinary(scalars[segmentStart..<scalars.count], into: &ids)
        return ids
    }

    /// Encodes a segment without added tokens; `segment`'s indices are
    /// offsets into the whole text, so an unrepresentable character is named
    /// at its offset there.
    private func encodeOrdinary(_ segment: ArraySlice<Unicode.Scalar>, into ids: inout [Int]) throws {
        guard !segment.isEmpty else { return }
        var scalars = Array(segment)
        var shift = segment.startIndex  // offset in the text of scalars[0]
        if addPrefixSpace && scalars.first != " " { scalars.insert(" ", at: 0); shift -= 1 }
        var symbols: [Int] = []
        for piece in GPT2PreTokenizer.split(scalars) {
            symbols.removeAll(keepingCapacity: true)
            for k in piece {
                for byte in UTF8.encode(scalars[k])! {
                    guard let id = byteSymbolID[Int(byte)] else {
                        throw InferenceError.unrepresentableCharacter(String(scalars[k]), offset: max(0, k + shift))
                    }
                    symbols.append(id)
                }
            }
            ids.append(contentsOf: mergePiece(symbols))
        }
    }

    /// Applies merges lowest rank first (leftmost among equals) until none applies.
    private func mergePiece(_ start: [Int]) -> [Int] {
        var word = start
        while word.count > 1 {
            var best: (rank: Int, index: Int, id: Int)?
            for k in 0..<(word.count - 1) {
                if let merge = merges[Self.pairKey(word[k], word[k + 1])], merge.rank < (best?.rank ?? Int.max) {
                    best = (merge.rank, k, merge.id)
                }
            }
            guard let best else { break }
            word[best.index] = best.id
            word.remove(at: best.index + 1)
        }
        return word
    }

    public func decode(_ ids: [Int]) -> String {
        var bytes: [UInt8] = []
        for id in ids where id >= 0 && id < tokens.count {
            guard let token = tokens[id] else { continue }
            if addedTokenIDs.contains(id) {
                bytes.append(contentsOf: Array(token.utf8))
            } else {
                for scalar in token.unicodeScalars {
                    if let b = ByteLevelAlphabet.byte[scalar.value] { bytes.append(b) } else { bytes.append(contentsOf: Array(String(scalar).utf8)) }
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The vocabulary entry of `id` in the byte-level alphabet (e.g. "Ġthe"), for display.
    public func tokenString(_ id: Int) -> String? { id >= 0 && id < tokens.count ? tokens[id] : nil }
}
