import EmergeSupport
import Foundation
import ResultsStore

/// Schaeffer, Miranda & Koyejo's (2023, Fig. 2) model family made runnable:
/// models whose per-token cross-entropy falls as a power law in parameters,
///
///     L_CE(N) = (N / c)^α,  with c = 1e7 and α = −0.5 by default,
///
/// so the probability of emitting a target token correctly is
/// p(N) = exp(−L_CE(N)). With N log-spaced over 1e7…1e11 (the default),
/// L_CE falls from 1 to 0.01 and p rises from 0.37 to 0.99 — a smooth,
/// concave curve in log N — while exact match on an L-token answer, ≈ p^L,
/// sits near 0 for the smallest models and then climbs towards 1: an
/// "emergent" jump produced by the metric alone.
///
/// Each task example is an answer of L digit tokens (ids 0…9 from a
/// vocabulary of `vocabularySize`, text the digits), the same for every
/// model. A model decodes greedily; at every position it is right with
/// probability p (independently) and otherwise emits a uniformly chosen
/// wrong token. Records carry, per position:
/// - generated tokens: the emitted token, log-prob log p when right and
///   log(1 − p) when wrong (the wrong token is the argmax), greedy, rank 1;
/// - teacher-forced target tokens: log-prob log p (the correct token always
///   gets probability p, so log-likelihood = log p and P(target) = p^L
///   exactly), greedy and rank 1 when the position was right, else rank 2,
///   and the entropy of a distribution with p on the target and the rest
///   spread evenly over the other tokens.
///
/// This is a stylized model, not one fixed distribution per position: its
/// point is that the per-token quantities follow the closed forms
/// token accuracy ≈ p, token edit distance ≈ L(1 − p) (Levenshtein can
/// undercut the count of wrong positions slightly by realigning),
/// exact match ≈ p^L, log-likelihood = log p.
///
/// Model facts: family "simulated-schaeffer", params N, training tokens
/// D = 20·N (Chinchilla-optimal), training FLOPs 6·N·D. Everything is a pure
/// function of the seed.
public struct SchaefferSimulator: Sendable {
    /// Number of models, log-spaced over `minParams…maxParams` (default 10).
    public var models: Int = 10
    /// Target tokens per example, L (default 10).
    public var targetTokens: Int = 10
    /// Examples per model, K (default 500).
    public var examples: Int = 500
    /// Seed of every random draw (default 0).
    public var seed: UInt64 = 0
    /// Smallest and largest parameter counts (default 1e7 and 1e11).
    public var minParams: Double = 1e7
    public var maxParams: Double = 1e11
    /// The power law's scale c and exponent α (default 1e7 and −0.5).
    public var scale: Double = 1e7
    public var exponent: Double = -0.5
    /// Tokens per parameter in training, D/N (default 20).
    public var tokensPerParameter: Double = 20
    /// Token vocabulary size; ids 0…9 render as digits, others as "<id>" (default 10).
    public var vocabularySize: Int = 10
    /// The family name written into model facts.
    public static let family = "simulated-schaeffer"

    public init(models: Int = 10, targetTokens: Int = 10, examples: Int = 500, seed: UInt64 = 0) {
        self.models = models; self.targetTokens = targetTokens; self.examples = examples; self.seed = seed
    }

    /// The task name, which records L: "simulated-L10".
    public var taskName: String { "simulated-L\(targetTokens)" }

    /// Parameter counts of the family, log-spaced, smallest first.
    public var parameterCounts: [Double] {
        guard models > 1 else { return [minParams] }
        let lo = log10(minParams), hi = log10(maxParams)
        return (0..<models).map { pow(10, lo + (hi - lo) * Double($0) / Double(models - 1)) }
    }

    /// L_CE(N) = (N / c)^α in nats per token.
    public func crossEntropy(params n: Double) -> Double { pow(n / scale, exponent) }

    /// p(N) = exp(−L_CE(N)), the probability of a correct token.
    public func tokenProbability(params n: Double) -> Double { exp(-crossEntropy(params: n)) }

    /// A readable model name: "sim-10M", "sim-27.8M", "sim-1.67B".
    public static func modelName(params n: Double) -> String {
        let (value, suffix): (Double, String) = n >= 1e9 ? (n / 1e9, "B") : n >= 1e6 ? (n / 1e6, "M") : (n / 1e3, "K")
        var digits = String(format: "%.3g", value)
        if digits.contains("e") { digits = String(format: "%.0f", value) }
        return "sim-\(digits)\(suffix)"
    }

