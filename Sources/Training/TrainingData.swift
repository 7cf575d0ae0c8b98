import EmergeSupport
import TaskSuite

/// Where training examples come from: a generator's train split (fresh
/// examples every step), or a fixed list (a task file), drawn with
/// replacement. Either way the order is decided by the caller's seeded RNG.
public enum TrainingData: Sendable {
    case generator(any TaskGenerator)
    case examples([TaskExample])

    public func draw(using rng: inout SplitMix64) -> TaskExample {
        switch self {
        case let .generator(task): task.randomExample(of: .train, using: &rng)
        case let .examples(list): list[rng.below(list.count)]
        }
    }
}

/// One batch as the model consumes it: B rows of T positions, row-major.
public struct TokenBatch: Sendable, Equatable {
    public var tokens: [Int32]
    public var targets: [Int32]
    public var weights: [Float]
    public var batch: Int
    public var length: Int
    /// Real positions per row (the rest of the row is padding at weight 0).
    public var lengths: [Int]

    /// Packs examples one per row: the tokens of prompt + target, inputs
    /// shifted by one against targets; rows shorter than the longest are
    /// padded with token 0 at weight 0. Weights are 1 on the target's tokens
    /// (`.target`) or on every real position (`.all`).
    public init(examples: [TaskExample], vocabulary: CharVocabulary, lossOn: LossPositions) throws {
        let encoded = try examples.map { example -> (ids: [Int], promptCount: Int) in
            let prompt = try vocabulary.encode(example.prompt)
            return (prompt + (try vocabulary.encode(example.target)), prompt.count)
        }
        let T = max(1, (encoded.map(\.ids.count).max() ?? 2) - 1)
        batch = examples.count
        length = T
        lengths = encoded.map { max(1, $0.ids.count - 1) }
        tokens = [Int32](repeating: 0, count: batch * T)
        targets = [Int32](repeating: 0, count: batch * T)
        weights = [Float](repeating: 0, count: batch * T)
        for (row, (ids, promptCount)) in encoded.enumerated() {
            for position in 0..<(ids.count - 1) {
                tokens[row * T + position] = Int32(ids[position])
                targets[row * T + position] = Int32(ids[position + 1])
                let predictsTarget = position + 1 >= promptCount
                weights[row * T + position] = (lossOn == .all || predictsTarget) ? 1 : 0
            }
        }
    }
}
