import Foundation

/// The packed, columnar form of one token stream (docs/design.md#store per-token record),
/// as stored in `token_stream`. Every column holds one value per token,
/// little-endian: token ids and interned text ids as Int64, log-probs as
/// Float64, greedy flags as UInt8 (0, 1, 255 = unknown), ranks as Int64
/// (Int64.min = unknown), entropies as Float64 (NaN = unknown). An optional
/// column whose values are all unknown is stored as NULL. Top-k lists are a
/// JSON array with one entry (a list or null) per token.
struct PackedTokens {
    var tokenIDs: [Int64]
    var textIDs: [Int64]
    var logprobs: [UInt64]     // Float64 bit patterns, little-endian
    var greedy: [UInt8]?
    var ranks: [Int64]?
    var entropies: [UInt64]?
    var topK: String?

    static let unknownGreedy: UInt8 = 255
    static let unknownRank = Int64.min

    /// Packs `tokens`, interning each text through `textID`.
    init(_ tokens: [TokenRecord], textID: (String, Int) throws -> Int64) throws {
        let n = tokens.count
        tokenIDs = []; tokenIDs.reserveCapacity(n)
        textIDs = []; textIDs.reserveCapacity(n)
        logprobs = []; logprobs.reserveCapacity(n)
        var greedy = [UInt8](); greedy.reserveCapacity(n)
        var ranks = [Int64](); ranks.reserveCapacity(n)
        var entropies = [UInt64](); entropies.reserveCapacity(n)
        var anyGreedy = false, anyRank = false, anyEntropy = false, anyTopK = false
        for t in tokens {
            tokenIDs.append(Int64(t.tokenID).littleEndian)
            textIDs.append(try textID(t.text, t.tokenID).littleEndian)
            logprobs.append(t.logprob.bitPattern.littleEndian)
            if let g = t.greedy { greedy.append(g ? 1 : 0); anyGreedy = true } else { greedy.append(Self.unknownGreedy) }
            if let r = t.rank { ranks.append(Int64(r).littleEndian); anyRank = true } else { ranks.append(Self.unknownRank.littleEndian) }
            if let e = t.entropy, !e.isNaN { entropies.append(e.bitPattern.littleEndian); anyEntropy = true }
            else { entropies.append(Double.nan.bitPattern.littleEndian) }
            if t.alternatives != nil { anyTopK = true }
        }
        self.greedy = anyGreedy ? greedy : nil
        self.ranks = anyRank ? ranks : nil
        self.entropies = anyEntropy ? entropies : nil
        if anyTopK {
            let data = try JSONEncoder().encode(tokens.map(\.alternatives))
            topK = String(decoding: data, as: UTF8.self)
        } else {
            topK = nil
        }
    }

    /// Unpacks columns read from the store into token records; `text` maps an interned id to its text.
    static func unpack(count: Int, tokenIDs: [Int64], textIDs: [Int64], logprobs: [UInt64], greedy: [UInt8]?,
                       ranks: [Int64]?, entropies: [UInt64]?, topK: [[AlternativeRecord]?]?,
                       text: (Int64) throws -> String) rethrows -> [TokenRecord] {
        var out: [TokenRecord] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            var r = TokenRecord(tokenID: Int(Int64(littleEndian: tokenIDs[i])),
                                text: try text(Int64(littleEndian: textIDs[i])),
                                logprob: Double(bitPattern: UInt64(littleEndian: logprobs[i])))
            if let g = greedy?[i], g != unknownGreedy { r.greedy = g == 1 }
            if let rank = ranks?[i] {
                let v = Int64(littleEndian: rank)
                if v != unknownRank { r.rank = Int(v) }
            }
            if let e = entropies?[i] {
                let v = Double(bitPattern: UInt64(littleEndian: e))
                if !v.isNaN { r.entropy = v }
            }
            if let k = topK?[i] { r.alternatives = k }
            out.append(r)
        }
        return out
    }
}
