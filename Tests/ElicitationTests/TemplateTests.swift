import Testing
@testable import Elicitation

/// A known example in TaskSuite's format, with two worked exemplars.
private let example = PromptInput(
    prompt: "Q: 47+38= A: ",
    exemplars: [
        (prompt: "Q: 12+34= A: ",
         solution: "Let's think step by step.\n2+4+0=6, digit 6, carry 0\n1+3+0=4, digit 4, carry 0\nThe answer is 046.\n"),
        (prompt: "Q: 95+17= A: ",
         solution: "Let's think step by step.\n5+7+0=12, digit 2, carry 1\n9+1+1=11, digit 1, carry 1\nThe answer is 112.\n"),
    ])

private func rendered(_ name: String, exemplars: Int = 3) -> String {
    Elicitor(strategy: Strategy(name: name)!, settings: StrategySettings(exemplars: exemplars)).prompt(for: example)
}

@Test func standardIsThePromptUnchanged() {
    #expect(rendered("standard") == "Q: 47+38= A: ")
}

@Test func zeroShotCoTAddsTheTrigger() {
    #expect(rendered("zero-shot-cot") == "Q: 47+38= A: Let's think step by step.\n")
    #expect(rendered("self-consistency") == "Q: 47+38= A: Let's think step by step.\n")
    #expect(rendered("tree-of-thoughts") == "Q: 47+38= A: Let's think step by step.\n")
}

@Test func fewShotShowsEachExemplarsAnswerOnItsLine() {
    #expect(rendered("few-shot", exemplars: 1) == "Q: 12+34= A: 046\nQ: 47+38= A: ")
    #expect(rendered("few-shot", exemplars: 5) == "Q: 12+34= A: 046\nQ: 95+17= A: 112\nQ: 47+38= A: ")
    #expect(rendered("few-shot", exemplars: 0) == "Q: 47+38= A: ")
    let plain = PromptInput(prompt: "Unscramble: rae ", exemplars: [(prompt: "Unscramble: tac ", solution: "cat\n")])
    #expect(Elicitor(strategy: .fewShot, settings: StrategySettings(exemplars: 1)).prompt(for: plain)
            == "Unscramble: tac cat\nUnscramble: rae ")
    // A chat model sees each exemplar's answer alone as the assistant's turn.
    let turns = Elicitor(strategy: .fewShot, settings: StrategySettings(exemplars: 1)).strategyPrompt(for: example).turns
    #expect(turns.map(\.content) == ["Q: 12+34= A:", "046", "Q: 47+38= A:"])
}

@Test func fewShotCoTShowsTheSelectedNumberOfExemplars() {
    #expect(rendered("few-shot-cot", exemplars: 1) == """
        Q: 12+34= A: Let's think step by step.
        2+4+0=6, digit 6, carry 0
        1+3+0=4, digit 4, carry 0
        The answer is 046.

        Q: 47+38= A: Let's think step by step.

        """)
    #expect(rendered("few-shot-cot", exemplars: 5) == """
        Q: 12+34= A: Let's think step by step.
        2+4+0=6, digit 6, carry 0
        1+3+0=4, digit 4, carry 0
        The answer is 046.

        Q: 95+17= A: Let's think step by step.
        5+7+0=12, digit 2, carry 1
        9+1+1=11, digit 1, carry 1
        The answer is 112.

        Q: 47+38= A: Let's think step by step.

        """)
    #expect(rendered("few-shot-cot", exemplars: 0) == "Q: 47+38= A: Let's think step by step.\n")
}

@Test func enhancedGivesStepwiseExpertInstructions() {
    #expect(rendered("enhanced") == """
        You are an expert problem solver. Solve the problem below step by step: \
        work on one small step per line, check each step before you go on, \
        and finish with a line "The answer is X." where X is the final answer.

        Q: 47+38= A: Let's think step by step.

        """)
}

@Test func personasOpenWithTheirRole() {
    #expect(rendered("persona:expert") == "You are an expert mathematician who answers precisely.\n\nQ: 47+38= A: ")
    #expect(rendered("persona:teacher") == "You are a patient teacher who gives students the correct answer.\n\nQ: 47+38= A: ")
    #expect(rendered("persona:programmer")
            == "You are a programmer who computes answers exactly, like a computer.\n\nQ: 47+38= A: ")
}

@Test func strategyNamesRoundTripExactly() {
    let names = ["standard", "few-shot", "zero-shot-cot", "few-shot-cot", "enhanced", "persona:expert", "persona:teacher",
                 "persona:programmer", "self-verification", "confidence", "format:json", "self-consistency",
                 "tree-of-thoughts"]
    #expect(Strategy.all.map(\.name) == names)
    for name in names { #expect(Strategy(name: name)?.name == name) }
    #expect(Strategy(name: "persona:pirate") == nil)
    #expect(Strategy(name: "Standard") == nil)
}

@Test func placeholdersInsideValuesAreNotExpanded() {
    let input = PromptInput(prompt: "Q: what is {question}? A: ")
    #expect(PromptTemplate.zeroShotCoT.render(input) == "Q: what is {question}? A: Let's think step by step.\n")
}

@Test func stopConditions() {
    let settings = GenerationSettings(stop: ["\n\n", "\nQ:"], stopAfterLineContaining: "The answer is")
    let text = "1+2=3\nThe answer is 3.\nmore"
    let cut = settings.stopCut(in: text)
    #expect(cut.map { String(text[..<$0.cut]) } == "1+2=3\nThe answer is 3.")
    #expect(settings.stopCut(in: "1+2=3\nThe answer is 3") == nil)
    let blank = "a\n\nQ: b"
    #expect(settings.stopCut(in: blank).map { String(blank[..<$0.cut]) } == "a")
    #expect(settings.stopCut(in: blank)?.stop == "\n\n")
}
