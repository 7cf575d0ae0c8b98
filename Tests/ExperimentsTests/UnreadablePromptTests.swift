import EmergeTestSupport
import Foundation
import Testing
import Elicitation
import Experiments
import InferenceCore
import ResultsStore
import TaskSuite
import Training

/// A ladder rung reads the arithmetic vocabulary only: a persona's sentence
/// must stop the evaluation with a sentence naming the character, never
/// reach the model with its letters dropped.
@Test func personaPromptOnAnArithmeticRungIsRefusedByName() throws {
    let root = try makeTemporaryDirectory("unreadable")
    defer { try? FileManager.default.removeItem(at: root) }
    let rung = root.appendingPathComponent("w16-d1")
    try writeRandomGPT2(to: rung, width: 16, layers: 1, seed: 3)
    try TokenizerFile.json(for: .arithmetic).write(to: rung.appendingPathComponent("tokenizer.json"))
    let database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
    let task = try EvalTask.resolve("add2", database: database, count: 3)
    let model = try EvalModel.load(directory: rung)
    let runner = EvalRunner(database: database)

    // The standard prompt uses only the vocabulary's characters: it runs.
    let standard = try runner.run(model: model, task: task, configuration: EvalConfiguration(
        strategy: .standard, settings: StrategySettings(maxTokens: 4)))
    #expect(standard.evaluated == 3)

    let persona = EvalConfiguration(strategy: .persona(.expert), settings: StrategySettings(maxTokens: 4))
    let expected = EvalError.unreadablePrompt(model: "w16-d1", example: 0, strategy: "persona:expert",
                                              character: "Y", offset: 0)
    #expect(throws: expected) { try runner.run(model: model, task: task, configuration: persona) }
    #expect(expected.description.hasPrefix(
        "Model w16-d1 cannot read the persona:expert prompt of example 0: its vocabulary lacks the character \"Y\" at offset 0"))
    #expect(try database.runs(task: "add2", strategy: "persona:expert", model: "w16-d1").isEmpty)

    // A target the vocabulary cannot represent is refused too, naming the task.
    let words = EvalTask(name: "words", examples: [TaskExample(prompt: "Q: 1+1= A: ", target: "two\n")])
    #expect(throws: EvalError.self) {
        try runner.run(model: model, task: words, configuration: EvalConfiguration(
            strategy: .standard, settings: StrategySettings(maxTokens: 2)))
    }
}
