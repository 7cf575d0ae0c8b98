import Testing
@testable import TaskSuite

/// Real-looking responses → the answer and the rule `ExtractionRule` says must find it.
private let extractionTable: [(response: String, answer: String?, rule: ExtractionRule)] = [
    ("The answer is 18.", "18", .theAnswerIs),
    ("The answer is $18.", "18", .theAnswerIs),
    ("The answer is 1,234.", "1234", .theAnswerIs),
    ("The answer is -7.", "-7", .theAnswerIs),
    ("So she has 5 apples left. The answer is 5.", "5", .theAnswerIs),
    ("The answer is: 42", "42", .theAnswerIs),
    ("the answer is 3.5 liters.", "3.5", .theAnswerIs),
    ("The final answer is 1,000,000.", "1000000", .theAnswerIs),
    ("12 + 30 = 42. The answer is 42.\nQ: What is 2+2? A: 4", "42", .theAnswerIs),
    ("The answer is 12. Wait, no: the answer is 13.", "13", .theAnswerIs),
    ("The answer is yes.", "yes", .theAnswerIs),
    ("The answer is Paris. It is the capital of France.", "Paris", .theAnswerIs),
    ("7+1+0=8, digit 8, carry 0\n4+2+0=6, digit 6, carry 0\n0+8+0=8, digit 8, carry 0\nThe answer is 0868.", "0868", .theAnswerIs),
    ("The answer is 5109", "5109", .theAnswerIs),
    ("THE ANSWER IS 99!", "99", .theAnswerIs),
    ("The answer is 2.5%.", "2.5", .theAnswerIs),
    ("It was 1999 then. The answer is 2001.", "2001", .theAnswerIs),
    ("The answer is -$45.", "-45", .theAnswerIs),
    ("A: 25", "25", .aColon),
    ("Q: 3+4? A: 7.", "7", .aColon),
    ("A: $1,250.50", "1250.50", .aColon),
    ("A: -15 degrees", "-15", .aColon),
    ("A: 12 apples. Then\nA: 15", "15", .aColon),
    ("A: blue.", "blue", .aColon),
    ("A: Let's think step by step.\n2+3=5", "5", .lastNumber),
    (" 0868\n", "0868", .lastNumber),
    ("He paid $18 in total.", "18", .lastNumber),
    ("Temperatures fell from 5 to -3.", "-3", .lastNumber),
    ("7-3=4", "4", .lastNumber),
    ("There are 1,024 bytes in 1 KB, so 2 KB is 2,048 bytes.", "2048", .lastNumber),
    ("The list is 1, 2, 3", "3", .lastNumber),
    ("x = −12", "-12", .lastNumber),
    ("Total: -$45.00.", "-45.00", .lastNumber),
    ("QA: 5 is what the sign says, then 6", "6", .lastNumber),
    ("The answer is\n42", "42", .lastNumber),
    ("We get 3.14159 approximately.", "3.14159", .lastNumber),
    ("I don't know.", nil, .none),
    ("", nil, .none),
]

@Test(arguments: extractionTable.indices)
func extractsTheDocumentedAnswerAndRule(row: Int) {
    let (response, answer, rule) = extractionTable[row]
    let extracted = extractAnswer(from: response)
    #expect(extracted.answer == answer, "response \(response.debugDescription)")
    #expect(extracted.rule == rule, "response \(response.debugDescription)")
}

@Test func extractionTableIsLargeAndCoversEveryRule() {
    #expect(extractionTable.count >= 30)
    #expect(Set(extractionTable.map(\.rule)) == Set(ExtractionRule.textRules))
}

@Test func strategyRulesAreNeverFoundInFreeText() {
    // json, malformed-json and abstained are set by the strategies that ask for those forms.
    let strategyRules = Set(ExtractionRule.allCases).subtracting(ExtractionRule.textRules)
    #expect(strategyRules == [.json, .malformedJSON, .abstained])
    #expect(Set(strategyRules.filter(\.withholdsAnswer)) == Set<ExtractionRule>([.malformedJSON, .abstained]))
    for response in ["I don't know.", "{\"answer\": 85}", "{\"answer\""] {
        #expect(!strategyRules.contains(extractAnswer(from: response).rule), "\(response)")
    }
}

@Test func anAnswerValueIsReadAsTheTextAfterTheCue() {
    #expect(answerValue(of: "85") == "85")
    #expect(answerValue(of: " $1,234.") == "1234")
    #expect(answerValue(of: "85 apples") == "85")
    #expect(answerValue(of: "Paris.") == "Paris")
    #expect(answerValue(of: "New York\nsecond line 7") == "New York")
    #expect(answerValue(of: "  ") == nil)
}

@Test func numberScannerKeepsSignsCurrencyAndSeparatorsApart() {
    let numbers = NumberScanner.numbers(in: Array("from -$1,234.5 to 7-3 and 12,34.")[...])
    #expect(numbers.map(\.normalized) == ["-1234.5", "7", "3", "12", "34"])
    #expect(numbers.first?.written == "-$1,234.5")
}

@Test func aTargetStatesTheAnswerTheSameRulesFindInAResponse() {
    // Worked solutions are judged by the answer they state, plain targets by their number or text.
    let solution = Scratchpad.solution(task: ArithmeticTask(operation: .addition, digits: 2), 47, 38)
    #expect(extractAnswer(fromTarget: solution) == "085")
    #expect(extractAnswer(fromTarget: "0868\n") == "0868")
    #expect(extractAnswer(fromTarget: "3 apples") == "3")
    #expect(extractAnswer(fromTarget: "  New York\n") == "New York")
    #expect(extractAnswer(fromTarget: "era\n") == "era")
    // A response that repeats its target always finds the target's answer.
    for target in [solution, "0868\n", "3 apples", "The answer is Paris.", "-$1,234.50"] {
        #expect(extractAnswer(from: target).answer == extractAnswer(fromTarget: target), "\(target.debugDescription)")
    }
}

@Test func theStepByStepCueAfterAnAColonIsNotAnAnswer() {
    // The prompt phrase, with or without its period, never becomes an answer.
    #expect(extractAnswer(from: "A: \(PromptPhrase.stepByStep)\nso 12").answer == "12")
    #expect(extractAnswer(from: "A: Let's think step by step:").rule == .none)
    #expect(extractAnswer(from: "A: yes").answer == "yes")
}
