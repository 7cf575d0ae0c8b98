import Foundation
import ResultsStore

/// The probability a stored output gives its own answer, and whether that
/// answer is right: one `CalibrationPoint` per record (docs/metrics.md#calibration).
public enum AnswerConfidence {
    /// - Multiple choice (choices and gold stored): the chosen option's
    ///   probability after normalising over the options (softmax of their
    ///   log-likelihoods); right when the chosen option is the gold one.
    /// - Generation: the product of the probabilities of the generated tokens
    ///   that spell the answer — the tokens overlapping the last occurrence of
    ///   the extracted answer in the generated text (all generated tokens when
    ///   no answer was extracted); right as exact match judges it
    ///   (`RecordScoring.exactMatch`).
    /// - Nil when the record has neither, or the answer's text is not found
    ///   in the generated tokens (an answer rewritten by an import filter).
    ///
    /// Every sample of a sampled strategy is one point of its own.
    public static func point(of r: OutputRecord) -> CalibrationPoint? {
        if let choices = r.choices, let gold = r.gold, choices.indices.contains(gold) {
            let probabilities = ExampleMetrics.softmax(choices.map(\.loglikelihood))
            guard let best = probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) else { return nil }
            return CalibrationPoint(confidence: probabilities[best], correct: best == gold)
        }
        guard let tokens = r.generatedTokens, !tokens.isEmpty, let answer = RecordScoring.answer(of: r) else { return nil }
        guard let span = answerTokens(answer, in: tokens) else { return nil }
        let logProbability = tokens[span].reduce(0) { $0 + $1.logprob }
        return CalibrationPoint(confidence: min(1, exp(logProbability)),
                                correct: RecordScoring.exactMatch(answer, r) == 1)
    }

    /// The indices of the tokens overlapping the last occurrence of `answer`
    /// in the tokens' joined text (compared as UTF-8 bytes, so a token that
    /// holds part of a character still lines up); nil when it does not occur
    /// or is empty.
    public static func answerTokens(_ answer: String, in tokens: [TokenRecord]) -> Range<Int>? {
        let needle = Array(answer.utf8)
        guard !needle.isEmpty else { return nil }
        var text: [UInt8] = []
        var ends: [Int] = []  // ends[k] = byte offset just after token k
        for token in tokens {
            text.append(contentsOf: token.text.utf8)
            ends.append(text.count)
        }
        guard text.count >= needle.count else { return nil }
        var start = text.count - needle.count
        while start >= 0, !text[start..<(start + needle.count)].elementsEqual(needle) { start -= 1 }
        guard start >= 0 else { return nil }
        let end = start + needle.count
        let first = ends.firstIndex { $0 > start }!
        let last = ends.firstIndex { $0 >= end }!
        return first..<(last + 1)
    }
}
