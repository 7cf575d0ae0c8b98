import Elicitation
import ResultsStore

/// Turns strategy outcomes into the store's output records.
///
/// Layout (what `metrics` reads): one record per example, sample 0, for
/// every strategy except `self-consistency`, which stores one record per
/// sampled chain (samples 0…n−1 in seed order, each with its own extracted
/// answer and rule; the vote is the majority of those answers, ties to the
/// earliest sample). The teacher-forced target record is attached to sample
/// 0 only (it is the same for every sample). Tree of thoughts stores the
/// solution chain as its generated text. Sample 0 also carries the
/// strategy's trace (`EvalTrace`): self-consistency's vote counts, tree of
/// thoughts' explored tree.
enum EvalRecords {
    /// The records of one example's outcome, without the teacher-forced
    /// target and the choices (`addingScores` attaches them once scored).
    static func records(outcome: StrategyOutcome, exampleIndex: Int, task: EvalTask, model: EvalModel,
                        facts: ModelFacts?, decoding: DecodingSettings) throws -> [OutputRecord] {
        let example = task.examples[exampleIndex]
        let responses = outcome.samples ?? [outcome.response]
        let trace = try EvalTrace.trace(of: outcome)
        return responses.enumerated().map { sample, response in
            OutputRecord(
                model: model.name, modelFacts: sample == 0 ? facts : nil, task: task.name, taskKind: task.kind,
                strategy: outcome.strategy, decoding: decoding, example: exampleIndex, sample: sample,
                prompt: example.prompt, target: example.target, generated: response.generation.text,
                generatedTokens: response.generation.tokens.map(tokenRecord),
                extractedAnswer: response.extracted.answer, extractionRule: response.extracted.rule.rawValue,
                gold: example.gold, trace: sample == 0 ? trace : nil)
        }
    }

    /// `records` with the teacher-forced target tokens and the choice scores
    /// on sample 0 (they are the same for every sample).
    static func addingScores(targetTokens: [ScoredToken], choices: [ChoiceScore]?,
                             to records: [OutputRecord]) -> [OutputRecord] {
        var records = records
        if !records.isEmpty {
            records[0].targetTokens = targetTokens.map(tokenRecord)
            records[0].choices = choices
        }
        return records
    }

    static func tokenRecord(_ token: ScoredToken) -> TokenRecord {
        TokenRecord(tokenID: token.tokenID, text: token.text, logprob: token.logprob, greedy: token.greedy,
                    rank: token.rank, entropy: token.entropy)
    }
}
