import Testing
@testable import EmergenceMetrics

@Suite("Exact match and answer normalization")
struct ExactMatchTests {
    @Test func numericSpellingsOfFortyTwoAreEqual() {
        for answer in ["42", " 42.0 ", "042", "+42", "42.", "4.2e1", "420e-1", "\t42\n"] {
            #expect(ExampleMetrics.exactMatch(answer: answer, target: "42") == 1, "\(answer)")
        }
    }

    @Test func differentNumbersDiffer() {
        #expect(ExampleMetrics.exactMatch(answer: "43", target: "42") == 0)
        #expect(ExampleMetrics.exactMatch(answer: "-42", target: "42") == 0)
        #expect(ExampleMetrics.exactMatch(answer: "4.2", target: "42") == 0)
        #expect(ExampleMetrics.exactMatch(answer: "0.42", target: "0.042") == 0)
        // Beyond Double's 53-bit mantissa, numbers still compare digit by digit.
        #expect(ExampleMetrics.exactMatch(answer: "12345678901234567891", target: "12345678901234567890") == 0)
    }

    @Test func zerosAndSeparators() {
        #expect(ExampleMetrics.exactMatch(answer: "-0", target: "0.000") == 1)
        #expect(ExampleMetrics.exactMatch(answer: "1,234", target: "1234") == 1)
        #expect(ExampleMetrics.exactMatch(answer: "0.50", target: ".5") == 1)
        #expect(ExampleMetrics.exactMatch(answer: "1,23", target: "123") == 0)
    }

    @Test func textIsTrimmedAndWhitespaceCollapsedButCaseKept() {
        #expect(ExampleMetrics.exactMatch(answer: "  New   York\n", target: "New York") == 1)
        #expect(ExampleMetrics.exactMatch(answer: "new york", target: "New York") == 0)
        #expect(ExampleMetrics.exactMatch(answer: "NewYork", target: "New York") == 0)
    }

    @Test func canonicalNumbers() {
        #expect(CanonicalNumber("042") == CanonicalNumber("42"))
        #expect(CanonicalNumber("0.05")?.exponent == -1)
        #expect(CanonicalNumber("0.05")?.digits == "5")
        #expect(CanonicalNumber("abc") == nil)
        #expect(CanonicalNumber(".") == nil)
        #expect(CanonicalNumber("1e") == nil)
        #expect(CanonicalNumber("") == nil)
    }

    @Test func majorityVoteUsesNormalizedAnswersAndFirstSeenTies() {
        #expect(RecordScoring.majorityAnswer(["7", "42", " 42.0", "7 ", "042"]) == "42")
        #expect(RecordScoring.majorityAnswer(["b", "a", "a", "b"]) == "b")
        #expect(RecordScoring.majorityAnswer([]) == nil)
    }
}
