import EmergeSupport
import EmergeTestSupport
import EmergenceMetrics
import Foundation
import Reporting
import ResultsStore
import Testing
@testable import ReportBuilding

// The chain-of-thought report: accuracy per strategy, paired gain over the
// standard prompt, self-consistency vote margins — built from outputs as
// `eval` stores them.

private let small = ReportModel(name: "m-small", params: 1e4, trainingFlops: 1e11)
private let large = ReportModel(name: "m-large", params: 1e5, trainingFlops: 1e12)

/// A direct or chain-of-thought run: example e answers `answers[e]` against target "1".
private func run(_ model: ReportModel, _ strategy: String, _ answers: [String]) -> CoTRun {
    CoTRun(model: model, strategy: strategy, samples: 1, outputs: answers.enumerated().map { e, answer in
        OutputRecord(model: model.name, task: "add2", strategy: strategy, example: e, sample: 0, target: "1",
                     generated: answer, extractedAnswer: answer)
    })
}

/// A self-consistency run: example e's samples answer `votes[e]`; sample 0 carries the margin as `eval` stores it.
private func voteRun(_ model: ReportModel, _ votes: [[String]]) -> CoTRun {
    CoTRun(model: model, strategy: "self-consistency", samples: votes[0].count, outputs: votes.enumerated().flatMap { e, answers in
        let counts = Dictionary(grouping: answers, by: { $0 }).mapValues(\.count).values.sorted(by: >)
        let margin = Double(counts[0] - (counts.count > 1 ? counts[1] : 0)) / Double(answers.count)
        return answers.enumerated().map { s, answer in
            OutputRecord(model: model.name, task: "add2", strategy: "self-consistency", example: e, sample: s, target: "1",
                         generated: answer, extractedAnswer: answer,
                         trace: s == 0 ? .object(["margin": .number(margin)]) : nil)
        }
    })
}

private func sampleData() -> CoTReportData {
    CoTReportBuilder.build(runs: [
        run(small, "zero-shot-cot", ["1", "2", "2", "2"]),     // 0.25
        run(small, "standard", ["1", "1", "2", "2"]),          // 0.5
        run(large, "standard", ["1", "2", "2", "2"]),          // 0.25
        run(large, "zero-shot-cot", ["1", "1", "1", "2", "1"]), // 0.8 over five examples; four shared with standard
        voteRun(large, [["1", "1", "1"], ["1", "2", "1"], ["2", "2", "1"], ["3", "3", "3"]]),
    ], task: "add2", title: "CoT")
}

@Test func accuracyGainAndMarginsAreComputedPerModelAndSeries() throws {
    let data = sampleData()
    #expect(data.series == ["standard", "self-consistency n=3", "zero-shot-cot"])
    #expect(data.models.map(\.name) == ["m-small", "m-large"])
    func point(_ model: ReportModel, _ series: String) throws -> CoTPoint {
        try #require(data.points.first { $0.model == model && $0.series == series })
    }
    #expect(try point(small, "standard").accuracy.value == 0.5)
    #expect(try point(small, "standard").gain == nil)
    #expect(try point(small, "zero-shot-cot").gain?.value == -0.25)
    // Paired on the four examples both runs hold: 0.75 − 0.25.
    let gain = try #require(try point(large, "zero-shot-cot").gain)
    #expect(gain.value == 0.5 && gain.n == 4 && gain.low! <= 0.5 && gain.high! >= 0.5)
    let fiveExamples = try point(large, "zero-shot-cot").accuracy
    #expect(fiveExamples.value == 0.8 && fiveExamples.n == 5)

    // The majority answers 1, 1, 2, 3: half right.
    let vote = try point(large, "self-consistency n=3")
    #expect(vote.accuracy.value == 0.5 && vote.gain?.value == 0.25)
    let margins = try #require(vote.margins)
    #expect(abs(margins.mean.value - (1 + 1.0 / 3 + 1.0 / 3 + 1) / 4) < 1e-12)
    #expect(margins.unanimous == 0.5)
    #expect(abs(margins.meanWhenRight! - 2.0 / 3) < 1e-12 && abs(margins.meanWhenWrong! - 2.0 / 3) < 1e-12)
    #expect(try point(large, "standard").margins == nil)
}

@Test func duplicateRunsAndMissingFlopsAreNoted() {
    let noFlops = ReportModel(name: "m-unknown")
    let data = CoTReportBuilder.build(runs: [
        run(small, "standard", ["1"]), run(small, "standard", ["2"]), run(noFlops, "zero-shot-cot", ["1"]),
    ], task: "add2", title: "CoT")
    #expect(data.points.filter { $0.model == small }.map(\.accuracy.value) == [1])
    #expect(data.notes.contains { $0.contains("m-small has several standard runs") })
    #expect(data.notes.contains { $0.contains("Without training FLOPs, not plotted: m-unknown") })
}

