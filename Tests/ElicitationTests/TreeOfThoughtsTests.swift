import Testing
@testable import Elicitation
import TaskSuite

private let input = PromptInput(prompt: ToyAdderModel.question)
private let referenceSolution = "Let's think step by step.\n" + ToyAdderModel.correctChain.joined(separator: "\n") + "\n"

@Test func greedyChainOfThoughtGetsTheToyQuestionWrong() throws {
    let outcome = try Elicitor(strategy: .zeroShotCoT).run(input, exampleIndex: 0, model: ToyAdderModel())
    #expect(outcome.response.generation.text
            == "7+8+0=14, digit 4, carry 1\n4+3+1=8, digit 8, carry 0\nThe answer is 084.")
    #expect(outcome.answer == "084")
    #expect(outcome.rule == "the-answer-is")
}

@Test func treeOfThoughtsWithAPerfectVerifierFindsTheCorrectAnswer() throws {
    let elicitor = Elicitor(strategy: .treeOfThoughts,
                            settings: StrategySettings(temperature: 1, breadth: 3, depth: 4, seed: 7))
    let outcome = try elicitor.run(input, exampleIndex: 0, model: ToyAdderModel(),
                                   verifier: ReferenceStepsVerifier(solution: referenceSolution))
    #expect(outcome.answer == "085")
    #expect(outcome.rule == "the-answer-is")
    let tree = try #require(outcome.tree)
    #expect(tree.scoring == .verifier)
    #expect(tree.steps(to: try #require(tree.solution)) == ToyAdderModel.correctChain)
    // The wrong first step was proposed and pruned, never expanded.
    let wrong = tree.nodes.filter { $0.step.hasPrefix("7+8+0=14") }
    #expect(!wrong.isEmpty)
    #expect(wrong.allSatisfy { $0.status == .pruned && $0.verifierScore == 0 && $0.expansion == nil })
}

@Test func treeOfThoughtsWithAnAnswerOnlyVerifierAlsoFindsIt() throws {
    let elicitor = Elicitor(strategy: .treeOfThoughts,
                            settings: StrategySettings(temperature: 1, breadth: 4, depth: 4, seed: 3))
    let outcome = try elicitor.run(input, exampleIndex: 0, model: ToyAdderModel(),
                                   verifier: AnswerVerifier(answer: "85"))
    #expect(outcome.answer == "085")
}

@Test func treeOfThoughtsScoredByLogprobFollowsTheLikelyWrongStep() throws {
    let elicitor = Elicitor(strategy: .treeOfThoughts,
                            settings: StrategySettings(temperature: 1, breadth: 3, depth: 4, seed: 7))
    let outcome = try elicitor.run(input, exampleIndex: 0, model: ToyAdderModel())
    #expect(outcome.tree?.scoring == .logprob)
    #expect(outcome.answer == "084")
}

@Test func treeOfThoughtsIsReproducibleAndPrintable() throws {
    let elicitor = Elicitor(strategy: .treeOfThoughts,
                            settings: StrategySettings(temperature: 1, breadth: 3, depth: 4, seed: 11))
    let verifier = ReferenceStepsVerifier(solution: referenceSolution)
    let first = try elicitor.run(input, exampleIndex: 2, model: ToyAdderModel(), verifier: verifier)
    let second = try elicitor.run(input, exampleIndex: 2, model: ToyAdderModel(), verifier: verifier)
    #expect(first == second)
    let text = try #require(first.tree).rendered()
    #expect(text.hasPrefix("tree of thoughts (breadth 3, depth 4, scored by verifier)"))
    #expect(text.contains("solution"))
    #expect(text.contains("\"The answer is 085.\""))
    #expect(text.split(separator: "\n").count == first.tree!.nodes.count) // header + every node but the root
}

@Test func referenceVerifierJudgesStepsAndAnswers() {
    let verifier = ReferenceStepsVerifier(solution: referenceSolution)
    #expect(verifier.score(steps: []) == 1)
    #expect(verifier.score(steps: ["7+8+0=15, digit 5, carry 1"]) == 1)
    #expect(verifier.score(steps: ["7+8+0=14, digit 4, carry 1"]) == 0)
    #expect(verifier.score(steps: ["7+8+0=15, digit 5, carry 1", "The answer is 85."]) == 1)
    #expect(verifier.score(steps: ["The answer is 84."]) == 0)
    #expect(AnswerVerifier(answer: "085").score(steps: ["1+1=2"]) == nil)
}

@Test func selfConsistencyStoresEverySampleAndItsVote() throws {
    let elicitor = Elicitor(strategy: .selfConsistency, settings: StrategySettings(samples: 9, temperature: 1, seed: 5))
    let outcome = try elicitor.run(input, exampleIndex: 0, model: ToyAdderModel())
    let again = try elicitor.run(input, exampleIndex: 0, model: ToyAdderModel())
    #expect(outcome == again)
    let samples = try #require(outcome.samples)
    let vote = try #require(outcome.vote)
    #expect(samples.count == 9)
    #expect(Set(samples.map(\.seed)).count == 9)
    #expect(samples.allSatisfy { $0.extracted == extractAnswer(from: $0.generation.text) })
    #expect(vote.counts.map(\.count).reduce(0, +) + vote.abstentions == 9)
    #expect(outcome.answer == vote.winner)
    #expect(outcome.rule == "majority-vote")
    #expect(Set(samples.compactMap(\.extracted.answer)).isSubset(of: ["084", "085", "094", "095"]))
    // A different base seed draws different samples.
    let other = try Elicitor(strategy: .selfConsistency, settings: StrategySettings(samples: 9, temperature: 1, seed: 6))
        .run(input, exampleIndex: 0, model: ToyAdderModel())
    #expect(other.samples!.map(\.generation.text) != samples.map(\.generation.text))
}
