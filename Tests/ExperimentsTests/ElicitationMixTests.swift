import EmergeSupport
import EmergeTestSupport
import Elicitation
import Foundation
import ResultsStore
import TaskSuite
import Testing
import Training
@testable import Experiments

// The elicitation mix of word-problem ladders (docs/ladders.md#the-elicitation-mix):
// its framings in their shares, each prompt exactly as its strategy renders
// it, the self-verification exchange and the stated confidence, the split,
// the context, and a ladder trained on it.

private let problems = WordProblemTask()
private let mixTask = ElicitationMixTask(task: problems, mix: ElicitationMix())

/// `count` examples of the mix's stream from `seed`, as Training draws them, with their framing.
private func draw(count: Int, seed: UInt64, split: TaskSplit = .train) -> [(Framing, TaskExample)] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in
        var peek = rng
        let framing = ElicitationMixTask.framing(at: peek.unitDouble())
        return (framing, mixTask.randomExample(of: split, using: &rng))
    }
}

/// Every `Q: … A: ` question of a prompt, in order (exemplars first, the asked question last).
private func questions(in prompt: String) -> [WordProblem] {
    prompt.components(separatedBy: "Q: ").dropFirst().compactMap { block in
        guard let end = block.range(of: " A: ") else { return nil }
        return WordProblem.parse(prompt: "Q: " + block[..<end.lowerBound] + " A: ")
    }
}

@Suite struct ElicitationMixTests {
    @Test func everyFramingAppearsInItsShare() {
        #expect(abs(Framing.allCases.map(\.share).reduce(0, +) - 1) < 1e-12)
        let drawn = draw(count: 20_000, seed: 4)
        for framing in Framing.allCases {
            let share = Double(drawn.filter { $0.0 == framing }.count) / 20_000
            // 4 standard errors of a binomial share over 20,000 draws.
            #expect(abs(share - framing.share) <= 4 * (framing.share * (1 - framing.share) / 20_000).squareRoot(), "\(framing)")
        }
    }

