import EmergenceMetrics
import Reporting
import ResultsStore

/// One stored run as the chain-of-thought report reads it: its model, its
/// strategy and sample count, and its outputs.
public struct CoTRun: Sendable {
    public var model: ReportModel
    public var strategy: String
    public var samples: Int
    public var outputs: [OutputRecord]
    /// The size the model is one seed of (nil: not trained from several seeds).
    public var sizeGroup: String?

    public init(model: ReportModel, strategy: String, samples: Int, outputs: [OutputRecord], sizeGroup: String? = nil) {
        self.model = model; self.strategy = strategy; self.samples = samples; self.outputs = outputs
        self.sizeGroup = sizeGroup
    }

    /// The series name: the strategy, with ` n=N` when it votes over N > 1 samples.
    public var series: String { samples > 1 ? "\(strategy) n=\(samples)" : strategy }
}

/// Builds `CoTReportData` from stored runs: per run the exact match of every
/// example (self-consistency: of the majority answer, as `metrics` scores
/// it), the paired gain over the same model's `standard` run on the examples
/// both hold, the vote margins stored in self-consistency traces, and the
/// counts of `answerChecks(_:correct:)`.
public enum CoTReportBuilder {
    /// Reads the runs of `task` from the store, of the models named in
    /// `models` (nil: every model) and of `family` (nil: any).
    public static func build(database: ResultsDatabase, task: String, models: [String]? = nil, family: String? = nil,
                             title: String) throws -> CoTReportData {
        let runs = try database.runs(task: task, family: family).filter { models?.contains($0.model.name) ?? true }
        let loaded = try runs.map { run in
            CoTRun(model: ReportModel(name: run.model.name, params: run.model.params, trainingFlops: run.model.trainingFlops),
                   strategy: run.strategy, samples: run.decoding.samples, outputs: try database.outputs(runID: run.id),
                   sizeGroup: run.model.seed == nil ? nil : run.model.sizeGroup)
        }
        return build(runs: loaded, task: task, title: title)
    }

    /// The report of `runs` (in store order: when a model has two runs of
    /// one series, the first is shown and a note says so). When models are
    /// seeds of one size, the report's points are the sizes (see
    /// `CoTSeedPooling`) and each seed's own point is kept in `seedPoints`.
    public static func build(runs: [CoTRun], task: String, title: String, resamples: Int = 1000,
                             seed: UInt64 = 0) -> CoTReportData {
        var notes: [String] = []
        var chosen: [String: CoTRun] = [:]        // key: model ␟ series
        var order: [String] = []
        for run in runs {
            let key = run.model.name + "\u{1F}" + run.series
            if chosen[key] == nil { chosen[key] = run; order.append(key) } else {
                notes.append("\(run.model.name) has several \(run.series) runs (other decoding settings); the first stored is shown.")
            }
        }
        let correctness = chosen.mapValues(exactMatchByExample)
        var points: [CoTPoint] = []
        for key in order {
            let run = chosen[key]!
            let values = correctness[key]!
            guard !values.isEmpty else {
                notes.append("\(run.model.name) \(run.series): no example has an exact-match value; left out.")
                continue
            }
            let examples = values.keys.sorted()
            let accuracy = Estimate(Bootstrap.mean(examples.map { values[$0]! }))
            var gain: Estimate?
            if run.strategy != "standard", let standard = correctness[run.model.name + "\u{1F}standard"] {
                let shared = examples.filter { standard[$0] != nil }
                if !shared.isEmpty { gain = Estimate(Bootstrap.mean(shared.map { values[$0]! - standard[$0]! })) }
            }
            points.append(CoTPoint(model: run.model, series: run.series, strategy: run.strategy, samples: run.samples,
                                   accuracy: accuracy, gain: gain, margins: voteMargins(run.outputs, correct: values),
                                   sizeGroup: run.sizeGroup, checks: answerChecks(run, correct: values)))
        }
        var seedPoints: [CoTPoint] = []
        if points.contains(where: { $0.sizeGroup != nil }) {
            seedPoints = points
            points = CoTSeedPooling.pool(points, runs: chosen, correctness: correctness, resamples: resamples, seed: seed)
            notes.append("Each size is the mean over its seeds with a two-level bootstrap interval (seeds, then "
                         + "examples); every seed's own values are in the per-seed table and in cot.csv.")
        }
        let withoutFlops = Set(points.filter { $0.model.trainingFlops == nil }.map(\.model.name)).sorted()
        if !withoutFlops.isEmpty {
            notes.append("Without training FLOPs, not plotted: \(withoutFlops.joined(separator: ", ")).")
        }
        if !points.contains(where: { $0.strategy == "standard" }) {
            notes.append("No standard run is stored, so no gain is computed.")
        }
        return CoTReportData(title: title, task: task, points: points.sorted(by: reportOrder), notes: notes,
                             seedPoints: seedPoints.sorted(by: reportOrder))
    }

