import EmergeTestSupport
import Foundation
import Testing
@testable import ResultsStore

/// Log-probabilities are at most 0; a record that says otherwise is refused
/// wherever it enters the store, naming the file, line and column, and
/// nothing of the file is stored. Up to 1e-6 above 0 passes as rounding.
@Suite("Positive log-probabilities are refused")
struct LogProbabilityTests {
    static let expectation = "a log-probability (≤ 0; up to 1e-6 above 0 is taken as rounding)"

    static func line(targetLogprob: String = "-0.5", generatedLogprob: String = "-0.25", topK: String = "-1.5",
                     choice: String = "-2", targetLoglikelihood: String = "-3") -> String {
        #"{"model": "m", "task": "t", "example": 0, "target": "x", "generated": "x", "#
            + #""target_tokens": [{"token_id": 1, "token": "x", "logprob": \#(targetLogprob), "top_k": [{"token_id": 2, "logprob": \#(topK)}]}], "#
            + #""generated_tokens": [{"token_id": 1, "token": "x", "logprob": \#(generatedLogprob)}], "#
            + #""choices": [{"text": "x", "loglikelihood": \#(choice)}, {"text": "y", "loglikelihood": -4}], "gold": 0, "#
            + #""target_loglikelihood": \#(targetLoglikelihood)}"#
    }

    /// The outputs file with a good first line and `bad` second; the error of importing it.
    static func importError(_ bad: String) throws -> (error: StoreError?, stored: Int) {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write(Self.line() + "\n" + bad + "\n", "outputs.jsonl", in: dir)
        var caught: StoreError?
        do { try db.importOutputsFile(atPath: path) } catch let error as StoreError { caught = error }
        return (caught, try db.models().count)
    }

    /// The 1-based column where `needle` starts in `line`.
    static func column(of needle: String, in line: String) -> Int {
        line.distance(from: line.startIndex, to: line.range(of: needle)!.lowerBound) + 1
    }

    static let fields: [(line: String, value: String, what: String)] = [
        (line(targetLogprob: "0.25"), "0.25", #""logprob""#),
        (line(generatedLogprob: "1e-3"), "1e-3", #""logprob""#),
        (line(topK: "0.75"), "0.75", #""logprob""#),
        (line(choice: "2.5"), "2.5", #""loglikelihood""#),
        (line(targetLoglikelihood: "0.001"), "0.001", #""target_loglikelihood""#),
    ]

    @Test(arguments: fields.indices)
    func aPositiveValueInAnyLogProbabilityFieldIsRefusedAtItsColumn(row: Int) throws {
        let (line, value, what) = Self.fields[row]
        let (error, stored) = try Self.importError(line)
        let expected = StoreError(file: "outputs.jsonl", line: 2, column: Self.column(of: ": \(value)", in: line) + 2,
                                  "expected \(what) to be \(Self.expectation), found \(value).")
        #expect(error == expected, "\(String(describing: error))")
        #expect(stored == 0, "part of the file was stored")
    }

    @Test func roundingAboveZeroPasses() throws {
        for value in ["0", "-0.0", "5e-7", "0.000001", "-1e300"] {
            let (error, stored) = try Self.importError(Self.line(targetLogprob: value))
            #expect(error == nil, "\(value): \(String(describing: error))")
            #expect(stored == 1)
        }
        #expect(try Self.importError(Self.line(targetLogprob: "0.0000011")).error != nil)
    }

    /// Records that come from code (eval, a remote model) meet the same check when stored.
    @Test func recordsFromCodeAreCheckedWhenStored() throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var record = OutputRecord(model: "m", task: "t", example: 0, target: "x",
                                  targetTokens: [TokenRecord(tokenID: 1, text: "x", logprob: -0.1),
                                                 TokenRecord(tokenID: 2, text: "y", logprob: 0.5)])
        #expect(throws: StoreError("the logprob of target_tokens[1] is 0.5, but must be \(Self.expectation).")) {
            try db.importOutputs([record], source: "eval")
        }
        record.targetTokens?[1].logprob = -0.5
        record.choices = [ChoiceScore(text: "x", loglikelihood: -1), ChoiceScore(text: "y", loglikelihood: 3)]
        #expect(throws: StoreError("the loglikelihood of choices[1] is 3.0, but must be \(Self.expectation).")) {
            try db.importOutputs([record], source: "eval")
        }
        record.choices = nil
        try db.importOutputs([record], source: "eval")
        #expect(try db.models().count == 1)
    }

    /// lm-evaluation-harness samples: a positive log-likelihood in
    /// `filtered_resps` (multiple choice or loglikelihood) refuses the folder.
    @Test(arguments: [("samples_mc_task", #"["-1.5", "True"]"#, #"["1.5", "True"]"#, "the log-likelihood of choice 1"),
                      ("samples_ll_task", #"[["-16.32", "False"]]"#, #"[["16.32", "False"]]"#, "the log-likelihood")])
    func lmEvalSamplesWithAPositiveLogLikelihoodAreRefused(file: String, good: String, bad: String, what: String) throws {
        let (db, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("lm-eval")
        try FileManager.default.copyItem(atPath: fixture("lm-eval/pythia-tiny"), toPath: folder.path)
        let name = "\(file)_2026-01-02T03-04-05.678901.jsonl"
        let url = folder.appendingPathComponent(name)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        // The first line's filtered response turns positive.
        let filtered = try #require(lines[0].range(of: #""filtered_resps": "#))
        let range = try #require(lines[0].range(of: good, range: filtered.upperBound..<lines[0].endIndex))
        lines[0].replaceSubrange(range, with: bad)
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let column = Self.column(of: #""filtered_resps""#, in: lines[0])
        #expect(throws: StoreError(file: name, line: 1, column: column,
                                   "expected \(what) in \"filtered_resps\" to be \(Self.expectation), found \(Double(bad.filter { $0.isNumber || $0 == "." })!).")) {
            try db.importLMEval(atPath: folder.path)
        }
        #expect(try db.models().isEmpty && db.runs().isEmpty)
    }
}
