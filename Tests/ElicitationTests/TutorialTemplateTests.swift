import Testing
@testable import Elicitation

/// The tutorial's prompts, rendered by the built-in templates, against the
/// strings the tutorial's own functions return for the same question and
/// exemplars (written out literally).
@Suite("Templates: the tutorial's prompts byte for byte")
struct TutorialTemplateTests {
    static let roger = "Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?"
    /// The question framed as a task file frames it, with the tutorial's two exemplars as worked solutions.
    static let input = PromptInput(prompt: "Q: \(roger)\nA:", exemplars: [
        (prompt: "Q: There are 15 trees in the grove. Grove workers plant trees today. After they are done, there will be 21 trees. How many trees did they plant?\nA:",
         solution: "We start with 15 trees. Later we have 21 trees. The difference is 21 - 15 = 6. The answer is 6."),
        (prompt: "Q: If there are 3 cars in the parking lot and 2 more arrive, how many cars are there?\nA:",
         solution: "There are 3 cars initially. 2 more arrive. 3 + 2 = 5.\nThe answer is 5.\n"),
    ])

    static func rendered(_ name: String, _ input: PromptInput = input) throws -> String {
        let template = try #require(TemplateLibrary.builtIn(named: name))
        return Elicitor(template: template, settings: template.settings).prompt(for: input)
    }

