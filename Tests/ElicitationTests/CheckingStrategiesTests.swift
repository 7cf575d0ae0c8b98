import Testing
@testable import Elicitation
import TaskSuite

private let question = PromptInput(prompt: "Q: 47+38= A: ")
private let wrongChain = "7+8+0=14, digit 4, carry 1\n4+3+1=8, digit 8, carry 0\nThe answer is 084."
private let checkText = "Check your answer. Verify each step, then finish with a line \"The answer is X.\" where X is your final answer.\n"

/// A model that answers the chain-of-thought prompt with `wrongChain` and each check with `checks` in turn.
private func checker(_ checks: [String], chat: Bool = false) -> RespondingModel {
    var served = 0
    return RespondingModel(chat: chat) { prompt in
        guard prompt.text.contains("Check your answer") || prompt.turns.last?.content.hasPrefix("Check your answer") == true
        else { return wrongChain + "\n\nQ: 1+1= A:" }
        defer { served += 1 }
        return checks[min(served, checks.count - 1)]
    }
}

@Suite("self-verification")
struct SelfVerificationTests {
    @Test("a check that finds the mistake changes the wrong answer, and the outcome records both")
    func changesAWrongAnswer() throws {
        let model = checker(["7+8=15, not 14, so the ones digit is 5.\nThe answer is 085.\nmore text"])
        let outcome = try Elicitor(strategy: .selfVerification).run(question, exampleIndex: 0, model: model)
        #expect(outcome.answer == "085" && outcome.rule == "the-answer-is")
        let verification = try #require(outcome.verification)
        #expect(verification.initial.generation.text == wrongChain)
        #expect(verification.initial.extracted.answer == "084")
        #expect(verification.final.answer == "085" && verification.changed)
        #expect(verification.rounds.map(\.generation.text) == ["7+8=15, not 14, so the ones digit is 5.\nThe answer is 085."])
        // The check shows the prompt, the model's own chain, a blank line and the check prompt, exactly.
        #expect(model.prompts.map(\.text) == [
            "Q: 47+38= A: Let's think step by step.\n",
            "Q: 47+38= A: Let's think step by step.\n" + wrongChain + "\n\n" + checkText,
        ])
        #expect(outcome.prompt == "Q: 47+38= A: Let's think step by step.\n")
        #expect(outcome.response.generation.text == verification.rounds[0].generation.text)
        #expect(outcome.response.extracted == verification.final)
    }

    @Test("a check that confirms the answer (in another spelling) leaves it unchanged")
    func confirmingLeavesIt() throws {
        let outcome = try Elicitor(strategy: .selfVerification)
            .run(question, exampleIndex: 0, model: checker(["Each step holds.\nThe answer is 84."]))
        let verification = try #require(outcome.verification)
        #expect(!verification.changed)
        #expect(verification.initial.extracted.answer == "084" && outcome.answer == "84")
    }

    @Test("each round sees the answer of the one before; a check without an answer keeps the answer standing")
    func rounds() throws {
        let model = checker(["The answer is 085.", "I checked it again."])
        let settings = StrategySettings(verificationRounds: 2)
        let outcome = try Elicitor(strategy: .selfVerification, settings: settings).run(question, exampleIndex: 0, model: model)
        let verification = try #require(outcome.verification)
        #expect(verification.rounds.count == 2 && model.prompts.count == 3)
        #expect(model.prompts[2].text == "Q: 47+38= A: Let's think step by step.\nThe answer is 085.\n\n" + checkText)
        #expect(verification.rounds[1].extracted.rule == .none)
        #expect(outcome.answer == "085" && verification.changed)
        #expect(outcome.response.generation.text == "I checked it again.")
    }

    @Test("a chat model is shown its answer as an assistant turn and the check as a user turn")
    func chatTurns() throws {
        let model = checker(["The answer is 085."], chat: true)
        let outcome = try Elicitor(strategy: .selfVerification).run(question, exampleIndex: 0, model: model)
        #expect(outcome.turns == [ChatTurn(.user, "Q: 47+38= A: Let's think step by step.")])
        #expect(model.prompts.last?.turns == [
            ChatTurn(.user, "Q: 47+38= A: Let's think step by step."),
            ChatTurn(.assistant, wrongChain),
            ChatTurn(.user, checkText.trimmingCharacters(in: .whitespacesAndNewlines)),
        ])
        #expect(outcome.answer == "085")
    }
}