@Test func theBuilderReadsRunsAndVotesFromTheStore() throws {
    let root = try makeTemporaryDirectory("cot-report")
    defer { try? FileManager.default.removeItem(at: root) }
    let database = try ResultsDatabase(path: root.appendingPathComponent("store.sqlite").path)
    var records: [OutputRecord] = []
    for source in [run(large, "standard", ["1", "2", "2", "2"]),
                   voteRun(large, [["1", "1", "1"], ["1", "2", "1"], ["2", "2", "1"], ["3", "3", "3"]])] {
        records += source.outputs.map { output in
            var output = output
            output.modelFacts = ModelFacts(family: "ladder-add2-cot50", params: 1e5, trainingFlops: 1e12)
            output.decoding = DecodingSettings(temperature: source.samples > 1 ? 0.7 : 0, samples: source.samples,
                                               seed: 0, maxTokens: 8, backend: "local")
            return output
        }
    }
    try database.importOutputs(records, source: "test")
    let data = try CoTReportBuilder.build(database: database, task: "add2", models: ["m-large"], title: "CoT")
    #expect(data.series == ["standard", "self-consistency n=3"])
    #expect(data.points.map(\.accuracy.value) == [0.25, 0.5])
    #expect(data.points[1].margins?.unanimous == 0.5 && data.points[1].model.trainingFlops == 1e12)
    #expect(try CoTReportBuilder.build(database: database, task: "add2", models: ["other"], title: "CoT").points.isEmpty)
}

/// A run of one seed of a size: the model named after the seed, its size group recorded.
private func seedRun(_ seed: Int, _ strategy: String, _ answers: [String]) -> CoTRun {
    let model = ReportModel(name: seed == 0 ? "m" : "m-s\(seed)", params: 1e4, trainingFlops: 1e11 + Double(seed) * 1e9)
    var r = run(model, strategy, answers)
    r.sizeGroup = "m"
    return r
}

@Test func seedsOfOneSizeArePooledIntoOnePointWithEachSeedKept() throws {
    let data = CoTReportBuilder.build(runs: [
        seedRun(0, "standard", ["1", "2", "2", "2"]),        // 0.25
        seedRun(0, "zero-shot-cot", ["1", "1", "1", "2"]),   // 0.75, gain +0.5
        seedRun(1, "standard", ["1", "1", "1", "2"]),        // 0.75
        seedRun(1, "zero-shot-cot", ["1", "1", "1", "1"]),   // 1.0, gain +0.25
    ], task: "add2", title: "CoT", resamples: 400)
    #expect(data.models.map(\.name) == ["m"])
    #expect(data.seedPoints.count == 4)
    let cot = try #require(data.points.first { $0.series == "zero-shot-cot" })
    #expect(abs(cot.accuracy.value - 0.875) < 1e-12)
    #expect(abs(cot.gain!.value - 0.375) < 1e-12)
    #expect(cot.seedAccuracies == [0.75, 1.0] && cot.seeds == 2)
    #expect(abs(cot.model.trainingFlops! - (1e11 + 0.5e9)) < 1)
    // Two seeds that disagree: the interval spans both seeds' values, wider than either seed's alone.
    let standard = try #require(data.points.first { $0.series == "standard" })
    #expect(standard.accuracy.value == 0.5)
    #expect(standard.accuracy.low! <= 0.25 && standard.accuracy.high! >= 0.75)
    // cot.csv: the sizes first (seeds = 2), then each seed's own row (seeds = 1), all with the size group.
    let files = CoTReportWriter.build(data)
    let rows = try CSVParser.rows(try #require(files.first { $0.path == "cot.csv" }?.contents))
    let seedsColumn = try #require(rows[0].firstIndex(of: "seeds"))
    let sizeColumn = try #require(rows[0].firstIndex(of: "size_group"))
    #expect(rows.dropFirst().map { $0[seedsColumn] } == ["2", "2", "1", "1", "1", "1"])
    #expect(rows.dropFirst().allSatisfy { $0[sizeColumn] == "m" })
    // cot.md: a per-seed table; the plots draw every seed as a faint dot.
    let md = try #require(files.first { $0.path == "cot.md" }?.contents)
    #expect(md.contains("## Per seed") && md.contains("| m-s1 |"))
    let svg = try #require(files.first { $0.path == "cot-accuracy.svg" }?.contents)
    #expect(svg.components(separatedBy: "class=\"seed\"").count - 1 == 4)
}

@Test func modelsWithoutSeedsAreNotPooled() {
    let data = sampleData()
    #expect(data.seedPoints.isEmpty)
    #expect(data.points.allSatisfy { $0.sizeGroup == nil && $0.seeds == 1 })
}
