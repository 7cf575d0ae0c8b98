import ResultsStore
import TaskSuite
import Testing
@testable import EmergenceMetrics

/// Exact match of stored records: which answer and which targets a record
/// offers, compared under the one answer rule (`AnswerRule`, docs/answers.md).
@Suite("Exact match of records")
struct ExactMatchTests {
    func record(_ answer: String?, target: String, rule: String? = nil, generated: String? = nil,
                strategy: String? = nil, sample: Int = 0) -> OutputRecord {
        OutputRecord(model: "m", task: "t", strategy: strategy, example: 0, sample: sample, target: target,
                     generated: generated ?? answer, extractedAnswer: answer, extractionRule: rule)
    }

    func exactMatch(_ r: OutputRecord) -> Double { RecordScoring.values(of: r)[Metric.exactMatch.index] }

    @Test func caseIsKeptAndWhitespaceIsNot() {
        #expect(exactMatch(record("era", target: "Era\n", rule: "the-answer-is")) == 0)
        #expect(exactMatch(record("New  York", target: "New York", rule: "the-answer-is")) == 1)
        #expect(exactMatch(record("1000", target: "1,000", rule: "last-number")) == 1)
    }

    /// An answer found by emerge's extraction rules meets the answer its
    /// target states: a worked-solution target is judged by its "The answer
    /// is X", a target with text around its number by the number.
    @Test func answersFoundByTheExtractionRulesMeetTheTargetsOwnAnswer() {
        let solution = "Let's think step by step.\n7+8+0=15, digit 5, carry 1\n4+3+1=8, digit 8, carry 0\nThe answer is 085.\n"
        #expect(exactMatch(record("85", target: solution, rule: "the-answer-is")) == 1)
        #expect(exactMatch(record("84", target: solution, rule: "the-answer-is")) == 0)
        #expect(exactMatch(record("3", target: "3 apples", rule: "last-number")) == 1)
        // A response without an answer (rule none) is judged by its text.
        #expect(exactMatch(record(nil, target: "era\n", rule: "none", generated: " era")) == 1)
        #expect(exactMatch(record(nil, target: "era\n", rule: "none", generated: "era.")) == 0)
    }

    /// Answers from elsewhere (lm-eval filters, imported texts, BIG-bench's
    /// post-processing) meet the targets as stored.
    @Test func otherAnswersMeetTheTargetsAsStored() {
        #expect(exactMatch(record("3", target: "3 apples", rule: "lm-eval:strict-match")) == 0)
        #expect(exactMatch(record(nil, target: "3 apples", generated: "3")) == 0)
        #expect(exactMatch(record(nil, target: "3 apples", generated: "3  apples ")) == 1)
        #expect(exactMatch(record("3 apples", target: "3 apples", rule: OutputRecord.bigBenchExtractionRule)) == 1)
        #expect(exactMatch(record("3", target: "3 apples", rule: OutputRecord.bigBenchExtractionRule)) == 0)
    }

    @Test func bigBenchAnswersAreComparedStrictly() {
        #expect(exactMatch(record("18", target: "18", rule: OutputRecord.bigBenchExtractionRule)) == 1)
        #expect(exactMatch(record("18.0", target: "18", rule: OutputRecord.bigBenchExtractionRule)) == 0)
        #expect(exactMatch(record("18.0", target: "18", rule: "last-number")) == 1)
        #expect(RecordScoring.answerRule(of: record("x", target: "x", rule: OutputRecord.bigBenchExtractionRule)) == .exactString)
        #expect(RecordScoring.answerRule(of: record("x", target: "x", rule: "a-colon")) == .normalized)
    }

    func samples(_ answers: [(answer: String?, generated: String)], target: String) -> ArraySlice<OutputRecord> {
        answers.enumerated().map { k, a in
            record(a.answer, target: target, rule: a.answer == nil ? "none" : "the-answer-is", generated: a.generated,
                   strategy: "self-consistency", sample: k)
        }[...]
    }

    /// Samples whose extraction found nothing abstain, as the vote eval
    /// stores does; they used to vote with their texts and could outvote
    /// the real answers.
    @Test func selfConsistencySamplesWithoutAnAnswerAbstain() {
        let voted = samples([("Paris", "The answer is Paris."), (nil, "no idea"), (nil, "no idea")], target: "Paris")
        #expect(RecordScoring.votedAnswer(voted) == "Paris")
        #expect(RecordScoring.exactMatch(ofSamples: voted) == 1)
        // Ties still go to the earliest sample.
        let tied = samples([("8", "The answer is 8."), ("7", "The answer is 7."), ("7.0", "x"), ("08", "y")], target: "7")
        #expect(RecordScoring.votedAnswer(tied) == "8")
        #expect(RecordScoring.exactMatch(ofSamples: tied) == 0)
    }

    /// When no sample states an answer a rule can find (a bare word), the
    /// generated texts vote.
    @Test func whenEverySampleAbstainsTheTextsVote() {
        let words = samples([(nil, "are"), (nil, "era"), (nil, " era")], target: "era\n")
        #expect(RecordScoring.votedAnswer(words) == "era")
        #expect(RecordScoring.exactMatch(ofSamples: words) == 1)
        #expect(RecordScoring.votedAnswer([][...]) == nil)
    }

    @Test func otherStrategiesAverageTheirSamples() {
        let plain = ["7", "8", "7.0"].enumerated().map { k, a in
            record(a, target: "7", rule: "last-number", strategy: "zero-shot-cot", sample: k)
        }
        #expect(abs(RecordScoring.exactMatch(ofSamples: plain[...]) - 2.0 / 3) < 1e-12)
    }
}
