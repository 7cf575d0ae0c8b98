import Reporting
import ResultsStore
import Testing
@testable import ReportBuilding

// The chain-of-thought report's counts for the strategies that check,
// abstain or parse: built from outputs and traces as `eval` stores them.

private let model = ReportModel(name: "m", params: 1e4, trainingFlops: 1e11)

private func output(_ strategy: String, _ example: Int, answer: String?, rule: String,
                    trace: TraceValue?, model name: String = "m") -> OutputRecord {
    OutputRecord(model: name, task: "t", strategy: strategy, example: example, sample: 0, target: "1",
                 generated: answer ?? "I don't know", extractedAnswer: answer, extractionRule: rule, trace: trace)
}

private func confidence(_ value: TraceValue, abstained: Bool) -> TraceValue {
    .object(["confidence": value, "abstained": .bool(abstained), "stated": .null, "confidence_issue": .null])
}

/// A self-verification output whose first answer was `initial` and final answer `final`.
private func verified(_ example: Int, _ initial: String?, _ final: String?, model name: String = "m") -> OutputRecord {
    output("self-verification", example, answer: final, rule: final == nil ? "none" : "the-answer-is", trace: .object([
        "initial_answer": initial.map(TraceValue.string) ?? .null, "final_answer": final.map(TraceValue.string) ?? .null,
        "changed": .bool(initial != final), "initial_response": .string(""), "rounds": .array([]),
    ]), model: name)
}

private func markdown(_ data: CoTReportData) -> String {
    CoTReportWriter.build(data).first { $0.path == CoTReportWriter.markdown }?.contents ?? ""
}

@Test func selfVerificationCountsRightToWrongAndWrongToRight() throws {
    // Target "1": right→wrong (ex 0), wrong→right (1 and 2, the first without any answer), unchanged right (3) and wrong (4).
    let run = CoTRun(model: model, strategy: "self-verification", samples: 1, outputs: [
        verified(0, "1", "2"), verified(1, "3", "1.0"), verified(2, nil, "1"), verified(3, "01", "1"), verified(4, "5", nil),
    ])
    let data = CoTReportBuilder.build(runs: [run], task: "t", title: "T")
    let checks = try #require(data.points.first?.checks)
    #expect(checks == AnswerChecks(examples: 5, rightToWrong: 1, wrongToRight: 2))
    let text = markdown(data)
    #expect(text.contains("## Checks, abstentions and malformed answers"))
    #expect(text.contains("| m | self-verification | 5 | 1 | 2 | – | – | – |"), "\(text)")
}

@Test func confidenceAndJSONCountAbstentionsMissingConfidencesAndMalformedAnswers() throws {
    let confident = CoTRun(model: model, strategy: "confidence", samples: 1, outputs: [
        output("confidence", 0, answer: "1", rule: "last-number", trace: confidence(.integer(9), abstained: false)),
        output("confidence", 1, answer: nil, rule: "abstained", trace: confidence(.integer(2), abstained: true)),
        output("confidence", 2, answer: nil, rule: "abstained", trace: confidence(.null, abstained: true)),
        output("confidence", 3, answer: "1", rule: "last-number", trace: confidence(.null, abstained: false)),
    ])
    let json = CoTRun(model: model, strategy: "format:json", samples: 1, outputs: [
        output("format:json", 0, answer: "1", rule: "json", trace: nil),
        output("format:json", 1, answer: nil, rule: "malformed-json", trace: nil),
    ])
    let data = CoTReportBuilder.build(runs: [confident, json], task: "t", title: "T")
    let byStrategy = Dictionary(uniqueKeysWithValues: data.points.map { ($0.strategy, $0) })
    // Example 2 abstained without a rating: an abstention, not also an answer without a confidence
    // (calibration's abstained and unstated, which never overlap).
    #expect(byStrategy["confidence"]?.checks == AnswerChecks(examples: 4, abstained: 2, noConfidence: 1))
    #expect(byStrategy["format:json"]?.checks == AnswerChecks(examples: 2, malformedJSON: 1))
    // Abstentions and malformed answers are wrong answers in the accuracy, and counted apart here.
    #expect(byStrategy["confidence"]?.accuracy.value == 0.5 && byStrategy["format:json"]?.accuracy.value == 0.5)
}