    @Test("standard_prompt, cot_prompt and zero_shot_cot")
    func questionOnly() throws {
        #expect(try Self.rendered("tutorial-standard")
            == "\nAnswer the following question:\n\nQ: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?\nA:")
        #expect(try Self.rendered("tutorial-cot")
            == "\nAnswer the following question step by step.\nShow your reasoning before giving the final answer.\n\nQ: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?\nA: Let's think step by step.")
        #expect(try Self.rendered("tutorial-zero-shot-cot")
            == "\nQ: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?\nA: Let's think step by step.")
    }

    @Test("few_shot_cot_prompt with the tutorial's two exemplars")
    func fewShotCoT() throws {
        #expect(try Self.rendered("tutorial-few-shot-cot")
            == "Solve the following problems step by step:\n\nQ: There are 15 trees in the grove. Grove workers plant trees today. After they are done, there will be 21 trees. How many trees did they plant?\nA: We start with 15 trees. Later we have 21 trees. The difference is 21 - 15 = 6.\n   The answer is 6.\n\nQ: If there are 3 cars in the parking lot and 2 more arrive, how many cars are there?\nA: There are 3 cars initially. 2 more arrive. 3 + 2 = 5.\n   The answer is 5.\n\nQ: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?\nA: Let's think step by step.")
        // Its settings show two exemplars; a third is not shown.
        var three = Self.input
        three.exemplars.append((prompt: "Q: 1+1?\nA:", solution: "The answer is 2."))
        #expect(try !Self.rendered("tutorial-few-shot-cot", three).contains("1+1"))
    }

    @Test("enhanced_prompt, ending in a line break")
    func enhanced() throws {
        #expect(try Self.rendered("tutorial-enhanced")
            == "You are an expert problem solver. Follow these steps carefully:\n\n1. First, understand what the question is asking\n2. Identify the key information and constraints\n3. Think through the solution step by step\n4. Double-check your reasoning\n5. Provide your final answer clearly\n\nQuestion: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?\n\nSolution:\nLet me work through this systematically.\n")
    }

    @Test("the four persona prompts")
    func personas() throws {
        #expect(try Self.rendered("tutorial-persona-basic")
            == "Solve: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?")
        #expect(try Self.rendered("tutorial-persona-expert")
            == "You are a mathematics professor with 30 years of experience.\nSolve the following problem with the precision and rigor expected in academia.\n\nProblem: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?")
        #expect(try Self.rendered("tutorial-persona-teacher")
            == "You are a patient high school math teacher.\nExplain your solution clearly so a student can follow along.\n\nProblem: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?")
        #expect(try Self.rendered("tutorial-persona-programmer")
            == "You are a software engineer.\nApproach this problem systematically, as if writing an algorithm.\n\nProblem: Roger has 5 tennis balls. He buys 2 cans of balls. Each can has 3 balls. How many balls does he have?")
    }

    @Test("an arithmetic task's framed prompt and scratchpad exemplar fill the tutorial's slots bare")
    func framedArithmetic() throws {
        let input = PromptInput(prompt: "Q: 047+821= A: ", exemplars: [
            (prompt: "Q: 12+34= A: ",
             solution: "Let's think step by step.\n2+4+0=6, digit 6, carry 0\n1+3+0=4, digit 4, carry 0\nThe answer is 046.\n"),
        ])
        #expect(try Self.rendered("tutorial-standard", input) == "\nAnswer the following question:\n\nQ: 047+821=\nA:")
        #expect(try Self.rendered("tutorial-few-shot-cot", input)
            == "Solve the following problems step by step:\n\nQ: 12+34=\nA: Let's think step by step.\n2+4+0=6, digit 6, carry 0\n1+3+0=4, digit 4, carry 0\n   The answer is 046.\n\nQ: 047+821=\nA: Let's think step by step.")
    }

    @Test("bare questions and reasoning: the framing and the final answer sentence go, nothing else")
    func slotValues() {
        #expect(bareQuestion(of: "Q: 047+821= A: ") == "047+821=")
        #expect(bareQuestion(of: "Q: What is 2+3?\nA:") == "What is 2+3?")
        #expect(bareQuestion(of: "  Unscramble: tac ") == "Unscramble: tac")
        #expect(bareQuestion(of: "Name a country in the USA:") == "Name a country in the USA:")
        #expect(bareQuestion(of: "Q:A:") == "")
        #expect(reasoning(ofSolution: "Step one. The answer is 6.") == "Step one.")
        #expect(reasoning(ofSolution: "The answer is 2 or The answer is 3.\nSo\nThe answer is 3.") == "The answer is 2 or The answer is 3.\nSo")
        #expect(reasoning(ofSolution: "cat\n") == "cat")
    }

    @Test("chat turns: a persona's role is the system turn; worked exemplars keep their reasoning")
    func turns() throws {
        let expert = try #require(TemplateLibrary.builtIn(named: "tutorial-persona-expert"))
        let expertTurns = Elicitor(template: expert, settings: expert.settings).strategyPrompt(for: Self.input).turns
        #expect(expertTurns.map(\.role) == [.system, .user])
        #expect(expertTurns[1].content == "Problem: \(Self.roger)")
        let fewShot = try #require(TemplateLibrary.builtIn(named: "tutorial-few-shot-cot"))
        let turns = Elicitor(template: fewShot, settings: fewShot.settings).strategyPrompt(for: Self.input).turns
        #expect(turns.map(\.role) == [.system, .user, .assistant, .user, .assistant, .user])
        #expect(turns[2].content == "We start with 15 trees. Later we have 21 trees. The difference is 21 - 15 = 6. The answer is 6.")
    }

    @Test("built-ins: each strategy's own template renders as the strategy does and is stored under its name")
    func strategyBuiltIns() throws {
        let arithmetic = PromptInput(prompt: "Q: 47+38= A: ", exemplars: [(prompt: "Q: 12+34= A: ", solution: "The answer is 046.\n")])
        for strategy in Strategy.all {
            let template = try #require(TemplateLibrary.builtIn(named: strategy.name))
            #expect(template.storedName == strategy.name && template.isStrategysOwn)
            #expect(Elicitor(template: template, settings: StrategySettings()).prompt(for: arithmetic)
                == Elicitor(strategy: strategy).prompt(for: arithmetic), "\(strategy.name)")
        }
        #expect(TemplateLibrary.builtIn(named: "tutorial-cot")?.storedName == "template:tutorial-cot")
        let names = TemplateLibrary.builtIns.map(\.name)
        #expect(Set(names).count == names.count)
    }
}
