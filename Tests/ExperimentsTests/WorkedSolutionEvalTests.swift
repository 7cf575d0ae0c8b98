import Elicitation
import TaskSuite
import Testing
@testable import Experiments

// Tasks that show their working give few-shot exemplars and step-by-step targets, as arithmetic does.

@Test func reasoningTasksGiveWorkedExemplarsFromTheirTrainSplit() throws {
    for name in ["order3", "analogy"] {
        let task = try EvalTask.resolve(name, count: 5)
        let generator = try #require(task.generator as? any WorkedSolutionTask)
        let input = task.promptInput(0, exemplars: 3)
        #expect(input.exemplars.count == 3)
        for shot in input.exemplars {
            #expect(generator.split(of: TaskExample(prompt: shot.prompt, target: "")) == .train)
            #expect(shot.solution.hasPrefix(PromptPhrase.stepByStep + "\n"))
            #expect(shot.solution.hasSuffix(".\n") && extractAnswer(from: shot.solution).rule == .theAnswerIs)
        }
        // The worked solution of a test example states its answer, and the step-by-step target drops the trigger line.
        let solution = try #require(task.workedSolution(0))
        #expect(extractAnswer(from: solution).answer == task.answer(0))
        #expect(task.teacherForcedTarget(0, strategy: .zeroShotCoT) == String(solution.dropFirst(PromptPhrase.stepByStep.count + 1)))
    }
}

@Test func arithmeticExemplarsAreTheScratchpadTasksAsBefore() throws {
    let task = try EvalTask.resolve("add2", count: 3)
    let shots = ArithmeticTask(operation: .addition, digits: 2, scratchpad: true)
        .examples(of: .train, count: 4, seed: EvalTask.exemplarSeed)
    let input = task.promptInput(1, exemplars: 4)
    #expect(input.exemplars.map(\.prompt) == shots.map(\.prompt))
    #expect(input.exemplars.map(\.solution) == shots.map(\.target))
}
