/// A task's calibration, as the report shows it (docs/reports.md#calibration):
/// a summary row per model or size, the ECE against scale, and a
/// reliability diagram per stored run. Filled by the adapter, drawn by
/// `CalibrationSection`, `ReliabilityDiagram` and `CalibrationPlots`.
public struct TaskCalibration: Sendable, Equatable {
    /// One row per model (or size pooled over seeds) × family × strategy ×
    /// source, in report order.
    public var rows: [CalibrationSummary]
    /// One diagram per stored run with confidences (seeds apart), in report order.
    public var diagrams: [ReliabilityDiagramData]
    /// Equal-mass bins of the ECE.
    public var binCount: Int

    public init(rows: [CalibrationSummary] = [], diagrams: [ReliabilityDiagramData] = [], binCount: Int = 10) {
        self.rows = rows; self.diagrams = diagrams; self.binCount = binCount
    }

    public var isEmpty: Bool { rows.isEmpty && diagrams.isEmpty }

    /// How a confidence source reads in the report: `probability` → "answer
    /// probability", `verbal` → "stated confidence"; other names unchanged.
    public static func sourceLabel(_ source: String) -> String {
        switch source {
        case "probability": return "answer probability"
        case "verbal": return "stated confidence"
        default: return source
        }
    }
}

/// The calibration of one model, or one size over its seeds, on one task
/// with one strategy and one confidence source.
public struct CalibrationSummary: Sendable, Equatable {
    /// The model; for a pooled size, named by its size group with mean scale.
    public var model: ReportModel
    public var family: String
    public var strategy: String
    /// `probability` or `verbal`.
    public var source: String
    /// The report's x quantity for the model; nil when unknown.
    public var x: Double?
    /// Answers with a confidence (summed over seeds).
    public var answers: Int
    /// Fraction right among those answers.
    public var accuracy: Double?
    /// Expected calibration error (lower is better) with its bootstrap 95%
    /// interval; for a pooled size the mean over its seeds. Nil without answers.
    public var ece: Estimate?
    /// Brier score of the confidence (lower is better).
    public var brier: Double?
    /// Selective prediction: the threshold, the fraction of judged outputs
    /// kept and the fraction right among them.
    public var threshold: Double
    public var coverage: Double
    public var selectiveAccuracy: Double?
    /// Stated confidence only: abstentions and answers without a readable rating.
    public var abstained: Int?
    public var unstated: Int?
    /// Models behind the row: 1, or a pooled size's seeds.
    public var seeds: Int
    /// Each seed's ECE, sorted by seed (empty for one model).
    public var seedECE: [Double]

    public init(model: ReportModel, family: String, strategy: String, source: String, x: Double?, answers: Int,
                accuracy: Double? = nil, ece: Estimate? = nil, brier: Double? = nil, threshold: Double = 0.5,
                coverage: Double = 0, selectiveAccuracy: Double? = nil, abstained: Int? = nil, unstated: Int? = nil,
                seeds: Int = 1, seedECE: [Double] = []) {
        self.model = model; self.family = family; self.strategy = strategy; self.source = source; self.x = x
        self.answers = answers; self.accuracy = accuracy; self.ece = ece; self.brier = brier
        self.threshold = threshold; self.coverage = coverage; self.selectiveAccuracy = selectiveAccuracy
        self.abstained = abstained; self.unstated = unstated; self.seeds = seeds; self.seedECE = seedECE
    }
}

/// The reliability diagram of one stored run: per confidence source, its
/// equal-mass bins.
public struct ReliabilityDiagramData: Sendable, Equatable {
    public var model: String
    public var family: String
    public var strategy: String
    public var series: [ReliabilitySeries]

    public init(model: String, family: String, strategy: String, series: [ReliabilitySeries]) {
        self.model = model; self.family = family; self.strategy = strategy; self.series = series
    }
}

/// One source's bins on a reliability diagram.
public struct ReliabilitySeries: Sendable, Equatable {
    /// `probability` or `verbal`.
    public var source: String
    /// Ascending in confidence.
    public var bins: [ReliabilityBin]
    public var ece: Double?
    /// Answers behind the bins.
    public var answers: Int

    public init(source: String, bins: [ReliabilityBin], ece: Double?, answers: Int) {
        self.source = source; self.bins = bins; self.ece = ece; self.answers = answers
    }
}

/// One equal-mass bin: the confidences it spans, its size, its mean
/// confidence and the fraction of its answers that are right.
public struct ReliabilityBin: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    public var meanConfidence: Double
    public var accuracy: Double

    public init(lower: Double, upper: Double, count: Int, meanConfidence: Double, accuracy: Double) {
        self.lower = lower; self.upper = upper; self.count = count
        self.meanConfidence = meanConfidence; self.accuracy = accuracy
    }
}
