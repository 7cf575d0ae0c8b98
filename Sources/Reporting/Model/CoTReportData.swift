/// The chain-of-thought report's view-model (`make reproduce-cot`): for one
/// task and a family of models, every prompting strategy's accuracy, its
/// gain over the standard prompt, and self-consistency's vote margins —
/// against training FLOPs. `CoTReportBuilder` (ReportBuilding) fills it
/// from the store, `CoTReportWriter` draws and prints it; tests fill it by
/// hand. Models and estimates are the same types the mirage report uses.
public struct CoTReportData: Sendable, Equatable {
    public var title: String
    public var task: String
    /// One point per model and series, sorted by series (`standard` first),
    /// then training FLOPs.
    public var points: [CoTPoint]
    /// Facts a reader must know (models without FLOPs, duplicate runs, …).
    public var notes: [String]
    /// When the models are seeds of sizes: every seed's own point (`points`
    /// then holds one point per size, the mean over its seeds); else empty.
    public var seedPoints: [CoTPoint]

    public init(title: String, task: String, points: [CoTPoint], notes: [String] = [], seedPoints: [CoTPoint] = []) {
        self.title = title; self.task = task; self.points = points; self.notes = notes; self.seedPoints = seedPoints
    }

    /// The series in report order.
    public var series: [String] {
        var seen: [String] = []
        for point in points where !seen.contains(point.series) { seen.append(point.series) }
        return seen
    }

    /// The models in order of training FLOPs (then name), each once.
    public var models: [ReportModel] {
        var seen: [String: ReportModel] = [:]
        for point in points where seen[point.model.name] == nil { seen[point.model.name] = point.model }
        return seen.values.sorted { a, b in
            (a.trainingFlops ?? .infinity, a.name) < (b.trainingFlops ?? .infinity, b.name)
        }
    }
}

/// One series (strategy and sample count) on one model.
public struct CoTPoint: Sendable, Equatable {
    public var model: ReportModel
    /// The strategy, with ` n=N` when it votes over N samples (`self-consistency n=5`).
    public var series: String
    public var strategy: String
    public var samples: Int
    /// Exact match (self-consistency: of the majority answer) over the examples, bootstrap 95% interval.
    public var accuracy: Estimate
    /// Accuracy minus the standard prompt's on the same examples, paired
    /// bootstrap 95% interval; nil for `standard` itself or without a standard run.
    public var gain: Estimate?
    /// Self-consistency only: how decisive the votes were.
    public var margins: VoteMargins?
    /// Self-verification, confidence and format:json: what their checks,
    /// abstentions and parses came to (a size's pooled point: summed over seeds).
    public var checks: AnswerChecks?
    /// The size this point belongs to when models are seeds of sizes (a
    /// seed's point and the size's pooled point both carry it); else nil.
    public var sizeGroup: String?
    /// A size's pooled point: each seed's accuracy and gain (drawn as faint
    /// dots beside the mean); empty for a single model.
    public var seedAccuracies: [Double]
    public var seedGains: [Double]

    public init(model: ReportModel, series: String, strategy: String, samples: Int, accuracy: Estimate,
                gain: Estimate? = nil, margins: VoteMargins? = nil, sizeGroup: String? = nil,
                seedAccuracies: [Double] = [], seedGains: [Double] = [], checks: AnswerChecks? = nil) {
        self.model = model; self.series = series; self.strategy = strategy; self.samples = samples
        self.accuracy = accuracy; self.gain = gain; self.margins = margins; self.sizeGroup = sizeGroup
        self.seedAccuracies = seedAccuracies; self.seedGains = seedGains; self.checks = checks
    }

    /// The number of seeds behind a pooled point (1 for a single model).
    public var seeds: Int { max(1, seedAccuracies.count) }
}

/// Self-consistency's vote margins on one model: per example (winner's votes
/// − runner-up's) / samples, from the stored vote traces.
public struct VoteMargins: Sendable, Equatable {
    /// Mean margin over the examples, bootstrap 95% interval.
    public var mean: Estimate
    /// Share of examples where every sample gave the same answer (margin 1).
    public var unanimous: Double
    /// Mean margin over the examples the vote got right, and wrong (nil when none).
    public var meanWhenRight: Double?
    public var meanWhenWrong: Double?

    public init(mean: Estimate, unanimous: Double, meanWhenRight: Double?, meanWhenWrong: Double?) {
        self.mean = mean; self.unanimous = unanimous; self.meanWhenRight = meanWhenRight; self.meanWhenWrong = meanWhenWrong
    }
}

/// Counts of examples that the strategies which check, abstain or parse
/// their answers add to a point (nil: not that strategy's count).
public struct AnswerChecks: Sendable, Equatable {
    /// Examples counted.
    public var examples: Int
    /// `self-verification`: examples whose first answer was right and final
    /// answer wrong, and the reverse.
    public var rightToWrong: Int?
    public var wrongToRight: Int?
    /// `confidence`: examples where the model said "I don't know" (no answer,
    /// scored 0 by exact match), and the other examples, where it answered,
    /// without a confidence 1–10 that could be read.
    public var abstained: Int?
    public var noConfidence: Int?
    /// `format:json`: responses without a readable JSON answer (no answer, scored 0).
    public var malformedJSON: Int?

    public init(examples: Int, rightToWrong: Int? = nil, wrongToRight: Int? = nil, abstained: Int? = nil,
                noConfidence: Int? = nil, malformedJSON: Int? = nil) {
        self.examples = examples; self.rightToWrong = rightToWrong; self.wrongToRight = wrongToRight
        self.abstained = abstained; self.noConfidence = noConfidence; self.malformedJSON = malformedJSON
    }

    /// The counts of several seeds added up (a count stays nil when every seed's is nil).
    public static func summed(_ all: [AnswerChecks]) -> AnswerChecks? {
        guard !all.isEmpty else { return nil }
        func sum(_ field: (AnswerChecks) -> Int?) -> Int? {
            let known = all.compactMap(field)
            return known.isEmpty ? nil : known.reduce(0, +)
        }
        return AnswerChecks(examples: all.map(\.examples).reduce(0, +), rightToWrong: sum(\.rightToWrong),
                            wrongToRight: sum(\.wrongToRight), abstained: sum(\.abstained),
                            noConfidence: sum(\.noConfidence), malformedJSON: sum(\.malformedJSON))
    }
}