    @Test func promptsAreTheStrategiesPromptsExactly() throws {
        var seen = Set<Framing>()
        for (framing, example) in draw(count: 4_000, seed: 7) {
            seen.insert(framing)
            let asked: WordProblem
            if let tutorial = FramingText.tutorialPersona(framing, prompt: "") {
                // The tutorial's persona prompts end with the bare question.
                asked = try #require(WordProblem.parse(prompt: "Q: \(example.prompt.dropFirst(tutorial.count)) A: "))
                let template = try #require(TemplateLibrary.builtIn(named: framing.rawValue))
                #expect(template.strategy == .standard)
                #expect(example.prompt == template.prompt.render(PromptInput(prompt: asked.prompt)))
                #expect(example.prompt.hasSuffix(": " + asked.text))
                #expect(example.target == "\(asked.answer)\n")
                continue
            }
            let shown = questions(in: example.prompt)
            asked = try #require(shown.last)
            let exemplars = shown.dropLast().map { ($0.prompt, $0.workedSolution) }
            let direct = "\(asked.answer)\n"
            let worked = String(asked.workedSolution.dropFirst("Let's think step by step.\n".count))
            func rendered(_ strategy: Strategy) -> String {
                Elicitor(strategy: strategy, settings: StrategySettings(exemplars: exemplars.count))
                    .prompt(for: PromptInput(prompt: asked.prompt, exemplars: exemplars))
            }
            switch framing {
            case .standard, .personaExpert, .personaTeacher, .personaProgrammer, .fewShot, .zeroShotCoT, .fewShotCoT, .enhanced:
                let strategy = try #require(Strategy(name: framing.rawValue))
                #expect(example.prompt == rendered(strategy), "\(framing)")
                #expect(example.target == (framing.reasonsStepByStep ? worked : direct))
                #expect(exemplars.count == (framing == .fewShot ? exemplars.count : framing == .fewShotCoT ? 1 : 0))
                if framing == .fewShot { #expect((1...2).contains(exemplars.count)) }
            case .selfVerification:
                #expect(example.prompt.hasPrefix(rendered(.zeroShotCoT)))
                #expect(example.prompt.hasSuffix(".\n\n" + FramingText.checkAnswer))
                #expect(example.target == worked)
            case .confidence:
                #expect(example.prompt == FramingText.confidencePreamble + asked.prompt)
                #expect(example.target == direct + "Confidence: \(10 - 2 * (asked.steps.count - 1))\n")
            default: Issue.record("unexpected framing \(framing)")
            }
        }
        #expect(seen == Set(Framing.allCases))
    }

    @Test func aWrongFirstAnswerHasOneSlipCarriedToTheEnd() throws {
        var wrong = 0, total = 0
        for (framing, example) in draw(count: 6_000, seed: 12) where framing == .selfVerification {
            total += 1
            let asked = try #require(questions(in: example.prompt).last)
            let start = example.prompt.range(of: "Let's think step by step.\n")!.upperBound
            let end = example.prompt.range(of: "\n\n" + FramingText.checkAnswer)!.lowerBound
            let lines = example.prompt[start..<end].split(separator: "\n").map(String.init)
            #expect(lines.count == asked.steps.count + 1)
            let stated = try #require(Int(lines.last!.dropFirst("The answer is ".count).dropLast()))
            guard stated != asked.answer else {
                #expect(lines.dropLast().joined(separator: "\n") + "\n" == example.target.components(separatedBy: "The answer").first!)
                continue
            }
            wrong += 1
            // Each line `a<op>b=c` follows from the line before; exactly one line's arithmetic is off.
            var previous = asked.start, slips = 0
            for (line, step) in zip(lines.dropLast(), asked.steps) {
                let sides = line.split(separator: "=")
                let a = try #require(Int(sides[0].split(separator: step.operation.rawValue)[0]))
                let c = try #require(Int(sides[1]))
                #expect(a == previous)
                if step.operation.apply(a, step.operand) != c { slips += 1 }
                previous = c
            }
            #expect(slips == 1 && previous == stated)
        }
        #expect(abs(Double(wrong) / Double(total) - 0.5) < 0.08)
    }

    @Test func noTestProblemIsTrainedOn() {
        let test = draw(count: 2_000, seed: 1, split: .test).map(\.1)
        var testPrompts = Set<String>()
        for example in test {
            #expect(mixTask.split(of: example) == .test)
            let shown = questions(in: example.prompt)
            if let asked = shown.last { testPrompts.insert(asked.prompt) }
            for exemplar in shown.dropLast() { #expect(problems.split(of: problems.example(exemplar)) == .train) }
        }
        #expect(testPrompts.count > 1_000)
        for (_, example) in draw(count: 8_000, seed: 2) {
            #expect(mixTask.split(of: example) == .train)
            for shown in questions(in: example.prompt) { #expect(!testPrompts.contains(shown.prompt)) }
        }
    }

    @Test func everyExampleFitsTheContextInPrintableASCII() throws {
        let plan = LadderPlan(task: problems, rungs: [LadderRung(width: 8, depth: 1)], training: TrainingOptions(),
                              testExamples: 1, elicitationMix: ElicitationMix())
        #expect(plan.name == "word-problems-framed" && plan.family == "ladder-word-problems-framed")
        #expect(plan.vocabulary == .printableASCII)
        var longest = 0
        for (_, example) in draw(count: 5_000, seed: 3) {
            _ = try CharVocabulary.printableASCII.encode(example.prompt + example.target)
            longest = max(longest, example.prompt.count + example.target.count)
        }
        #expect(plan.sequenceLength + 1 >= longest)
        let maxTokens = try #require(plan.maxStepByStepTokens)
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let problem = problems.randomProblem(using: &rng)
            #expect(problem.workedSolution.count - "Let's think step by step.\n".count < maxTokens)
        }
    }

    @Test func aWordProblemLadderTrainsAndIsEvaluatedOnItsTestSplit() throws {
        let root = try makeTemporaryDirectory("ladder-framed")
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = LadderPlan(task: problems, rungs: [LadderRung(width: 8, depth: 1)],
                              training: TrainingOptions(steps: 3, batchSize: 4, warmupSteps: 1, seed: 3),
                              testExamples: 4, checkpointEvery: 3, elicitationMix: ElicitationMix())
        let results = try LadderTrainer(plan: plan, directory: root).train()
        #expect(results.map(\.name) == ["ladder-word-problems-framed-w008-d1"])
        let database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
        let summaries = try LadderEvaluator(plan: plan, directory: root, database: database).evaluate(results)
        #expect(summaries.map(\.evaluated) == [4])
        // Another mix on the same folder is refused.
        var other = plan
        other.elicitationMix = ElicitationMix(wrongFirstAnswers: 0.25)
        #expect(throws: LadderError.mismatchedPlan(root.path)) { try LadderTrainer(plan: other, directory: root).train() }
    }

    @Test func evaluationShowsWorkedWordProblemExemplars() throws {
        let task = try EvalTask.resolve("word-problems", count: 5)
        #expect(task.examples.count == 5 && task.examples.allSatisfy { problems.split(of: $0) == .test })
        let input = task.promptInput(0, exemplars: 2)
        #expect(input.exemplars.count == 2)
        for shot in input.exemplars {
            let problem = try #require(WordProblem.parse(prompt: shot.prompt))
            #expect(shot.solution == problem.workedSolution && problems.split(of: problems.example(problem)) == .train)
        }
        let asked = try #require(WordProblem.parse(prompt: task.examples[0].prompt))
        #expect(task.teacherForcedTarget(0, strategy: .zeroShotCoT)
                == String(asked.workedSolution.dropFirst("Let's think step by step.\n".count)))
        #expect(task.teacherForcedTarget(0, strategy: .standard) == "\(asked.answer)\n")
    }
}