@Test func strategiesWithoutChecksShowNoSectionAndSeedsAreSummed() throws {
    let plain = CoTRun(model: model, strategy: "standard", samples: 1,
                       outputs: [output("standard", 0, answer: "1", rule: "last-number", trace: nil)])
    let data = CoTReportBuilder.build(runs: [plain], task: "t", title: "T")
    #expect(data.points.allSatisfy { $0.checks == nil })
    #expect(!markdown(data).contains("Checks, abstentions"))

    func seed(_ name: String, _ outputs: [OutputRecord]) -> CoTRun {
        CoTRun(model: ReportModel(name: name, params: 1e4, trainingFlops: 1e11), strategy: "self-verification", samples: 1,
               outputs: outputs, sizeGroup: "w8")
    }
    let pooled = CoTReportBuilder.build(runs: [
        seed("w8-s0", [verified(0, "1", "2", model: "w8-s0"), verified(1, "2", "1", model: "w8-s0")]),
        seed("w8-s1", [verified(0, "2", "1", model: "w8-s1"), verified(1, "1", "1", model: "w8-s1")]),
    ], task: "t", title: "T", resamples: 50)
    #expect(pooled.points.count == 1)
    #expect(pooled.points[0].checks == AnswerChecks(examples: 4, rightToWrong: 1, wrongToRight: 2))
}

@Test func templateRunsCountAsTheStrategyTheirTracesShow() throws {
    // The same outputs stored under a template's name: the traces say which strategy it runs as.
    func renamed(_ outputs: [OutputRecord], _ name: String) -> [OutputRecord] {
        outputs.map { var o = $0; o.strategy = name; return o }
    }
    let verifiedOutputs = [verified(0, "1", "2"), verified(1, "3", "1"), verified(2, "1", "1")]
    let statedOutputs = [
        output("confidence", 0, answer: "1", rule: "last-number", trace: confidence(.integer(9), abstained: false)),
        output("confidence", 1, answer: nil, rule: "abstained", trace: confidence(.null, abstained: true)),
        output("confidence", 2, answer: "1", rule: "last-number", trace: confidence(.integer(11), abstained: false)),
    ]
    let runs = [
        CoTRun(model: model, strategy: "self-verification", samples: 1, outputs: verifiedOutputs),
        CoTRun(model: model, strategy: "template:check", samples: 1, outputs: renamed(verifiedOutputs, "template:check")),
        CoTRun(model: model, strategy: "confidence", samples: 1, outputs: statedOutputs),
        CoTRun(model: model, strategy: "template:sure", samples: 1, outputs: renamed(statedOutputs, "template:sure")),
        CoTRun(model: model, strategy: "template:plain", samples: 1, outputs: [
            output("template:plain", 0, answer: "1", rule: "a-colon", trace: .object(["prompt": .string("Q: 1 A:")])),
        ]),
    ]
    let data = CoTReportBuilder.build(runs: runs, task: "t", title: "T", resamples: 20)
    let byStrategy = Dictionary(uniqueKeysWithValues: data.points.map { ($0.strategy, $0) })
    let verification = AnswerChecks(examples: 3, rightToWrong: 1, wrongToRight: 1)
    #expect(byStrategy["self-verification"]?.checks == verification && byStrategy["template:check"]?.checks == verification)
    // A rating of 11 is no confidence 1-10, as calibration reads it.
    let stated = AnswerChecks(examples: 3, abstained: 1, noConfidence: 1)
    #expect(byStrategy["confidence"]?.checks == stated && byStrategy["template:sure"]?.checks == stated)
    #expect(byStrategy["template:plain"] != nil && byStrategy["template:plain"]?.checks == nil)
    #expect(markdown(data).contains("| m | template:sure | 3 | – | – | 1 | 1 | – |"), "\(markdown(data))")
}
