/// One exemplar of a few-shot prompt: which example, and which of its
/// acceptable targets is shown after its input.
public struct BigBenchShot: Sendable, Equatable, Hashable, Codable {
    /// Index of the exemplar among the task's examples.
    public var example: Int
    /// Index into that example's acceptable targets.
    public var target: Int

    public init(example: Int, target: Int) { self.example = example; self.target = target }
}

/// The exemplars of k-shot prompts, drawn as BIG-bench draws them.
///
/// One `numpy.random.RandomState(seed)` serves the whole task, visiting the
/// questions in order. For each question it draws k distinct exemplars from
/// the *other* examples (in task order, the question left out) without
/// replacement — the first k entries of a permutation of their count — then,
/// for each exemplar in turn, one of its acceptable targets uniformly (a draw
/// that takes no random numbers when there is only one). So a question's
/// exemplars depend on every question before it, never on the ones after,
/// and no example is ever its own exemplar.
public enum BigBenchExemplars {
    /// The exemplars of questions `0..<questions` of a task whose examples
    /// have `targetCounts[i]` acceptable targets each. Needs `shots` < the
    /// number of examples (BIG-bench's own condition).
    public static func draw(targetCounts: [Int], shots: Int, seed: UInt32 = BigBenchPrompt.defaultSeed,
                            questions: Int) throws -> [[BigBenchShot]] {
        let count = targetCounts.count
        guard shots >= 0 else { throw BigBenchShotsError(shots: shots, examples: count) }
        if shots == 0 { return Array(repeating: [], count: min(questions, count)) }
        guard count >= shots + 1 else { throw BigBenchShotsError(shots: shots, examples: count) }
        var random = NumpyRandomState(seed: seed)
        var all: [[BigBenchShot]] = []
        all.reserveCapacity(min(questions, count))
        for question in 0..<min(questions, count) {
            // Positions among the other examples map back past the question.
            let picked = random.choiceWithoutReplacement(from: count - 1, count: shots)
                .map { $0 < question ? $0 : $0 + 1 }
            all.append(picked.map { example in
                BigBenchShot(example: example, target: random.integer(upTo: targetCounts[example] - 1))
            })
        }
        return all
    }
}

/// More exemplars asked for than a task can give.
public struct BigBenchShotsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var shots: Int
    public var examples: Int
    public var description: String {
        shots < 0 ? "The number of shots must be 0 or more, not \(shots)."
            : "A \(shots)-shot prompt needs at least \(shots + 1) examples; the task has \(examples)."
    }
}
