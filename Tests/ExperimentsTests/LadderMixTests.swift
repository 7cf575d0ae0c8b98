import EmergeSupport
import EmergeTestSupport
import Elicitation
import Foundation
import InferenceCore
import ResultsStore
import TaskSuite
import Testing
import Training
@testable import Experiments

// The step-by-step training mix of a ladder (docs/elicitation.md): what it draws, that
// it shows exactly the prompts the step-by-step strategies render, and how
// a ladder trains, names, resumes and refuses with it.

private let add2 = ArithmeticTask(operation: .addition, digits: 2)
private let worked2 = ArithmeticTask(operation: .addition, digits: 2, scratchpad: true)

/// `count` examples of the mix's stream from `seed`, as Training draws them.
private func draw(_ mix: ScratchpadMix, count: Int, seed: UInt64, split: TaskSplit = .train) -> [TaskExample] {
    let task = ScratchpadMixTask(task: add2, mix: mix)
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in task.randomExample(of: split, using: &rng) }
}

private func isStepByStep(_ example: TaskExample) -> Bool { example.prompt.hasSuffix(PromptPhrase.stepByStep + "\n") }

/// The questions (`Q: …= A: `) of a prompt, in order: exemplars first, the asked question last.
private func questions(in prompt: String) -> [String] {
    prompt.components(separatedBy: "Q: ").dropFirst().map { block in
        "Q: " + block.prefix { $0 != "A" } + "A: "
    }
}

@Test func theFractionOfStepByStepExamplesIsHonoured() {
    for fraction in [0.0, 0.3, 0.5, 1.0] {
        let examples = draw(ScratchpadMix(fraction: fraction), count: 4_000, seed: 11)
        let share = Double(examples.filter(isStepByStep).count) / Double(examples.count)
        // 4 standard errors of a binomial share over 4,000 draws (≤ 0.032).
        #expect(abs(share - fraction) <= 4 * (fraction * (1 - fraction) / 4_000).squareRoot() + 1e-12, "\(fraction): \(share)")
    }
}

@Test func bothFormatsAreTheStrategiesPromptsExactly() throws {
    let examples = draw(ScratchpadMix(fraction: 0.5, exemplars: 2), count: 600, seed: 5)
    var direct = 0, shots: [Int: Int] = [:]
    for example in examples {
        let asked = try #require(questions(in: example.prompt).last)
        let (a, b) = try #require(add2.operands(of: asked))
        guard isStepByStep(example) else {
            #expect(example == add2.example(a, b))    // `Q: 47+38= A: ` → `085\n`
            direct += 1
            continue
        }
        // The exemplars before the question, with their worked solutions, as few-shot-cot shows them.
        let exemplars = try questions(in: example.prompt).dropLast().map { q -> (prompt: String, solution: String) in
            let (x, y) = try #require(add2.operands(of: q))
            return (q, Scratchpad.solution(task: worked2, x, y))
        }
        let strategy: Strategy = exemplars.isEmpty ? .zeroShotCoT : .fewShotCoT
        let rendered = Elicitor(strategy: strategy, settings: StrategySettings(exemplars: exemplars.count))
            .prompt(for: PromptInput(prompt: asked, exemplars: exemplars))
        #expect(example.prompt == rendered)
        shots[exemplars.count, default: 0] += 1
    }
    #expect(direct > 200 && direct < 400)
    #expect(shots.keys.sorted() == [0, 1, 2] && shots.values.allSatisfy { $0 > 50 })
}

@Test func workedLinesAreTheScratchpadOfTheQuestion() throws {
    for example in draw(ScratchpadMix(fraction: 1, exemplars: 1), count: 300, seed: 8) {
        let asked = try #require(questions(in: example.prompt).last)
        let (a, b) = try #require(add2.operands(of: asked))
        // The trigger line is in the prompt; the target is the rest of the worked solution.
        #expect(PromptPhrase.stepByStep + "\n" + example.target == Scratchpad.solution(task: worked2, a, b))
        #expect(example.target.hasSuffix("The answer is \(add2.answer(a, b)).\n"))
        let lines = example.target.split(separator: "\n")
        #expect(lines.count == 3)
        for (place, line) in lines.prefix(2).enumerated() {
            let da = a / (place == 0 ? 1 : 10) % 10, db = b / (place == 0 ? 1 : 10) % 10
            #expect(line.hasPrefix("\(da)+\(db)+"))
        }
    }
}

@Test func theMixIsDeterministicBySeed() {
    let mix = ScratchpadMix(fraction: 0.5)
    #expect(draw(mix, count: 200, seed: 3) == draw(mix, count: 200, seed: 3))
    #expect(draw(mix, count: 200, seed: 3) != draw(mix, count: 200, seed: 4))
}

