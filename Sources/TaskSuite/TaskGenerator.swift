import EmergeSupport

/// Which side of a task's fixed train/test partition an example falls on.
public enum TaskSplit: String, Sendable, Codable { case train, test }

/// A synthetic task: draws random examples of either split, deterministically
/// from a seed. Train and test are disjoint by construction: every example's
/// split is a fixed hash of its content (not of the seed), and each split
/// draws only examples whose hash puts them on its side.
public protocol TaskGenerator: Sendable {
    /// The task's name in the store, e.g. `add3`.
    var name: String { get }
    /// The split an example with this content belongs to (a pure function of the content).
    func split(of example: TaskExample) -> TaskSplit
    /// One random example of `split`.
    func randomExample(of split: TaskSplit, using rng: inout SplitMix64) -> TaskExample
    /// The characters the task's prompts and targets use.
    var vocabulary: CharVocabulary { get }
}

extension TaskGenerator {
    /// `count` distinct examples of `split`, the same for the same seed.
    /// Stops early (returning fewer) when the split holds fewer than `count`
    /// distinct examples.
    public func examples(of split: TaskSplit, count: Int, seed: UInt64) -> [TaskExample] {
        var rng = SplitMix64(seed: seed)
        var seen = Set<TaskExample>()
        var result: [TaskExample] = []
        var misses = 0
        while result.count < count && misses < 50 * max(count, 100) {
            let example = randomExample(of: split, using: &rng)
            if seen.insert(example).inserted { result.append(example) } else { misses += 1 }
        }
        return result
    }
}

/// Fixed hash partition: `testPerMille` of every 1,000 hash buckets are test.
/// The salt keeps different tasks' partitions independent.
func partition(_ key: UInt64, salt: UInt64, testPerMille: Int) -> TaskSplit {
    SplitMix64.mix(key ^ SplitMix64.mix(salt)) % 1000 < UInt64(testPerMille) ? .test : .train
}
