import Foundation

/// One alternative next token and its log-probability.
public struct TokenAlternative: Sendable, Equatable {
    public var tokenID: Int
    public var logprob: Double
    public init(tokenID: Int, logprob: Double) { self.tokenID = tokenID; self.logprob = logprob }
}

/// Summary of one row of logits: log Z = max + log Σ e^(x − max) and the
/// entropy, with sums accumulated in Double (blocks of 256 lanes in Float).
struct LogitStatistics {
    var maximum: Float
    var argmax: Int
    var logPartition: Double
    var entropy: Double

    init(_ x: UnsafePointer<Float>, count: Int) {
        var m = -Float.infinity, best = 0
        for i in 0..<count where x[i] > m { m = x[i]; best = i }
        maximum = m
        argmax = best
        // Blocks of 256: e^z and e^z·z into stack buffers (a vectorized loop),
        // summed in Float lanes, then accumulated in Double.
        var sum = 0.0, weighted = 0.0
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 512) { buffer in
            let e = buffer.baseAddress!, w = e + 256
            var i = 0
            while i < count {
                let n = Swift.min(256, count - i)
                let block = x + i
                for j in 0..<n {
                    let z = block[j] - m
                    let p = VectorMath.exp(z)
                    e[j] = p
                    w[j] = p * z
                }
                sum += Double(VectorMath.sum(e, count: n))
                weighted += Double(VectorMath.sum(w, count: n))
                i += n
            }
        }
        let logSum = Foundation.log(sum)
        logPartition = Double(m) + logSum
        entropy = logSum - weighted / sum
    }

    func logprob(_ value: Float) -> Double { Double(value) - logPartition }

    /// 1 + the number of logits strictly above `x[id]`.
    static func rank(of id: Int, in x: UnsafePointer<Float>, count: Int) -> Int {
        let target = x[id]
        var above = 0
        for i in 0..<count { above &+= x[i] > target ? 1 : 0 }
        return above + 1
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
