import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import InferenceCore

/// The scoring kernels against straightforward Double references on seeded random inputs.
@Suite struct LogitStatisticsTests {
    /// log Z, entropy, argmax (lowest index) and rank computed entry by entry in Double.
    static func reference(_ x: [Float], target: Int) -> (logZ: Double, entropy: Double, argmax: Int, rank: Int) {
        let m = x.max()!
        let argmax = x.firstIndex(of: m)!
        var sum = 0.0, weighted = 0.0
        for v in x where v > -.infinity {
            let z = Double(v) - Double(m), p = exp(z)
            sum += p
            weighted += p * z
        }
        return (Double(m) + log(sum), log(sum) - weighted / sum, argmax, 1 + x.filter { $0 > x[target] }.count)
    }

    static func randomLogits(count: Int, spread: Float, offset: Float, generator: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in offset + spread * Float.random(in: -1...1, using: &generator) }
    }

    @Test(arguments: [1, 7, 8, 255, 256, 257, 1000, 50_257])
    func agreesWithTheDoubleReference(count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        for (spread, offset) in [(Float(1), Float(0)), (8, 0), (30, -12), (5, 10_000)] {
            let x = Self.randomLogits(count: count, spread: spread, offset: offset, generator: &generator)
            let target = Int.random(in: 0..<count, using: &generator)
            let stats = x.withUnsafeBufferPointer { LogitStatistics($0.baseAddress!, count: count, target: target) }
            let expected = Self.reference(x, target: target)
            #expect(abs(stats.logPartition - expected.logZ) < 1e-9 * max(1, abs(expected.logZ)) + 1e-6)
            #expect(abs(stats.entropy - expected.entropy) < 1e-5)
            #expect(stats.argmax == expected.argmax)
            #expect(stats.targetRank == expected.rank)
            #expect(stats.maximum == x[expected.argmax])
        }
    }

    @Test func tiesNegativeInfinityAndNoTarget() {
        var generator = SplitMix64(seed: 3)
        var x = Self.randomLogits(count: 3000, spread: 4, offset: 0, generator: &generator)
        // Ties: the maximum at 2100 and 700 (lowest wins), the target tied with two others.
        x[2100] = 9; x[700] = 9
        x[40] = 2.5; x[1500] = 2.5; x[2999] = 2.5
        // Masked entries contribute nothing, in whole blocks and scattered.
        for i in 256..<512 { x[i] = -.infinity }
        for i in stride(from: 3, to: 3000, by: 97) where x[i] != 9 && x[i] != 2.5 { x[i] = -.infinity }
        let stats = x.withUnsafeBufferPointer { LogitStatistics($0.baseAddress!, count: x.count, target: 1500) }
        let expected = Self.reference(x, target: 1500)
        #expect(stats.argmax == 700)
        #expect(stats.targetRank == expected.rank)
        #expect(stats.entropy.isFinite && abs(stats.entropy - expected.entropy) < 1e-5)
        #expect(abs(stats.logPartition - expected.logZ) < 1e-6)
        let untargeted = x.withUnsafeBufferPointer { LogitStatistics($0.baseAddress!, count: x.count) }
        #expect(untargeted.targetRank == 1 && untargeted.logPartition == stats.logPartition)

        // A row with a single finite entry is certain: entropy 0, log-prob 0.
        var masked = [Float](repeating: -.infinity, count: 600)
        masked[599] = -3
        let certain = masked.withUnsafeBufferPointer { LogitStatistics($0.baseAddress!, count: 600, target: 599) }
        #expect(certain.argmax == 599 && certain.targetRank == 1)
        #expect(certain.entropy == 0 && certain.logprob(-3) == 0)
    }
}

@Suite struct AttentionKernelTests {
    /// softmax(q·Kᵀ·scale)·V for each query in Double, causal from position `start`.
    static func reference(q: [Float], k: [Float], v: [Float], count: Int, start: Int, hd: Int, scale: Float) -> [Float] {
        var out = [Float](repeating: 0, count: count * hd)
        for t in 0..<count {
            let visible = start + t + 1
            let scores = (0..<visible).map { j in
                (0..<hd).reduce(0.0) { $0 + Double(q[t * hd + $1]) * Double(k[j * hd + $1]) } * Double(scale)
            }
            let m = scores.max()!
            let weights = scores.map { exp($0 - m) }, total = weights.reduce(0, +)
            for d in 0..<hd {
                out[t * hd + d] = Float((0..<visible).reduce(0.0) { $0 + weights[$1] / total * Double(v[$1 * hd + d]) })
            }
        }
        return out
    }

