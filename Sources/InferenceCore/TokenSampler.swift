import Foundation

/// Chooses the next token from a row of logits: greedy at temperature 0,
/// else temperature → top-k → top-p → a draw from a seeded SplitMix64 stream.
/// Returns the token and its log-probability under the raw logits.
struct TokenSampler {
    let options: GenerationOptions
    private var state: UInt64

    init(options: GenerationOptions) {
        self.options = options
        state = options.seed
    }

    /// Uniform in [0, 1) from SplitMix64.
    private mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }

    mutating func choose(_ logits: UnsafeBufferPointer<Float>) -> (id: Int, logprob: Double) {
        let x = logits.baseAddress!, v = logits.count
        let stats = LogitStatistics(x, count: v)
        guard options.temperature > 0 else { return (stats.argmax, stats.logprob(x[stats.argmax])) }

        var candidates: [(id: Int, value: Float)]
        if options.topK > 0 && options.topK < v {
            candidates = stats.top(options.topK, of: x, count: v).map { ($0.tokenID, x[$0.tokenID]) }
        } else {
            candidates = (0..<v).map { ($0, x[$0]) }
        }
        let t = options.temperature
        var weights = candidates.map { Foundation.exp((Double($0.value) - Double(stats.maximum)) / t) }
        if options.topP < 1 {
            let order = weights.indices.sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) }
            let total = weights.reduce(0, +)
            var kept: [Int] = [], mass = 0.0
            for i in order {
                kept.append(i)
                mass += weights[i] / total
                if mass >= options.topP { break }
            }
            candidates = kept.map { candidates[$0] }
            weights = kept.map { weights[$0] }
        }
        let total = weights.reduce(0, +)
        var u = uniform() * total
        var chosen = candidates[candidates.count - 1].id
        for (k, w) in weights.enumerated() {
            u -= w
            if u < 0 { chosen = candidates[k].id; break }
        }
        return (chosen, stats.logprob(x[chosen]))
    }
}
