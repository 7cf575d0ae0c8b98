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
        var sum = 0.0, weighted = 0.0
        let raw = UnsafeRawPointer(x)
        var i = 0
        while i < count {
            let blockEnd = min(i + 256, count)
            var s = Float16Lanes(repeating: 0), w = Float16Lanes(repeating: 0)
            while i + 16 <= blockEnd {
                let z = raw.loadUnaligned(fromByteOffset: i * 4, as: Float16Lanes.self) - m
                let e = VectorMath.exp(z)
                s += e
                w += e * z
                i += 16
            }
            var tailS = 0 as Float, tailW = 0 as Float
            while i < blockEnd { let z = x[i] - m; let e = Foundation.exp(z); tailS += e; tailW += e * z; i += 1 }
            sum += Double(s.sum() + tailS)
            weighted += Double(w.sum() + tailW)
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
        for i in 0..<count where x[i] > target { above += 1 }
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