    @Test(arguments: [4, 12, 16, 40, 64, 72, 128])
    func agreesWithTheDoubleReference(headDimension hd: Int) {
        var generator = SplitMix64(seed: UInt64(hd))
        for (count, start) in [(1, 0), (9, 0), (3, 6)] {
            let context = start + count
            func random(_ n: Int) -> [Float] { (0..<n).map { _ in Float.random(in: -2...2, using: &generator) } }
            let q = random(count * hd), k = random(context * hd), v = random(context * hd)
            let scale = 1 / Float(hd).squareRoot()
            var out = [Float](repeating: .nan, count: count * hd)
            q.withUnsafeBufferPointer { qp in
                k.withUnsafeBufferPointer { kp in
                    v.withUnsafeBufferPointer { vp in
                        out.withUnsafeMutableBufferPointer { op in
                            AttentionKernel.attend(q: qp.baseAddress!, queryStride: hd, k: kp.baseAddress!, v: vp.baseAddress!,
                                                   kvStride: hd, out: op.baseAddress!, outStride: hd,
                                                   count: count, start: start, headDimension: hd, scale: scale)
                        }
                    }
                }
            }
            let expected = Self.reference(q: q, k: k, v: v, count: count, start: start, hd: hd, scale: scale)
            for (a, b) in zip(out, expected) { #expect(abs(a - b) < 1e-5) }
        }
    }
}

@Suite struct ChunkedScoringTests {
    static let sequences = [[52, 764, 330, 692, 451, 291, 361, 565, 14], [1, 2, 3], [88, 99, 100, 101, 102]]

    @Test(arguments: ["gpt2-tiny", "llama-tiny"])
    func resultsDoNotDependOnTheHeadChunk(_ name: String) throws {
        let model = try Fixtures.model(name)
        let whole = try model.score(batch: Self.sequences, topK: 3, headRows: 1000)
        for headRows in [1, 5] {
            let chunked = try model.score(batch: Self.sequences, topK: 3, headRows: headRows)
            for (a, b) in zip(chunked.joined(), whole.joined()) {
                #expect(a.tokenID == b.tokenID && a.position == b.position && a.rank == b.rank)
                #expect(a.greedyTokenID == b.greedyTokenID && a.alternatives.map(\.tokenID) == b.alternatives.map(\.tokenID))
                #expect(abs(a.logprob - b.logprob) < 1e-5 && abs(a.entropy - b.entropy) < 1e-5)
            }
        }
    }

    @Test(arguments: ["gpt2-tiny", "neox-tiny"])
    func resultsDoNotDependOnTheShards(_ name: String) throws {
        let model = try Fixtures.model(name)
        let sequences = Self.sequences + [[5, 6], [7], [400, 401, 402, 403, 404, 405, 406]]
        let serial = try model.score(batch: sequences, topK: 3, headRows: 4, workers: 1)
        for workers in [2, 3, 8] {
            let sharded = try model.score(batch: sequences, topK: 3, headRows: 4, workers: workers)
            #expect(sharded.map(\.count) == serial.map(\.count))
            for (a, b) in zip(sharded.joined(), serial.joined()) {
                #expect(a.tokenID == b.tokenID && a.position == b.position && a.rank == b.rank)
                #expect(a.alternatives.map(\.tokenID) == b.alternatives.map(\.tokenID))
                #expect(abs(a.logprob - b.logprob) < 1e-5 && abs(a.entropy - b.entropy) < 1e-5)
            }
        }
    }

    /// Shards cover every item once, in order, none empty, and none holds
    /// more than its share of the total plus one item (seeded random sizes).
    @Test func balancedShardsPartitionInOrder() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<500 {
            let sizes = (0..<Int.random(in: 1...20, using: &rng)).map { _ in Int.random(in: 0...300, using: &rng) }
            let parts = Int.random(in: 1...6, using: &rng)
            let shards = CausalLM.balancedShards(sizes, parts: parts)
            #expect(shards.count == min(parts, sizes.count))
            #expect(shards.first?.lowerBound == 0 && shards.last?.upperBound == sizes.count)
            for (a, b) in zip(shards, shards.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
            #expect(shards.allSatisfy { !$0.isEmpty })
            let share = Double(sizes.reduce(0, +)) / Double(shards.count)
            for shard in shards {
                #expect(Double(sizes[shard].reduce(0, +)) <= share + Double(sizes[shard].max()!))
            }
        }
    }

    @Test func scoresAgreeWithTheRawLogitsInDouble() throws {
        let model = try Fixtures.model("neox-tiny")
        let ids = Self.sequences[0]
        let scores = try model.score(ids: ids)
        let logits = try model.logits(ids: ids)
        for (score, row) in zip(scores, logits) {
            let expected = LogitStatisticsTests.reference(row, target: score.tokenID)
            #expect(abs(score.logprob - (Double(row[score.tokenID]) - expected.logZ)) < 1e-6)
            #expect(abs(score.entropy - expected.entropy) < 1e-5)
            #expect(score.rank == expected.rank && score.greedyTokenID == expected.argmax)
        }
    }
}
