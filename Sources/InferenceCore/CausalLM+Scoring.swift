import Dispatch
import EmergeSupport
import Foundation

/// How the model judged one token of a text under teacher forcing.
public struct TokenScore: Sendable, Equatable {
    /// Index of the token in the scored sequence (≥ 1).
    public var position: Int
    public var tokenID: Int
    /// log p(token | all tokens before it), natural log; the log-softmax is
    /// accumulated in Double from Float32 logits (agrees with Hugging Face to ~1e-5).
    public var logprob: Double
    /// 1 + the number of vocabulary entries with a strictly higher logit (1 = greedy).
    public var rank: Int
    /// Entropy of the next-token distribution at this position, in nats.
    public var entropy: Double
    /// The argmax token at this position (lowest id among ties).
    public var greedyTokenID: Int
    /// The `topK` most likely tokens, best first (empty unless asked for).
    public var alternatives: [TokenAlternative]
    /// Whether the token is the greedy choice.
    public var isGreedy: Bool { rank == 1 }
}

extension CausalLM {
    /// Rows of hidden states pushed through the LM head at once: bounds the
    /// logits buffer (rows × vocabulary) while keeping the sgemm large.
    static let headChunkRows = 256
    /// Positions run through the blocks in one batch (sequences × padded length).
    static let scoringRowBudget = 2048

    /// Scores every token of `ids` after the first: entry i − 1 describes
    /// `ids[i]` given `ids[..<i]`. `topK > 0` adds that many alternatives.
    /// Throws for an id outside the vocabulary or a sequence longer than learned positions.
    public func score(ids: [Int], topK: Int = 0) throws -> [TokenScore] {
        try score(batch: [ids], topK: topK)[0]
    }

    /// Scores only `continuation` given `prompt` (teacher forcing): one entry
    /// per continuation token, e.g. for a target answer or a multiple-choice
    /// option; the sum of their `logprob`s is log p(continuation | prompt).
    /// An empty prompt scores the continuation from its second token on.
    public func scoreContinuation(promptIDs: [Int], continuationIDs: [Int], topK: Int = 0) throws -> [TokenScore] {
        let all = try score(ids: promptIDs + continuationIDs, topK: topK)
        return Array(all.suffix(promptIDs.isEmpty ? max(continuationIDs.count - 1, 0) : continuationIDs.count))
    }

    /// Scores many sequences, batching them through each layer (padded on the
    /// right; causal attention keeps the padding invisible). Results keep the
    /// input order; sequences shorter than 2 tokens give [].
    public func score(batch sequences: [[Int]], topK: Int = 0) throws -> [[TokenScore]] {
        try score(batch: sequences, topK: topK, headRows: Self.headChunkRows)
    }

    /// `score(batch:topK:)` with `headRows` rows through the LM head at a time
    /// and `workers` shards of sequences run concurrently (the results depend
    /// on neither beyond rounding; tests vary both).
    func score(batch sequences: [[Int]], topK: Int, headRows: Int, workers: Int = availableCores) throws -> [[TokenScore]] {
        for ids in sequences { try validate(ids) }
        var results = [[TokenScore]](repeating: [], count: sequences.count)
        var start = 0
        while start < sequences.count {
            var end = start + 1, longest = sequences[start].count
            while end < sequences.count, max(longest, sequences[end].count) * (end + 1 - start) <= Self.scoringRowBudget {
                longest = max(longest, sequences[end].count)
                end += 1
            }
            let chunk = Array(sequences[start..<end])
            let scored = chunk.count >= 2 && workers >= 2
                ? scoreShardedChunk(chunk, topK: topK, headRows: headRows, workers: workers)
                : withBLASThreading(.pool) { scoreChunk(chunk, topK: topK, headRows: headRows, parallel: true) }
            results.replaceSubrange(start..<end, with: scored)
            start = end
        }
        return results
    }

    /// Scores `sequences` as one shard of consecutive sequences per core,
    /// each run through the whole model on its own thread with
    /// single-threaded sgemm: the elementwise kernels, attention and logit
    /// statistics of different shards overlap, and no OpenBLAS pool sits
    /// spinning between calls (8 × 128 tokens of GPT-2 small: +10–15% here).
    /// Shards hold about equal numbers of tokens; results agree with the
    /// unsharded path to rounding (rows never interact across sequences).
    private func scoreShardedChunk(_ sequences: [[Int]], topK: Int, headRows: Int, workers: Int) -> [[TokenScore]] {
        let shards = Self.balancedShards(sequences.map(\.count), parts: workers)
        // The shards' logits buffers together stay the size of one unsharded buffer.
        let shardHeadRows = max(1, headRows / shards.count)
        var scored = [[[TokenScore]]](repeating: [], count: shards.count)
        scored.withUnsafeMutableBufferPointer { out in
            withBLASThreading(.perCore) {
                parallelFor(shards.count) { s in
                    out[s] = scoreChunk(Array(sequences[shards[s]]), topK: topK, headRows: shardHeadRows, parallel: false)
                }
            }
        }
        return scored.flatMap { $0 }
    }

