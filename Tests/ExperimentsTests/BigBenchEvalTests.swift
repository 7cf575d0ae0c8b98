import EmergeTestSupport
import Foundation
import Testing
import Elicitation
@testable import Experiments
import ResultsStore
import TaskSuite

/// Eval of BIG-bench tasks with a small random byte-level GPT-2 (real
/// inference, so every number stored comes from the model).
@Suite("BIG-bench eval")
struct BigBenchEvalTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TaskSuiteTests/Fixtures/bigbench")

    struct Space {
        let root: URL
        let database: ResultsDatabase
        let model: EvalModel
        init() throws {
            root = try makeTemporaryDirectory("bigbench-eval")
            database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
            let directory = root.appendingPathComponent("w16-d1")
            try writeRandomGPT2(to: directory, width: 16, layers: 1, seed: 3)
            model = try EvalModel.load(directory: directory)
        }
    }

    @Test("a task.json path is imported and evaluated; few-shot prompts are stored in the trace")
    func fewShotGenerationFromAPath() throws {
        let space = try Space()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let path = Self.fixtures.appendingPathComponent("word_unscrambling/task.json").path
        let task = try EvalTask.resolve(path, database: space.database)
        #expect(task.name == "word_unscrambling" && task.examples.count == 15)
        let spec = try #require(task.bigBench)
        #expect(spec.kind == .generation && spec.targets[4] == ["this", "hits", "hist", "shit", "sith"])

        let configuration = EvalConfiguration(settings: StrategySettings(maxTokens: 8), limit: 4, shots: 2)
        let summary = try EvalRunner(database: space.database).run(model: space.model, task: task, configuration: configuration)
        #expect(summary.strategy == "2-shot" && summary.evaluated == 4)

        let run = try #require(try space.database.runs(task: "word_unscrambling", strategy: "2-shot").first)
        #expect(run.decoding == DecodingSettings(temperature: 0, samples: 1, seed: 42, maxTokens: 8, backend: "local"))
        let outputs = try space.database.outputs(runID: run.id)
        #expect(outputs.map(\.example) == [0, 1, 2, 3])
        let post = try BigBenchPostProcessor(format: spec.format)
        let draws = try BigBenchExemplars.draw(targetCounts: spec.targets.map(\.count), shots: 2, questions: 4)
        for output in outputs {
            let trace = try #require(try output.trace?.decode(BigBenchTrace.self))
            #expect(trace.shots == 2 && trace.seed == 42 && trace.exemplars == draws[output.example])
            #expect(trace.prompt == spec.prompt(output.example, exemplars: draws[output.example]))
            #expect(trace.prompt.hasSuffix(output.prompt ?? "-")) // the question comes last, as stored
            #expect(output.extractionRule == "bigbench")
            #expect(output.extractedAnswer == post.answer(from: output.generated ?? ""))
            // The per-token record is the first target, scored after the same prompt.
            #expect(output.targetTokens?.map(\.text).joined() == spec.targets[output.example][0])
        }
        // Question 3's prompt shows "rae" with "era", its second acceptable target.
        #expect(outputs[3].trace.flatMap { try? $0.decode(BigBenchTrace.self) }?.prompt
            .contains("\nQ: The word rae is a scrambled version of the English word \nA: era\n") == true)

        // Evaluating again stores nothing new; more examples resume after the stored ones.
        let again = try EvalRunner(database: space.database).run(model: space.model, task: task, configuration: configuration)
        #expect(again.evaluated == 0 && again.skipped == 4)
    }

    @Test("a multiple-choice task generates nothing and scores every choice; zero-shot is strategy standard")
    func multipleChoiceZeroShot() throws {
        let space = try Space()
        defer { try? FileManager.default.removeItem(at: space.root) }
        try space.database.importBigBench(atPath: Self.fixtures.appendingPathComponent("analogical_similarity").path)
        let task = try EvalTask.resolve("analogical_similarity", database: space.database)
        let summary = try EvalRunner(database: space.database)
            .run(model: space.model, task: task, configuration: EvalConfiguration(limit: 3))
        #expect(summary.strategy == "standard" && summary.evaluated == 3)
        let run = try #require(try space.database.runs(task: "analogical_similarity").first)
        #expect(run.decoding == DecodingSettings(temperature: 0, samples: 1, seed: 0, maxTokens: nil, backend: "local"))
        for output in try space.database.outputs(runID: run.id) {
            #expect(output.generated == nil && output.extractedAnswer == nil && output.trace == nil)
            #expect(output.choices?.count == 7 && output.gold == task.examples[output.example].gold)
            #expect(output.choices?.allSatisfy { $0.loglikelihood < 0 && ($0.tokenCount ?? 0) > 0 } == true)
            // The target is the gold choice; its teacher-forced tokens sum to that choice's log-likelihood.
            let gold = try #require(output.choices?[output.gold ?? 0])
            #expect(output.target == gold.text)
            let sum = output.targetTokens?.reduce(0) { $0 + $1.logprob } ?? 0
            // Two float32 paths (scoring the choices, teacher-forcing the target) whose BLAS kernels
            // differ by CPU: equal to float32 rounding of the sum, relative to its size.
            #expect(abs(sum - gold.loglikelihood) < 1e-6 * (1 + abs(gold.loglikelihood)))
        }
    }

    @Test("a stop string at the very start does not end BIG-bench's text: the generation is redone without it")
    func stopAtTheStart() throws {
        let space = try Space()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let prompt = "\nQ: The word hte is a scrambled version of the English word \nA: "
        let free = try space.model.textModel.generate(prompt: prompt, settings: GenerationSettings(maxTokens: 12))
        let first = try #require(free.text.first)
        let post = try BigBenchPostProcessor(format: BigBenchFormat(stopString: String(first)))
        let result = try EvalRunner.bigBenchGeneration(prompt: prompt, model: space.model.textModel, post: post, maxTokens: 12)
        #expect(result.generation.text == free.text && result.text == free.text)
        #expect(result.generation.tokens.count == free.tokens.count)
    }

    @Test("misuse is a clear error: a parent path, other strategies, --shots elsewhere, too many shots")
    func misuse() throws {
        let space = try Space()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let parent = Self.fixtures.appendingPathComponent("arithmetic/task.json").path
        let several = try #require(throws: BigBenchEvalError.self) { try EvalTask.resolve(parent, database: space.database) }
        #expect(several == .severalTasks(path: parent, names: ["arithmetic:2_digit_addition", "arithmetic:3_digit_subtraction"]))
        // … and both subtasks are now stored, ready to evaluate by name.
        let task = try EvalTask.resolve("arithmetic:2_digit_addition", database: space.database)
        #expect(task.bigBench?.format.outputRegex == #"[-+]?\d+"#)

        let runner = EvalRunner(database: space.database)
        #expect(throws: BigBenchEvalError.strategy("zero-shot-cot")) {
            try runner.run(model: space.model, task: task, configuration: EvalConfiguration(strategy: .zeroShotCoT, limit: 1))
        }
        #expect(throws: BigBenchShotsError.self) {
            try runner.run(model: space.model, task: task, configuration: EvalConfiguration(limit: 1, shots: 20))
        }
        let synthetic = try EvalTask.resolve("add2", database: space.database, count: 2)
        #expect(throws: BigBenchEvalError.shotsNeedBigBench(task: "add2")) {
            try runner.run(model: space.model, task: synthetic, configuration: EvalConfiguration(shots: 1))
        }
        #expect(try space.database.rowCounts()["output"] == 0)
    }
}
