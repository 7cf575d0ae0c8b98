import Foundation

/// One alternative next token and its log-probability.
public struct TokenAlternative: Sendable, Equatable {
    public var tokenID: Int
    public var logprob: Double
    public init(tokenID: Int, logprob: Double) { self.tokenID = tokenID; self.logprob = logprob }
}

/// Summary of one row of logits, in two passes over it (a 50k-entry row is
/// 200 KB and stays in the core's L2 cache between them):
/// 1. the maximum, the argmax and, for a target token, how many logits lie
///    strictly above the target's (SIMD compares);
/// 2. log Z = max + log Σ e^(x − max) and the entropy −Σ p·log p, with the
///    terms summed in Float over blocks of 256 and the block sums accumulated
///    in Double (agrees with an all-Double reference to ~1e-6 relative).
/// Logits of −∞ get probability 0; +∞ or NaN logits are not supported.
struct LogitStatistics {
    var maximum: Float
    /// The lowest index holding the maximum.
    var argmax: Int
    var logPartition: Double
    var entropy: Double
    /// 1 + the number of logits strictly above the target's (1 when no target was given).
    var targetRank: Int

    /// Entries per block: the Float partial sums of pass 2 cover at most this many terms.
    static let blockSize = 256

    init(_ x: UnsafePointer<Float>, count: Int, target: Int? = nil) {
        let targetValue = target.map { x[$0] } ?? .infinity
        (maximum, argmax, targetRank) = Self.maximumAndRank(x, count: count, above: targetValue)
        (logPartition, entropy) = Self.partitionAndEntropy(x, count: count, maximum: maximum)
    }

    func logprob(_ value: Float) -> Double { Double(value) - logPartition }

    /// Pass 1: (max, lowest index of the max, 1 + count of entries > `threshold`).
    /// Blocks whose maximum beats the running one are remembered, so only
    /// that block is searched for the argmax at the end.
    private static func maximumAndRank(_ x: UnsafePointer<Float>, count: Int, above threshold: Float)
        -> (Float, Int, Int) {
        let raw = UnsafeRawPointer(x), limit = SIMD8<Float>(repeating: threshold)
        var best = -Float.infinity, bestBlock = 0, above = 0
        var start = 0
        while start < count {
            let end = Swift.min(start + blockSize, count)
            var lanes = SIMD8<Float>(repeating: -.infinity), counts = SIMD8<Int32>(repeating: 0)
            var i = start
            while i + 8 <= end {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                lanes.replace(with: v, where: v .> lanes)
                counts &+= SIMD8<Int32>(repeating: 0).replacing(with: 1, where: v .> limit)
                i += 8
            }
            var blockMax = lanes.max()
            while i < end {
                blockMax = Swift.max(blockMax, x[i])
                above &+= x[i] > threshold ? 1 : 0
                i += 1
            }
            above &+= Int(counts.wrappedSum())
            if blockMax > best { best = blockMax; bestBlock = start }
            start = end
        }
        var index = bestBlock
        while index < count - 1 && x[index] != best { index += 1 }
        return (best, index, above + 1)
    }

    /// Pass 2: (log Σ e^(x − max) + max, entropy) with Double accumulation across blocks.
    private static func partitionAndEntropy(_ x: UnsafePointer<Float>, count: Int, maximum m: Float) -> (Double, Double) {
        // e^z and e^z·z (z = x − max ≤ 0) go to stack buffers in a loop the
        // compiler vectorizes; z below −87 (including −∞) contributes exactly 0.
        var sum = 0.0, weighted = 0.0
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * blockSize) { buffer in
            let e = buffer.baseAddress!, w = e + blockSize
            var start = 0
            while start < count {
                let n = Swift.min(blockSize, count - start)
                let block = x + start
                for j in 0..<n {
                    let z = Swift.max(block[j] - m, -87)
                    let p = z > -87 ? VectorMath.exp(z) : 0
                    e[j] = p
                    w[j] = p * z
                }
                sum += Double(VectorMath.sum(e, count: n))
                weighted += Double(VectorMath.sum(w, count: n))
                start += n
            }
        }
        let logSum = Foundation.log(sum)
        return (Double(m) + logSum, logSum - weighted / sum)
    }

    /// The `k` largest logits as (id, logprob), best first; ties by lower id.
    func top(_ k: Int, of x: UnsafePointer<Float>, count: Int) -> [TokenAlternative] {
        guard k > 0 else { return [] }
        var best: [(id: Int, value: Float)] = []
        best.reserveCapacity(k + 1)
        for i in 0..<count {
            let v = x[i]
            if best.count == k, let last = best.last, v <= last.value { continue }
            var j = best.count
            while j > 0 && best[j - 1].value < v { j -= 1 }
            best.insert((i, v), at: j)
            if best.count > k { best.removeLast() }
        }
        return best.map { TokenAlternative(tokenID: $0.id, logprob: logprob($0.value)) }
    }
}
