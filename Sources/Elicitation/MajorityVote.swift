/// How many samples gave one answer, and which sample gave it first.
public struct VoteCount: Codable, Sendable, Equatable {
    /// The answer as the earliest sample that gave it wrote it (normalized by extraction).
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
    /// Samples that produced no answer (extraction rule `none`).
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

/// Majority vote over extracted answers (Wang et al. 2022, SPEC §10).
///
/// Answers are compared after a further normalization: numbers compare as
/// numbers ("18", "18.0" and "018" are one answer), text case-insensitively.
/// **Tie rule:** among answers with the most votes, the one that appeared in
/// the earliest sample wins (sample order is the seeded sampling order, so
/// the outcome is deterministic). Samples without an answer abstain.
public func majorityVote(_ answers: [String?]) -> VoteResult {
    var order: [String] = []
    var byKey: [String: VoteCount] = [:]
    var abstentions = 0
    for (index, answer) in answers.enumerated() {
        guard let answer else { abstentions += 1; continue }
        let key = voteKey(answer)
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

/// The key under which two answers count as the same vote.
func voteKey(_ answer: String) -> String {
    if let number = canonicalNumber(answer) { return "#" + number }
    return answer.trimmingWhitespace().lowercased()
}

/// A canonical decimal spelling of a numeric answer ("-018.50" → "-18.5"), or nil.
func canonicalNumber(_ text: String) -> String? {
    var body = Substring(text.trimmingWhitespace())
    var negative = false
    if body.first == "-" { negative = true; body = body.dropFirst() }
    guard !body.isEmpty, body.allSatisfy({ $0.isASCIIDigit || $0 == "." }),
          body.filter({ $0 == "." }).count <= 1, body.first != ".", body.last != "." else { return nil }
    var integer = Substring(body.split(separator: ".", omittingEmptySubsequences: false)[0])
    var fraction = body.contains(".") ? Substring(body.split(separator: ".")[1]) : ""
    while integer.count > 1, integer.first == "0" { integer = integer.dropFirst() }
    while fraction.last == "0" { fraction = fraction.dropLast() }
    let magnitude = fraction.isEmpty ? String(integer) : "\(integer).\(fraction)"
    return (negative && magnitude != "0") ? "-" + magnitude : magnitude
}