    /// Splits items of the given sizes into at most `parts` non-empty runs of
    /// consecutive items, cutting where the running total passes each k/parts
    /// of the whole.
    package static func balancedShards(_ sizes: [Int], parts: Int) -> [Range<Int>] {
        let total = max(sizes.reduce(0, +), 1), parts = max(1, min(parts, sizes.count))
        var shards: [Range<Int>] = [], first = 0, running = 0
        for (i, size) in sizes.enumerated() {
            running += size
            let remainingItems = sizes.count - i - 1, remainingParts = parts - shards.count - 1
            let passedShare = running * parts >= total * (shards.count + 1)
            if remainingParts > 0, passedShare || remainingItems == remainingParts {
                shards.append(first..<(i + 1))
                first = i + 1
            }
        }
        shards.append(first..<sizes.count)
        return shards
    }

    /// Scores one batch of sequences through the model; `parallel` spreads
    /// attention, activations and logit statistics over the cores (false when
    /// the caller already runs one chunk per core).
    private func scoreChunk(_ sequences: [[Int]], topK: Int, headRows: Int, parallel: Bool) -> [[TokenScore]] {
        let length = sequences.map(\.count).max() ?? 0
        guard length >= 2 else { return sequences.map { _ in [] } }
        let batch = sequences.count
        var padded = [Int](repeating: 0, count: batch * length)
        for (b, ids) in sequences.enumerated() { for (t, id) in ids.enumerated() { padded[b * length + t] = id } }
        let hidden = weights.forward(newTokens: padded, batch: batch, cache: nil, parallel: parallel)

        // Every (sequence, position) that predicts a real next token.
        var targets: [(sequence: Int, position: Int)] = []
        for (b, ids) in sequences.enumerated() where ids.count >= 2 {
            for t in 1..<ids.count { targets.append((b, t)) }
        }
        var scores = [TokenScore?](repeating: nil, count: targets.count)
        let d = config.hiddenSize, v = config.vocabularySize
        var rowsIn = [Float](repeating: 0, count: min(headRows, targets.count) * d)
        var logits = [Float](repeating: 0, count: min(headRows, targets.count) * v)
        var first = 0
        while first < targets.count {
            let rows = min(headRows, targets.count - first)
            hidden.withUnsafeBufferPointer { h in
                rowsIn.withUnsafeMutableBufferPointer { out in
                    for r in 0..<rows {
                        let (b, t) = targets[first + r]
                        (out.baseAddress! + r * d).update(from: h.baseAddress! + (b * length + t - 1) * d, count: d)
                    }
                }
            }
            rowsIn.withUnsafeBufferPointer { x in
                logits.withUnsafeMutableBufferPointer { weights.head.apply(x.baseAddress!, rows: rows, out: $0.baseAddress!) }
            }
            let chunkScores = logits.withUnsafeBufferPointer { l -> [TokenScore] in
                nonisolated(unsafe) let base = l.baseAddress!
                let slice = Array(targets[first..<(first + rows)])
                let out = UnsafeMutableBufferPointer<TokenScore?>.allocate(capacity: rows)
                out.initialize(repeating: nil)
                defer { out.deallocate() }
                nonisolated(unsafe) let results = out
                let scoreRow: @Sendable (Int) -> Void = { r in
                    let (b, t) = slice[r]
                    results[r] = Self.tokenScore(row: base + r * v, vocabulary: v, target: sequences[b][t], position: t, topK: topK)
                }
                if parallel {
                    parallelFor(rows, scoreRow)
                } else {
                    for r in 0..<rows { scoreRow(r) }
                }
                return out.map { $0! }
            }
            for (r, s) in chunkScores.enumerated() { scores[first + r] = s }
            first += rows
        }
        var grouped = [[TokenScore]](repeating: [], count: batch)
        for (k, target) in targets.enumerated() { grouped[target.sequence].append(scores[k]!) }
        return grouped
    }

    static func tokenScore(row: UnsafePointer<Float>, vocabulary v: Int, target: Int, position: Int, topK: Int) -> TokenScore {
        let stats = LogitStatistics(row, count: v, target: target)
        return TokenScore(position: position, tokenID: target, logprob: stats.logprob(row[target]),
                          rank: stats.targetRank, entropy: stats.entropy,
                          greedyTokenID: stats.argmax, alternatives: stats.top(topK, of: row, count: v))
    }
}
