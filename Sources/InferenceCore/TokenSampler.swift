import EmergeSupport
import Foundation

/// Chooses the next token from a row of logits: greedy at temperature 0,
/// else temperature → top-k → top-p → a draw from a seeded SplitMix64 stream.
/// Returns the token and its log-probability under the raw logits.
struct TokenSampler {
    let options: GenerationOptions
    private var random: SplitMix64

    init(options: GenerationOptions) {
        self.options = options
        random = SplitMix64(seed: options.seed)
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
        var u = random.unitDouble() * total
        var chosen = candidates[candidates.count - 1].id
        for (k, w) in weights.enumerated() {
            u -= w
            if u < 0 { chosen = candidates[k].id; break }
        }
        return (chosen, stats.logprob(x[chosen]))
    }
}
