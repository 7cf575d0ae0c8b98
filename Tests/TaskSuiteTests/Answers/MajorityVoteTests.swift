import Testing
import TaskSuite

@Suite("Majority vote")
struct MajorityVoteTests {
    @Test func tieGoesToTheAnswerOfTheEarliestSample() {
        let vote = majorityVote(["18", "17", "17", "18", nil])
        #expect(vote.winner == "18")
        #expect(vote.counts == [VoteCount(answer: "18", count: 2, firstSample: 0),
                                VoteCount(answer: "17", count: 2, firstSample: 1)])
        #expect(vote.abstentions == 1)
        #expect(vote.samples == 5)
        #expect(vote.margin == 0)
    }

    @Test func tieRuleDependsOnSampleOrderNotOnTheAnswer() {
        #expect(majorityVote(["17", "18", "18", "17"]).winner == "17")
        #expect(majorityVote(["b", "a"]).winner == "b")
    }

    @Test func numbersVoteAsNumbers() {
        let vote = majorityVote(["6", "5", "5.0", "05", "6"])
        #expect(vote.winner == "5")
        #expect(vote.counts.map(\.count) == [3, 2])
        #expect(vote.margin == 0.2)
        // Thousands commas and exponents are number spellings too.
        #expect(majorityVote(["1,000", "7", "1000.0", "7", "1e3"]).counts.map(\.count) == [3, 2])
    }

    /// The vote counts answers as `AnswerRule.normalized` matches them: case
    /// is kept (it used to be folded here while exact match kept it), inner
    /// whitespace runs are one space.
    @Test func answersAreOneVoteExactlyWhenTheAnswerRuleMatchesThem() {
        let cased = majorityVote(["Era", "era", "era"])
        #expect(cased.winner == "era")
        #expect(cased.counts.map(\.count) == [2, 1])
        #expect(majorityVote(["New  York", "New York", "Boston"]).counts.map(\.count) == [2, 1])
        // Under BIG-bench's exact_str_match nothing is normalized.
        #expect(majorityVote(["18", "18.0", "18.0"], rule: .exactString).winner == "18.0")
    }

    @Test func majorityBeatsEarlierMinority() {
        let vote = majorityVote([nil, "1", "2", "2", "Two", "2"])
        #expect(vote.winner == "2")
        #expect(vote.counts == [VoteCount(answer: "2", count: 3, firstSample: 2),
                                VoteCount(answer: "1", count: 1, firstSample: 1),
                                VoteCount(answer: "Two", count: 1, firstSample: 4)])
        #expect(abs(vote.margin - 2.0 / 6.0) < 1e-12)
    }

    @Test func nobodyAnswering() {
        let vote = majorityVote([nil, nil])
        #expect(vote.winner == nil)
        #expect(vote.counts.isEmpty)
        #expect(vote.abstentions == 2)
        #expect(majorityVote([]).winner == nil)
    }
}
