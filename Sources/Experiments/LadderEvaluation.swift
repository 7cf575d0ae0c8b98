import Elicitation
import Foundation
import ResultsStore
import TaskSuite

/// Evaluates every trained rung of a ladder on the task's held-out test set
/// and stores the outputs, so `metrics`, `fit`, `emergence`, `mirage` and
/// `report` read the ladder like any other family.
///
/// Each example gets the greedy answer (standard prompt, at most
/// `plan.maxAnswerTokens` new tokens, stopping at the newline) and the
/// teacher-forced per-token records of the target, through `EvalRunner`
/// (strategy `standard`). The models' facts — family, parameters,
/// non-embedding parameters, training tokens and training FLOPs, checkpoint
/// path, and in a ladder of several seeds per size the size group (the rung
/// name without the seed) and the training seed — go with their first
/// outputs. Every model is tested on the same examples. Re-running skips
/// stored examples.
public struct LadderEvaluator {
    public var plan: LadderPlan
    public var directory: URL
    public var database: ResultsDatabase
    public var progress: ((EvalProgress) -> Void)?

    public init(plan: LadderPlan, directory: URL, database: ResultsDatabase, progress: ((EvalProgress) -> Void)? = nil) {
        self.plan = plan; self.directory = directory; self.database = database; self.progress = progress
    }

    public var configuration: EvalConfiguration {
        EvalConfiguration(strategy: .standard, settings: StrategySettings(maxTokens: plan.maxAnswerTokens), chunkSize: 128)
    }

    /// Evaluates the rungs in `results` (from `LadderTrainer.train()`), in order.
    @discardableResult
    public func evaluate(_ results: [LadderRungResult]) throws -> [EvalSummary] {
        let task = try EvalTask.resolve(plan.task.name, database: database, count: plan.testExamples)
        let runner = EvalRunner(database: database, progress: progress)
        let models = plan.models
        return try results.map { result in
            let location = directory.appendingPathComponent(result.name)
            var model = try EvalModel.load(directory: location, name: result.name, family: plan.family)
            model.facts = ModelFacts(family: plan.family, params: Double(result.params),
                                     nonEmbeddingParams: Double(result.nonEmbeddingParams), tokens: result.tokens,
                                     trainingFlops: result.trainingFlops, checkpoint: location.standardizedFileURL.path)
            // One seed of several: the statistics average a size over its
            // seeds by these two facts. A one-seed ladder records neither,
            // as before seeds existed; grown to more seeds later, its models
            // gain them (the store takes facts it lacks).
            if plan.seeds > 1, let member = models.first(where: { $0.name == result.name }) {
                model.facts.sizeGroup = member.sizeGroup
                model.facts.seed = Int(truncatingIfNeeded: member.seed)
            }
            return try runner.run(model: model, task: task, configuration: configuration)
        }
    }
}
