import Foundation
import Testing
@testable import Elicitation
import TaskSuite

/// The toy adder of `ToyAdderModel`, which also rates steps when asked with
/// the rating prompt: a step with a wrong digit sum gets "2", the answer
/// line gets a reply without a number, every other step " 9/10". Every
/// rating prompt it was given is kept.
private final class RatingToyAdder: TextModel {
    let adder = ToyAdderModel()
    private(set) var ratingPrompts: [String] = []

    var name: String { "rating-toy-adder" }
    func encode(_ text: String) -> [Int] { adder.encode(text) }
    func decode(_ ids: [Int]) -> String { adder.decode(ids) }
    func scoreContinuations(_ requests: [ContinuationRequest]) throws -> [[ScoredToken]] {
        try adder.scoreContinuations(requests)
    }

    func generate(prompt: String, settings: GenerationSettings) throws -> TextGeneration {
        guard prompt.hasPrefix("State: ") else { return try adder.generate(prompt: prompt, settings: settings) }
        ratingPrompts.append(prompt)
        let thought = prompt.components(separatedBy: "\nThought: ").last ?? ""
        let text = thought.contains("=14,") || thought.contains("=9,") ? "2"
            : thought.contains("The answer") ? "a fine step" : " 9/10"
        return TextGeneration(text: text, tokens: adder.encode(text).map {
            ScoredToken(tokenID: $0, text: String(Unicode.Scalar(UInt32($0))!), logprob: -0.1)
        }, finishReason: .endOfText)
    }
}

@Suite("tree of thoughts scored by the model's own ratings")
struct TreeSelfRatingTests {
    @Test("the search follows the steps the model rates highest and records every rating")
    func followsTheRatings() throws {
        let model = RatingToyAdder()
        let elicitor = Elicitor(strategy: .treeOfThoughts, settings: StrategySettings(temperature: 1, breadth: 3, depth: 4, seed: 7))
        let outcome = try elicitor.run(PromptInput(prompt: ToyAdderModel.question), exampleIndex: 0, model: model,
                                       verifier: ReferenceStepsVerifier(solution: "Let's think step by step.\n"),
                                       selfRating: true)
        // The log-probability alone follows the likely wrong step to 084 (TreeOfThoughtsTests); the ratings do not.
        #expect(outcome.answer == "085")
        let tree = try #require(outcome.tree)
        #expect(tree.scoring == .selfRated)
        #expect(tree.steps(to: try #require(tree.solution)) == ToyAdderModel.correctChain)
        let proposed = tree.nodes.dropFirst()
        #expect(proposed.allSatisfy { $0.ratingText != nil && $0.verifierScore == nil }, "the verifier is not used")
        for node in proposed {
            if node.step.contains("=14,") || node.step.contains("=9,") { #expect(node.rating == 2 && node.value == 0.2) }
            else if node.step.contains("The answer") { #expect(node.rating == nil && node.ratingText == "a fine step" && node.value == 0.5) }
            else { #expect(node.rating == 9 && node.value == 0.9) }
        }
        #expect(tree.unparsedRatings == proposed.filter { $0.rating == nil }.count)
        #expect(tree.unparsedRatings ?? 0 >= 1)
        // The tutorial's prompt: the problem, then the steps so far after " → ".
        #expect(model.ratingPrompts.first == "State: Q: 47+38= A:\nThought: \(tree.nodes[1].step)\nRate this step (0-10):")
        let second = "State: Q: 47+38= A: → 7+8+0=15, digit 5, carry 1\nThought: 4+3+1=8, digit 8, carry 0\nRate this step (0-10):"
        #expect(model.ratingPrompts.contains(second))

        let text = tree.rendered()
        #expect(text.hasPrefix("tree of thoughts (breadth 3, depth 4, scored by self)"))
        #expect(text.contains("rated 9.0") && text.contains("rated 2.0") && text.contains("rating unparsed \"a fine step\""))
        #expect(text.hasSuffix("unparsed ratings: \(tree.unparsedRatings!)"))
    }

    @Test("a rating is the number the reply starts with, from 0 to 10",
          arguments: [("7", 7.0), (" 7.5", 7.5), ("10/10", 10), ("0", 0), ("3 - fair", 3)] as [(String, Double)])
    func readsRatings(text: String, rating: Double) {
        #expect(StepRater.rating(in: text) == rating)
    }

    @Test("anything else is unparsed", arguments: ["11", "seven", "", "-3", "rating: 7", "10.5"])
    func unparsedRatings(text: String) {
        #expect(StepRater.rating(in: text) == nil)
    }

    @Test("a self-rated tree survives its JSON form")
    func codable() throws {
        let outcome = try Elicitor(strategy: .treeOfThoughts, settings: StrategySettings(temperature: 1, breadth: 2, depth: 3, seed: 1))
            .run(PromptInput(prompt: ToyAdderModel.question), exampleIndex: 0, model: RatingToyAdder(), selfRating: true)
        let tree = try #require(outcome.tree)
        let data = try JSONEncoder().encode(tree)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"scoring\":\"self\"") && text.contains("\"rating_text\"") && text.contains("\"unparsed_ratings\""))
        #expect(try JSONDecoder().decode(ThoughtTree.self, from: data) == tree)
    }
}
