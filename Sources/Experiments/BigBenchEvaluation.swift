import Elicitation
import EmergenceMetrics
import Foundation
import ResultsStore
import TaskSuite

/// What eval stores in the `trace` of a few-shot BIG-bench output: the exact
/// prompt shown and where its exemplars came from. Zero-shot outputs store
/// none (their prompt is the example's stored prompt).
public struct BigBenchTrace: Codable, Sendable, Equatable {
    /// The prompt the model was given, exemplars included.
    public var prompt: String
    public var shots: Int
    public var seed: UInt32
    /// The exemplars in prompt order: example index and which acceptable target was shown.
    public var exemplars: [BigBenchShot]
}

extension EvalRunner {
    /// Evaluates `model` on a BIG-bench task as BIG-bench does (see
    /// `docs/bigbench.md`) and stores one output per example:
    ///
    /// - the prompt: zero-shot, or `configuration.shots` exemplars drawn with
    ///   `configuration.exemplarSeed` (`BigBenchExemplars`), kept in the trace;
    /// - generation tasks: greedy generation up to `settings.maxTokens`
    ///   (default 32) tokens, stopping where the post-processing allows; the
    ///   generated text, and as extracted answer (rule `bigbench`) the answer
    ///   BIG-bench's post-processing makes of it, which exact match compares
    ///   with every acceptable target as `exact_str_match` does;
    /// - every task: the first acceptable target's teacher-forced tokens after
    ///   the same prompt (the per-token metrics), and each choice's
    ///   log-likelihood when the example has choices (multiple-choice grade).
    ///   Multiple-choice and loss tasks generate nothing.
    ///
    /// Runs are stored under strategy `standard` (zero-shot) or `<k>-shot`,
    /// with the exemplar seed as the run's seed when k > 0.
    func runBigBench(model: EvalModel, task: EvalTask, spec: BigBenchEvalTask,
                     configuration: EvalConfiguration) throws -> EvalSummary {
        guard configuration.strategyName == Strategy.standard.name else { throw BigBenchEvalError.strategy(configuration.strategyName) }
        let start = Date()
        let shots = configuration.shots
        let strategy = BigBenchEvalTask.strategyName(shots: shots)
        let generates = spec.kind == .generation
        let maxTokens = configuration.settings.maxTokens ?? 32
        let decoding = DecodingSettings(temperature: 0, samples: 1, seed: shots > 0 ? Int(configuration.exemplarSeed) : 0,
                                        maxTokens: generates ? maxTokens : nil, backend: model.backend)
        let total = min(task.examples.count, configuration.limit ?? Int.max)
        let draws = try BigBenchExemplars.draw(targetCounts: spec.targets.map(\.count), shots: shots,
                                               seed: configuration.exemplarSeed, questions: total)
        let post = try BigBenchPostProcessor(format: spec.format)
        let stored = try storedExamples(model: model.name, task: task.name, strategy: strategy, decoding: decoding,
                                        samples: 1)
        let pending = (0..<total).filter { !stored.contains($0) }
        let facts = try missingFacts(of: model)
        var report = EvalProgress(model: model.name, task: task.name, strategy: strategy,
                                  done: total - pending.count, total: total, skipped: total - pending.count,
                                  correct: 0, elapsedSeconds: 0)
        progress?(report)

        var firstChunk = true
        for chunkStart in stride(from: 0, to: pending.count, by: configuration.chunkSize) {
            let chunk = Array(pending[chunkStart..<min(chunkStart + configuration.chunkSize, pending.count)])
            let prompts = chunk.map { spec.prompt($0, exemplars: draws[$0]) }
            // Generations first (one example at a time), then every scored continuation in one batch.
            var generations: [(generation: TextGeneration, answer: String)?] = []
            for (k, index) in chunk.enumerated() {
                var outcome: (TextGeneration, String)?
                if generates {
                    let generation = try Self.bigBenchGeneration(prompt: prompts[k], model: model.textModel,
                                                                 post: post, maxTokens: maxTokens)
                    outcome = (generation.generation, post.answer(from: generation.text))
                }
                generations.append(outcome)
                // BIG-bench's exact_str_match, the rule `metrics` applies to rule-`bigbench` answers.
                if let answer = outcome?.1, AnswerRule.exactString.matchesAny(answer, spec.targets[index]) {
                    report.correct += 1
                }
                report.done += 1
                report.elapsedSeconds = Date().timeIntervalSince(start)
                if generates || k == chunk.count - 1 { progress?(report) }
            }
            var requests: [ContinuationRequest] = []
            for (k, index) in chunk.enumerated() {
                requests.append(ContinuationRequest(prompt: prompts[k], continuation: spec.targets[index][0]))
                for choice in task.examples[index].choices ?? [] {
                    requests.append(ContinuationRequest(prompt: prompts[k], continuation: choice))
                }
            }
            var scored = try model.textModel.scoreContinuations(requests)[...]
            var records: [OutputRecord] = []
            for (k, index) in chunk.enumerated() {
                let example = task.examples[index]
                let target = scored.removeFirst()
                let choices = example.choices.map { texts in
                    texts.map { text -> ChoiceScore in
                        let tokens = scored.removeFirst()
                        return ChoiceScore(text: text, loglikelihood: tokens.reduce(0) { $0 + $1.logprob },
                                           tokenCount: tokens.count, greedy: tokens.allSatisfy { $0.greedy == true })
                    }
                }
                if !generates, let choices, let gold = example.gold,
                   ExampleMetrics.multipleChoiceGrade(logLikelihoods: choices.map(\.loglikelihood), gold: gold) == 1 {
                    report.correct += 1
                }
                let trace = shots > 0
                    ? try TraceValue(encoding: BigBenchTrace(prompt: prompts[k], shots: shots,
                                                             seed: configuration.exemplarSeed, exemplars: draws[index]))
                    : nil
                let generation = generations[k]
                records.append(OutputRecord(
                    model: model.name, modelFacts: firstChunk && k == 0 ? facts : nil, task: task.name,
                    taskKind: spec.kind, strategy: strategy, decoding: decoding, example: index, sample: 0,
                    prompt: example.prompt, target: example.target, generated: generation?.generation.text,
                    generatedTokens: generation?.generation.tokens.map(EvalRecords.tokenRecord),
                    extractedAnswer: generation?.answer,
                    extractionRule: generation == nil ? nil : OutputRecord.bigBenchExtractionRule,
                    targetTokens: target.map(EvalRecords.tokenRecord), choices: choices, gold: example.gold,
                    trace: trace))
            }
            try database.importOutputs(records, source: "eval")
            firstChunk = false
        }
        return EvalSummary(model: model.name, task: task.name, strategy: strategy, evaluated: pending.count,
                           skipped: total - pending.count, correct: report.correct,
                           seconds: Date().timeIntervalSince(start))
    }

    /// Greedy generation for a BIG-bench prompt, and the text BIG-bench's
    /// post-processing reads: the generation stops where the answer can no
    /// longer change (`generationStops`) and the stop string is put back. A
    /// stop at position 0 would not end BIG-bench's text, so then the
    /// generation is redone without stop strings.
    static func bigBenchGeneration(prompt: String, model: any TextModel, post: BigBenchPostProcessor,
                                   maxTokens: Int) throws -> (generation: TextGeneration, text: String) {
        var settings = GenerationSettings(maxTokens: maxTokens, temperature: 0, stop: post.generationStops)
        let first = try model.generate(prompt: prompt, settings: settings)
        guard let stop = first.stopString else { return (first, first.text) }
        if !first.text.isEmpty { return (first, first.text + stop) }
        settings.stop = []
        let whole = try model.generate(prompt: prompt, settings: settings)
        return (whole, whole.text)
    }
}