@Test func noTestQuestionIsTrainedOnAsQuestionOrExemplar() throws {
    let mix = ScratchpadMix(fraction: 0.6, exemplars: 2)
    let task = ScratchpadMixTask(task: add2, mix: mix)
    let test = draw(mix, count: 2_000, seed: 1, split: .test)
    var testPairs = Set<[Int]>()
    for example in test {
        #expect(task.split(of: example) == .test)
        let asked = try #require(questions(in: example.prompt).last)
        let (a, b) = try #require(add2.operands(of: asked))
        testPairs.insert([a, b])
        // Exemplars shown with a test question still come from the train split.
        for q in questions(in: example.prompt).dropLast() {
            let (x, y) = try #require(add2.operands(of: q))
            #expect(add2.split(of: x, y) == .train)
        }
    }
    #expect(testPairs.count > 100)
    for example in draw(mix, count: 5_000, seed: 2) {
        #expect(task.split(of: example) == .train)
        for q in questions(in: example.prompt) {
            let (a, b) = try #require(add2.operands(of: q))
            #expect(!testPairs.contains([a, b]), "\(q) is a test question")
        }
    }
}

@Test func theContextHoldsTheLongestMixSequenceAndItsGeneration() throws {
    for exemplars in [0, 1, 3] {
        let plan = LadderPlan(task: add2, rungs: [LadderRung(width: 8, depth: 1)], training: TrainingOptions(),
                              testExamples: 1, scratchpadMix: ScratchpadMix(fraction: 0.5, exemplars: exemplars))
        let longest = draw(plan.scratchpadMix!, count: 3_000, seed: 9).map { $0.prompt.count + $0.target.count }.max()!
        #expect(plan.sequenceLength + 1 >= longest)
        // Exact for addition: 99+99 has every line at its longest; with all exemplars drawn it is reached.
        let task = ScratchpadMixTask(task: add2, mix: plan.scratchpadMix!)
        let worst = task.stepByStep(worked2.example(99, 99), exemplars: Array(repeating: worked2.example(99, 99), count: exemplars))
        #expect(plan.sequenceLength + 1 == worst.prompt.count + worst.target.count)
        // The longest step-by-step prompt plus the tokens its evaluation may generate fit the learned positions.
        let maxTokens = try #require(plan.maxStepByStepTokens)
        #expect(maxTokens > worst.target.count)
        #expect(plan.contextLength >= worst.prompt.count + maxTokens)
    }
    let plain = LadderPlan(task: add2, rungs: [], training: TrainingOptions(), testExamples: 1)
    #expect(plain.maxStepByStepTokens == nil && plain.name == "add2" && plain.vocabulary == add2.vocabulary)
}

/// A tiny one-rung ladder with the mix.
private func mixPlan(fraction: Double = 0.5, exemplars: Int = 1, steps: Int = 6) -> LadderPlan {
    LadderPlan(task: add2, rungs: [LadderRung(width: 8, depth: 1)],
               training: TrainingOptions(steps: steps, batchSize: 4, warmupSteps: 2, seed: 3),
               testExamples: 3, checkpointEvery: 3, scratchpadMix: ScratchpadMix(fraction: fraction, exemplars: exemplars))
}

