import Testing
@testable import Elicitation

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

@Test func canonicalNumbers() {
    #expect(canonicalNumber("-018.50") == "-18.5")
    #expect(canonicalNumber("0868") == "868")
    #expect(canonicalNumber("-0") == "0")
    #expect(canonicalNumber("1.2.3") == nil)
    #expect(canonicalNumber("twelve") == nil)
}
