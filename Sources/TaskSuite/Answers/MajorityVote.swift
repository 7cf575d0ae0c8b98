/// How many samples gave one answer, and which sample gave it first.
public struct VoteCount: Codable, Sendable, Equatable {
    /// The answer as the earliest sample that gave it wrote it.
    public var answer: String
    public var count: Int
    /// Index of the first sample that gave this answer.
    public var firstSample: Int

    public init(answer: String, count: Int, firstSample: Int) {
        self.answer = answer; self.count = count; self.firstSample = firstSample
    }

    enum CodingKeys: String, CodingKey { case answer, count, firstSample = "first_sample" }
}

/// The outcome of a majority vote over sampled answers.
public struct VoteResult: Codable, Sendable, Equatable {
    /// The winning answer; `nil` when no sample produced an answer.
    public var winner: String?
    /// Every distinct answer with its count, winner first, then by count
    /// (descending) and first sample (ascending).
    public var counts: [VoteCount]
    /// Samples that produced no answer.
    public var abstentions: Int
    /// Number of samples voted over (answers and abstentions).
    public var samples: Int

    /// (votes of the winner − votes of the runner-up) / samples, in [0, 1];
    /// 0 for a tie or when nobody answered.
    public var margin: Double {
        guard samples > 0, let top = counts.first else { return 0 }
        let second = counts.count > 1 ? counts[1].count : 0
        return Double(top.count - second) / Double(samples)
    }

    enum CodingKeys: String, CodingKey { case winner, counts, abstentions, samples }
}

/// Majority vote over sampled answers (Wang et al. 2022, self-consistency).
///
/// Answers are one vote when `rule` matches them (`AnswerRule.normalized`:
/// "18", "18.0" and "018" are one answer, "Era" and "era" two). Samples
/// without an answer (`nil`) abstain. **Tie rule:** among the answers with
/// the most votes, the one that appeared in the earliest sample wins (sample
/// order is the seeded sampling order, so the outcome is deterministic).
public func majorityVote(_ answers: [String?], rule: AnswerRule = .normalized) -> VoteResult {
    var order: [AnswerKey] = []
    var byKey: [AnswerKey: VoteCount] = [:]
    var abstentions = 0
    for (index, answer) in answers.enumerated() {
        guard let answer else { abstentions += 1; continue }
        let key = rule.key(answer)
        if var existing = byKey[key] {
            existing.count += 1
            byKey[key] = existing
        } else {
            byKey[key] = VoteCount(answer: answer, count: 1, firstSample: index)
            order.append(key)
        }
    }
    let counts = order.compactMap { byKey[$0] }.sorted {
        $0.count != $1.count ? $0.count > $1.count : $0.firstSample < $1.firstSample
    }
    return VoteResult(winner: counts.first?.answer, counts: counts,
                      abstentions: abstentions, samples: answers.count)
}
