import Testing
import TaskSuite

@Suite("The answer rule")
struct AnswerRuleTests {
    /// Pairs on which the two old rules disagreed: exact match (case kept,
    /// whitespace collapsed, numbers by value with commas, signs and
    /// exponents) against eval's and majority vote's (case folded, inner
    /// whitespace kept, only plain decimals read as numbers). Each row gives
    /// the verdict of the one rule now, with the reason in docs/answers.md.
    static let disagreements: [(answer: String, target: String, correct: Bool)] = [
        ("era", "Era", false),          // case is kept
        ("PARIS", "Paris", false),
        ("New  York", "New York", true), // inner whitespace runs are one space
        ("New\tYork\n", "New York", true),
        ("1,000", "1000", true),         // thousands commas
        ("1000", "1,000.0", true),
        ("+42", "42", true),             // a sign, an exponent, a bare point
        ("4.2e1", "42", true),
        (".5", "0.50", true),
        ("42.", "42", true),
    ]

    @Test(arguments: disagreements.indices)
    func casesWhereTheOldRulesDisagreed(row: Int) {
        let (answer, target, correct) = Self.disagreements[row]
        #expect(AnswerRule.normalized.matches(answer, target) == correct, "\(answer.debugDescription) vs \(target.debugDescription)")
        // The rule is symmetric, and the vote key agrees with it.
        #expect(AnswerRule.normalized.matches(target, answer) == correct)
        #expect((AnswerRule.normalized.key(answer) == AnswerRule.normalized.key(target)) == correct)
    }

    @Test func numbersCompareByValueExactly() {
        for answer in ["42", " 42.0 ", "042", "+42", "42.", "4.2e1", "420e-1", "\t42\n"] {
            #expect(AnswerRule.normalized.matches(answer, "42"), "\(answer)")
        }
        #expect(!AnswerRule.normalized.matches("43", "42"))
        #expect(!AnswerRule.normalized.matches("-42", "42"))
        #expect(!AnswerRule.normalized.matches("4.2", "42"))
        #expect(!AnswerRule.normalized.matches("0.42", "0.042"))
        // Beyond Double's 53-bit mantissa, numbers still compare digit by digit.
        #expect(!AnswerRule.normalized.matches("12345678901234567891", "12345678901234567890"))
        #expect(AnswerRule.normalized.matches("-0", "0.000"))
        // A comma that is not a thousands separator makes text, not a number.
        #expect(!AnswerRule.normalized.matches("1,23", "123"))
    }

    @Test func punctuationIsKeptATrailingPeriodIncluded() {
        #expect(!AnswerRule.normalized.matches("Paris.", "Paris"))
        #expect(!AnswerRule.normalized.matches("U.S", "U.S."))
        #expect(!AnswerRule.normalized.matches("NewYork", "New York"))
        #expect(AnswerRule.normalized.matches("U.S.", " U.S.\n"))
    }

    @Test func textComparesUpToCanonicalEquivalence() {
        #expect(AnswerRule.normalized.matches("caf\u{E9}", "cafe\u{301}"))
        // BIG-bench compares code points, so the two spellings differ there.
        #expect(!AnswerRule.exactString.matches("caf\u{E9}", "cafe\u{301}"))
    }

    /// BIG-bench's exact_str_match stays strict equality: no trimming, no
    /// case folding, no number reading.
    @Test func exactStringIsStrictEquality() {
        #expect(AnswerRule.exactString.matches("109", "109"))
        for answer in [" 109", "109\n", "0109", "+109", "109.0"] {
            #expect(!AnswerRule.exactString.matches(answer, "109"), "\(answer.debugDescription)")
        }
        #expect(!AnswerRule.exactString.matches("Era", "era"))
        #expect(AnswerRule.exactString.matchesAny("ear", ["are", "era", "ear"]))
        #expect(!AnswerRule.exactString.matchesAny("Ear", ["are", "era", "ear"]))
    }

    @Test func anyAcceptableTargetWillDo() {
        #expect(AnswerRule.normalized.matchesAny(" eighteen ", ["18", "eighteen"]))
        #expect(AnswerRule.normalized.matchesAny("18.0", ["eighteen", "18"]))
        #expect(!AnswerRule.normalized.matchesAny("19", ["18", "eighteen"]))
        #expect(!AnswerRule.normalized.matchesAny("18", []))
    }

    @Test func canonicalNumbers() {
        #expect(CanonicalNumber("042") == CanonicalNumber("42"))
        #expect(CanonicalNumber("0.05")?.exponent == -1)
        #expect(CanonicalNumber("0.05")?.digits == "5")
        #expect(CanonicalNumber("-018.50") == CanonicalNumber("-18.5"))
        #expect(CanonicalNumber("1,234,567") == CanonicalNumber("1234567"))
        for text in ["abc", ".", "1e", "", "1.2.3", "1,2345", "12,34", "--1", "1e99999999999"] {
            #expect(CanonicalNumber(text) == nil, "\(text.debugDescription)")
        }
    }
}