@Suite("confidence")
struct ConfidenceTests {
    @Test("the prompt carries the tutorial's two instructions before the question")
    func prompt() {
        #expect(Elicitor(strategy: .confidence).prompt(for: question) == """
            If unsure, say 'I don't know'.
            Rate your confidence (1-10) on a line "Confidence: N" after your answer.

            Q: 47+38= A: 
            """)
    }

    @Test("stated confidences parse in every documented form, and the statement never becomes the answer",
          arguments: [
              ("85\nConfidence: 7", 7, "Confidence: 7", "85"),
              ("85\nconfidence: 10/10", 10, "confidence: 10/10", "85"),
              ("85 (8/10)", 8, "8/10", "85"),
              ("85\nConfidence (1-10): 9", 9, "Confidence (1-10): 9", "85"),
              ("The answer is 85. My confidence is 6.", 6, "confidence is 6", "85"),
              ("85\nCONFIDENCE = 3", 3, "CONFIDENCE = 3", "85"),
              ("85\n7 / 10", 7, "7 / 10", "85"),
          ] as [(String, Int, String, String)])
    func parses(response: String, confidence: Int, stated: String, answer: String) {
        let statement = ConfidenceStatement(reading: response)
        #expect(statement.confidence == confidence && statement.issue == nil)
        #expect(statement.stated == stated)
        #expect(!statement.abstained)
        #expect(statement.answer.answer == answer, "\(statement.answerText)")
    }

    @Test("out-of-range and missing confidences are null, each with its reason",
          arguments: [
              ("85\nConfidence: 0", ConfidenceIssue.outOfRange, "Confidence: 0"),
              ("85\nConfidence: 11", .outOfRange, "Confidence: 11"),
              ("85 (12/10)", .outOfRange, "12/10"),
              ("85\nConfidence: 7.5", .outOfRange, "Confidence: 7.5"),
              ("85\nConfidence: 7/5", .outOfRange, "Confidence: 7/5"),
              ("85\nConfidence: high", .missing, nil),
              ("85", .missing, nil),
          ] as [(String, ConfidenceIssue, String?)])
    func nullConfidences(response: String, issue: ConfidenceIssue, stated: String?) {
        let statement = ConfidenceStatement(reading: response)
        #expect(statement.confidence == nil && statement.issue == issue && statement.stated == stated)
        #expect(statement.answer.answer == "85")
    }

    @Test("\"I don't know\" is an abstention: no answer, rule abstained, the confidence still read")
    func abstention() throws {
        for response in ["I don't know.\nConfidence: 2", "Honestly, i DON\u{2019}T KNOW 85"] {
            let statement = ConfidenceStatement(reading: response)
            #expect(statement.abstained, "\(response)")
            #expect(statement.answer == ExtractedAnswer(answer: nil, rule: .abstained))
        }
        #expect(ConfidenceStatement(reading: "I don't know.\nConfidence: 2").confidence == 2)
        #expect(!ConfidenceStatement(reading: "I know: 85").abstained)

        let model = RespondingModel { _ in "I don't know.\nConfidence: 2\n\nQ: next" }
        let outcome = try Elicitor(strategy: .confidence).run(question, exampleIndex: 0, model: model)
        #expect(outcome.answer == nil && outcome.rule == "abstained")
        #expect(outcome.response.generation.text == "I don't know.\nConfidence: 2")
        #expect(outcome.confidence?.abstained == true && outcome.confidence?.confidence == 2)
    }

    @Test("a chat model gets the instructions as the system turn, as it does format:json's")
    func chatTurns() throws {
        let model = RespondingModel(chat: true) { _ in "85\nConfidence: 9" }
        let outcome = try Elicitor(strategy: .confidence).run(question, exampleIndex: 0, model: model)
        #expect(outcome.turns == [
            ChatTurn(.system, "If unsure, say 'I don't know'.\nRate your confidence (1-10) on a line \"Confidence: N\" after your answer."),
            ChatTurn(.user, "Q: 47+38= A:"),
        ])
        #expect(outcome.answer == "85" && outcome.confidence?.confidence == 9)
        let json = try Elicitor(strategy: .formatJSON).run(question, exampleIndex: 0,
                                                           model: RespondingModel(chat: true) { _ in #"{"answer": "85"}"# })
        #expect(json.turns?.first == ChatTurn(.system, "Answer in JSON format: {\"reasoning\": \"...\", \"answer\": \"...\"}\n"
            + "Provide your reasoning, then the answer."))
        #expect(json.answer == "85")
    }

    @Test("generation ends after the confidence line")
    func stopsAfterTheConfidenceLine() throws {
        let model = RespondingModel { _ in "85\nConfidence: 9\nQ: 1+1= A: 2" }
        let outcome = try Elicitor(strategy: .confidence).run(question, exampleIndex: 0, model: model)
        #expect(outcome.response.generation.text == "85\nConfidence: 9")
        #expect(outcome.answer == "85" && outcome.rule == "last-number" && outcome.confidence?.confidence == 9)
    }
}

@Suite("format:json")
struct FormatJSONTests {
    @Test("the prompt asks for the documented object, reasoning first")
    func prompt() {
        #expect(Elicitor(strategy: .formatJSON).prompt(for: question) == """
            Answer in JSON format: {"reasoning": "...", "answer": "..."}
            Provide your reasoning, then the answer.

            Q: 47+38= A: 
            """)
    }

    @Test("answers are read from the object's answer member",
          arguments: [
              (#"{"reasoning": "7+8=15, 4+3+1=8", "answer": "85"}"#, "85", "7+8=15, 4+3+1=8"),
              (#"{"answer": 85}"#, "85", nil),
              (#"Sure. {"reasoning": "sum", "answer": "$1,234."} That is all."#, "1234", "sum"),
              ("{\n  \"reasoning\": \"capital\",\n  \"answer\": \"Paris.\"\n}", "Paris", "capital"),
          ] as [(String, String, String?)])
    func parses(response: String, answer: String, reasoning: String?) {
        let json = JSONAnswer(reading: response)
        #expect(json.valid && json.error == nil)
        #expect(json.extracted == ExtractedAnswer(answer: answer, rule: .json))
        #expect(json.reasoning == reasoning)
    }

    @Test("malformed JSON has no answer, rule malformed-json and the reason",
          arguments: [
              ("85", "no JSON object"),
              (#"{"reasoning": "x", "answer": }"#, "line 1, column"),
              (#"{"reasoning": "x"}"#, "no \"answer\" member"),
              (#"{"answer": null}"#, "not a string or a number"),
              (#"{"answer": ["85"]}"#, "not a string or a number"),
              (#"{"answer": "  "}"#, "empty"),
              (#"{"answer": "85",}"#, "line 1, column"),
          ])
    func malformed(response: String, reason: String) {
        let json = JSONAnswer(reading: response)
        #expect(!json.valid)
        #expect(json.extracted == ExtractedAnswer(answer: nil, rule: .malformedJSON))
        #expect(json.error?.contains(reason) == true, "\(json.error ?? "nil")")
    }

    @Test("the strategy stores the parse with the outcome and stops after the object's last line")
    func outcome() throws {
        let model = RespondingModel { _ in "{\"reasoning\": \"7+8=15\",\n\"answer\": \"85\"}\nQ: next" }
        let outcome = try Elicitor(strategy: .formatJSON).run(question, exampleIndex: 0, model: model)
        #expect(outcome.response.generation.text == "{\"reasoning\": \"7+8=15\",\n\"answer\": \"85\"}")
        #expect(outcome.answer == "85" && outcome.rule == "json" && outcome.json?.valid == true)
        let broken = try Elicitor(strategy: .formatJSON).run(question, exampleIndex: 0,
                                                             model: RespondingModel { _ in "the answer is 85" })
        #expect(broken.answer == nil && broken.rule == "malformed-json" && broken.json?.valid == false)
    }
}