    /// Checks the parameters; throws a one-sentence error for bad ones.
    public func validate() throws {
        func fail(_ m: String) -> SimulatorError { SimulatorError(description: m) }
        guard models >= 1 else { throw fail("--models must be at least 1.") }
        guard targetTokens >= 1 else { throw fail("--target-tokens must be at least 1.") }
        guard examples >= 1 else { throw fail("--examples must be at least 1.") }
        guard vocabularySize >= 2 else { throw fail("the vocabulary needs at least 2 tokens.") }
        guard minParams > 0, maxParams >= minParams, scale > 0 else { throw fail("parameter counts must be positive.") }
    }

    /// Every model's records, model by model (smallest first), example by example.
    public func records() -> [OutputRecord] {
        var all: [OutputRecord] = []
        all.reserveCapacity(models * examples)
        forEachRecord { all.append($0) }
        return all
    }

    /// Calls `body` with each record in order without holding them all.
    public func forEachRecord(_ body: (OutputRecord) throws -> Void) rethrows {
        let targets = exampleTargets()
        for (m, n) in parameterCounts.enumerated() {
            let p = tokenProbability(params: n)
            let name = Self.modelName(params: n)
            let d = tokensPerParameter * n
            let facts = ModelFacts(family: Self.family, params: n, tokens: d, trainingFlops: 6 * n * d)
            let decoding = DecodingSettings(temperature: 0, samples: 1, seed: Int(truncatingIfNeeded: seed),
                                            maxTokens: targetTokens, backend: "simulated")
            let logP = log(p), logWrong = log1p(-p)
            let others = Double(vocabularySize - 1)
            let entropy = -(p * logP) - (p < 1 ? (1 - p) * log((1 - p) / others) : 0)
            var rng = SplitMix64(seed: seed ^ stableHash("model \(m)") ^ 0x5C4A_EFFE_5C4A_EFFE)
            for (k, target) in targets.enumerated() {
                var generated: [TokenRecord] = [], teacher: [TokenRecord] = []
                generated.reserveCapacity(targetTokens); teacher.reserveCapacity(targetTokens)
                for id in target {
                    let right = rng.unitDouble() < p
                    var emitted = id
                    if !right {
                        // A uniform wrong token: skip over the right one.
                        let draw = Int(rng.next().multipliedFullWidth(by: UInt64(vocabularySize - 1)).high)
                        emitted = draw >= id ? draw + 1 : draw
                    }
                    generated.append(TokenRecord(tokenID: emitted, text: tokenText(emitted),
                                                 logprob: right ? logP : logWrong, greedy: true, rank: 1))
                    teacher.append(TokenRecord(tokenID: id, text: tokenText(id), logprob: logP, greedy: right,
                                               rank: right ? 1 : 2, entropy: entropy))
                }
                try body(OutputRecord(
                    model: name, modelFacts: facts, task: taskName, taskKind: .generation, strategy: "standard",
                    decoding: decoding, example: k, sample: 0,
                    prompt: "Repeat the \(targetTokens)-digit sequence of example \(k).",
                    target: target.map(tokenText).joined(), generated: generated.map(\.text).joined(),
                    generatedTokens: generated, targetTokens: teacher))
            }
        }
    }

    /// Writes the records as JSON Lines to `url` (replacing it atomically).
    /// Returns how many records were written.
    @discardableResult
    public func write(to url: URL) throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data()
        var count = 0
        try forEachRecord { record in
            data.append(try encoder.encode(record))
            data.append(0x0A)
            count += 1
        }
        try data.write(to: url, options: .atomic)
        return count
    }

    /// The target token ids of every example (shared by all models).
    func exampleTargets() -> [[Int]] {
        var rng = SplitMix64(seed: seed ^ 0x7A26_E7A2_67E7_A267)
        return (0..<examples).map { _ in
            (0..<targetTokens).map { _ in Int(rng.next().multipliedFullWidth(by: UInt64(vocabularySize)).high) }
        }
    }

    func tokenText(_ id: Int) -> String { id < 10 ? String(id) : "<\(id)>" }
}

/// A bad simulator parameter, described in one sentence.
public struct SimulatorError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