    /// By series, then training FLOPs, then name.
    static func reportOrder(_ a: CoTPoint, _ b: CoTPoint) -> Bool {
        let ra = seriesRank(a), rb = seriesRank(b)
        if ra != rb { return ra < rb }
        return (a.model.trainingFlops ?? .infinity, a.model.name) < (b.model.trainingFlops ?? .infinity, b.model.name)
    }

    /// `standard` first, then strategies by name, self-consistency by sample count.
    static func seriesRank(_ p: CoTPoint) -> String {
        let samples = String(repeating: "0", count: max(0, 6 - String(p.samples).count)) + String(p.samples)
        return (p.strategy == "standard" ? "0" : "1") + p.strategy + "\u{1F}" + samples
    }

    /// Example index → exact match (0 or 1) of the run's examples, samples of
    /// one example merged as `metrics` merges them.
    static func exactMatchByExample(_ run: CoTRun) -> [Int: Double] {
        var result: [Int: Double] = [:]
        for (example, samples) in Dictionary(grouping: run.outputs, by: \.example) {
            let sorted = samples.sorted { ($0.sample ?? 0) < ($1.sample ?? 0) }
            let value = RecordScoring.values(ofSamples: sorted[...])[Metric.exactMatch.index]
            if value.isFinite { result[example] = value }
        }
        return result
    }

    /// The counts a checking strategy adds, from its stored outputs and traces
    /// (docs/elicitation.md#what-is-stored); nil for other strategies. The
    /// strategy is the run's `TraceKind`, so a template run (`template:<name>`)
    /// that checks, states a confidence or answers in JSON counts as a run of
    /// that strategy does:
    /// - `self-verification`: right→wrong and wrong→right, the first answer
    ///   (`initial_answer`) judged as exact match judges any answer (none is
    ///   wrong) and the final one by the example's exact match;
    /// - `confidence`: abstentions (rule `abstained`, or a trace that says so)
    ///   and answers whose trace states no confidence 1–10 — the `abstained`
    ///   and `unstated` of `VerbalConfidence`, which calibration counts;
    /// - `format:json`: outputs with rule `malformed-json`.
    static func answerChecks(_ run: CoTRun, correct: [Int: Double]) -> AnswerChecks? {
        let firsts = Dictionary(grouping: run.outputs, by: \.example).compactMapValues { samples in
            samples.min { ($0.sample ?? 0) < ($1.sample ?? 0) }
        }
        guard let kind = TraceKind(strategy: run.strategy, outputs: run.outputs) else { return nil }
        var checks = AnswerChecks(examples: firsts.count)
        switch kind {
        case .selfVerification:
            var rightToWrong = 0, wrongToRight = 0
            for (example, output) in firsts {
                guard let trace = output.trace, trace["initial_answer"] != nil, let final = correct[example] else { continue }
                let initial: Double
                if case let .string(answer)? = trace["initial_answer"] { initial = RecordScoring.exactMatch(answer, output) } else {
                    initial = 0
                }
                if initial == 1, final == 0 { rightToWrong += 1 }
                if initial == 0, final == 1 { wrongToRight += 1 }
            }
            checks.rightToWrong = rightToWrong; checks.wrongToRight = wrongToRight
        case .confidence:
            var abstained = 0, unstated = 0
            for output in firsts.values {
                let stated = VerbalConfidence.reading(of: output.trace)
                if output.extractionRule == "abstained" || stated == .abstained {
                    abstained += 1
                } else if stated == .unstated {
                    unstated += 1
                }
            }
            checks.abstained = abstained; checks.noConfidence = unstated
        case .formatJSON:
            checks.malformedJSON = firsts.values.filter { $0.extractionRule == "malformed-json" }.count
        case .selfConsistency, .treeOfThoughts:
            return nil
        }
        return checks
    }

    /// Example index → the vote margin stored in its self-consistency trace.
    static func exampleMargins(_ outputs: [OutputRecord]) -> [Int: Double] {
        var margins: [Int: Double] = [:]
        for output in outputs {
            switch output.trace?["margin"] {
            case let .number(value)?: margins[output.example] = value
            case let .integer(value)?: margins[output.example] = Double(value)
            default: continue
            }
        }
        return margins
    }

    /// The vote margins of a self-consistency run's traces; nil when it stores none.
    static func voteMargins(_ outputs: [OutputRecord], correct: [Int: Double]) -> VoteMargins? {
        let margins = exampleMargins(outputs).map { (example: $0.key, margin: $0.value) }.sorted { $0.example < $1.example }
        guard !margins.isEmpty else { return nil }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        return VoteMargins(
            mean: Estimate(Bootstrap.mean(margins.map(\.margin))),
            unanimous: Double(margins.filter { $0.margin >= 1 }.count) / Double(margins.count),
            meanWhenRight: mean(margins.filter { correct[$0.example] == 1 }.map(\.margin)),
            meanWhenWrong: mean(margins.filter { correct[$0.example] == 0 }.map(\.margin)))
    }
}

extension Estimate {
    /// A bootstrap mean as the reports carry it.
    init(_ bootstrap: BootstrapEstimate) {
        self.init(value: bootstrap.mean, low: bootstrap.low, high: bootstrap.high, stderr: bootstrap.stderr, n: bootstrap.n)
    }
}
