import ResultsStore
import TaskSuite
import Testing
@testable import EmergenceMetrics

/// Exact match of BIG-bench outputs is BIG-bench's `exact_str_match`: the
/// generated text post-processed by the task's rules (TaskSuite's
/// `BigBenchPostProcessor`), stored with extraction rule `bigbench`, must
/// equal one of the acceptable targets exactly.
@Suite("BIG-bench exact_str_match")
struct BigBenchExactMatchTests {
    /// The exact match of a generation on an example, scored as the metrics score a stored output.
    func exactMatch(_ generated: String, format: BigBenchFormat, targets: [String],
                    rule: String = OutputRecord.bigBenchExtractionRule) throws -> Double {
        let answer = try BigBenchPostProcessor(format: format).answer(from: generated)
        let record = OutputRecord(model: "m", task: "t", example: 0, target: targets[0],
                                  alternativeTargets: Array(targets.dropFirst()), generated: generated,
                                  extractedAnswer: answer, extractionRule: rule)
        return RecordScoring.values(of: record)[Metric.exactMatch.index]
    }

    @Test func outputRegexAndATargetList() throws {
        let arithmetic = BigBenchFormat(outputRegex: #"[-+]?\d+"#)
        #expect(try exactMatch("109\n\nQ: What is", format: arithmetic, targets: ["109"]) == 1)
        #expect(try exactMatch("1090", format: arithmetic, targets: ["109"]) == 0)
        // Any acceptable target counts, not only the first.
        #expect(try exactMatch("answer 18, not 19", format: arithmetic, targets: ["eighteen", "18"]) == 1)
        // Compared as written: "+18" is not "18" for exact_str_match …
        #expect(try exactMatch("+18", format: arithmetic, targets: ["18"]) == 0)
        // … while emerge's own normalization (another rule) compares numbers by value.
        #expect(try exactMatch("+18", format: arithmetic, targets: ["18"], rule: "last-number") == 1)
    }

    @Test func defaultPatternAndTargetList() throws {
        let words = BigBenchFormat() // word_unscrambling: no output_regex, no stop_string
        #expect(try exactMatch("era. It is", format: words, targets: ["are", "era", "ear"]) == 1)
        #expect(try exactMatch("Era.", format: words, targets: ["are", "era", "ear"]) == 0) // case counts
        #expect(try exactMatch(" era.", format: words, targets: ["are", "era", "ear"]) == 0) // so do spaces
    }

    @Test func stopStringStaysInTheAnswer() throws {
        // IPA transliteration: stop_string "\n" and no pattern, so the answer
        // keeps the newline and only a target ending in one can match.
        let ipa = BigBenchFormat(stopString: "\n")
        #expect(try exactMatch("ðə kæt\nnext", format: ipa, targets: ["ðə kæt"]) == 0)
        #expect(try exactMatch("ðə kæt\nnext", format: ipa, targets: ["ðə kæt\n"]) == 1)
        #expect(try exactMatch("ðə kæt", format: ipa, targets: ["ðə kæt"]) == 1) // ended without the stop string
    }
}