@Test func aMixLadderIsNamedAfterItsMixAndCountsItsRealTokens() throws {
    let root = try makeTemporaryDirectory("ladder-mix")
    defer { try? FileManager.default.removeItem(at: root) }
    let plan = mixPlan()
    #expect(plan.name == "add2-cot50" && plan.family == "ladder-add2-cot50")
    let results = try LadderTrainer(plan: plan, directory: root).train()
    #expect(results.map(\.name) == ["ladder-add2-cot50-w008-d1"])
    let rung = root.appendingPathComponent("ladder-add2-cot50-w008-d1")
    // The worked solutions need letters: the rung's vocabulary is printable ASCII.
    let vocabulary = try TokenizerFile.vocabulary(from: Data(contentsOf: rung.appendingPathComponent("tokenizer.json")))
    #expect(vocabulary == CharVocabulary.printableASCII)

    // The same data stream, drawn by hand: tokens and FLOPs count each sequence's real positions
    // (6·N + 6·L·T·C per position at its own length T), never the batch's padding.
    let config = plan.rungs[0].config(vocabularySize: plan.vocabulary.count, contextLength: plan.contextLength)
    let reference = Trainer(config: config, vocabulary: plan.vocabulary, data: .generator(plan.trainingTask), options: plan.training)
    var flops = 0.0, tokens = 0.0, padded = 0.0
    for _ in 0..<plan.training.steps {
        let batch = try reference.nextBatch()
        padded += Double(batch.batch * batch.length)
        for length in batch.lengths {
            tokens += Double(length)
            flops += Double(length) * TrainingFLOPs.perToken(config: config, sequenceLength: length)
        }
    }
    #expect(results[0].tokens == tokens && abs(results[0].trainingFlops - flops) <= 1e-12 * flops)
    #expect(tokens < padded)  // the batches did carry padding
    // Longer than direct answers alone, never longer than the plan's longest sequence.
    let direct = Double(plan.training.steps * plan.training.batchSize * (add2.example(0, 0).prompt.count + add2.example(0, 0).target.count - 1))
    #expect(tokens > direct && tokens <= Double(plan.training.steps * plan.training.batchSize * plan.sequenceLength))

    // The manifest records the mix; evaluation stores the rung under its mix family.
    let manifest = try String(contentsOf: LadderManifest.url(in: root), encoding: .utf8)
    #expect(manifest.contains("\"scratchpadMix\"") && manifest.contains("\"fraction\" : 0.5"))
    let database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
    try LadderEvaluator(plan: plan, directory: root, database: database).evaluate(results)
    #expect(try database.model(named: "ladder-add2-cot50-w008-d1")?.family == "ladder-add2-cot50")
}

@Test func aMixLadderResumesOnlyWithTheSameMix() throws {
    let root = try makeTemporaryDirectory("ladder-mix-resume")
    defer { try? FileManager.default.removeItem(at: root) }
    let first = try LadderTrainer(plan: mixPlan(), directory: root).train()
    #expect(try LadderTrainer(plan: mixPlan(), directory: root).train() == first)
    for other in [mixPlan(fraction: 0.25), mixPlan(exemplars: 2)] {
        #expect(throws: LadderError.mismatchedPlan(root.path)) { try LadderTrainer(plan: other, directory: root).train() }
    }
    var direct = mixPlan()
    direct.scratchpadMix = nil
    #expect(throws: LadderError.mismatchedPlan(root.path)) { try LadderTrainer(plan: direct, directory: root).train() }

    // An interrupted mix rung continues to the weights of an uninterrupted one.
    let whole = root.appendingPathComponent("ladder-add2-cot50-w008-d1/model.safetensors")
    let resumedRoot = root.appendingPathComponent("resumed")
    let plan = mixPlan()
    let partial = Trainer(config: plan.rungs[0].config(vocabularySize: plan.vocabulary.count, contextLength: plan.contextLength),
                          vocabulary: plan.vocabulary, data: .generator(plan.trainingTask), options: plan.training)
    for _ in 0..<3 { try partial.trainStep() }
    try Checkpoint.save(partial, to: LadderTrainer(plan: plan, directory: resumedRoot).rungDirectory(plan.rungs[0]))
    try LadderTrainer(plan: plan, directory: resumedRoot).train()
    #expect(try Data(contentsOf: resumedRoot.appendingPathComponent("ladder-add2-cot50-w008-d1/model.safetensors"))
            == Data(contentsOf: whole))
}

@Test func aRungsNewlineEndsADirectAnswerButNotAChainOfThought() throws {
    let root = try makeTemporaryDirectory("ladder-mix-lines")
    defer { try? FileManager.default.removeItem(at: root) }
    let plan = mixPlan(steps: 2)
    try LadderTrainer(plan: plan, directory: root).train()
    let rung = try InferenceCoreTextModel.load(directory: LadderTrainer(plan: plan, directory: root).rungDirectory(plan.rungs[0]))
    // Checkpoints mark the newline as end of text (a direct answer's end) ...
    #expect(rung.model.endOfTextTokenID == plan.vocabulary.id(of: "\n"))
    // ... yet a chain of thought goes on past it: the same sample stops at the
    // first newline only when a stop string says so.
    var found = false
    for seed in UInt64(0)..<200 where !found {
        let settings = { (stop: String) in GenerationSettings(maxTokens: 48, temperature: 2, seed: seed, stop: [stop]) }
        let direct = try rung.generate(prompt: "Q: 12+34= A: ", settings: settings("\n"))
        let chain = try rung.generate(prompt: "Q: 12+34= A: ", settings: settings("\n\n"))
        guard direct.stopString == "\n", chain.tokens.count > direct.tokens.count else { continue }
        #expect(chain.text.hasPrefix(direct.text + "\n"))
        found = true
    }
    #expect(found, "no sample reached a newline and went on")
}
