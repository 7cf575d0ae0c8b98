import EmergeSupport
/// One aggregated observation: a metric's value for one model on one task —
/// for one run (model × task × strategy × decoding) when computed from stored
/// outputs, or one imported aggregate score (then `strategy` is nil).
///
/// This is the row ScalingFits and Reporting consume: it carries the model's
/// x values and the metric's class, direction and range so a curve can be
/// built without going back to the store.
public struct MetricRow: Sendable, Hashable, Codable {
    public var model: String
    public var family: String?
    public var task: String
    /// The metric's name: one of `Metric`'s raw values, or an imported name (`acc`, …).
    public var metric: String
    /// The prompting strategy of the run; for imported scores the source's own
    /// (an lm-eval few-shot count, `0-shot`), else nil.
    public var strategy: String?
    /// Mean over examples (or the imported value).
    public var value: Double
    /// Bootstrap 95% percentile interval over examples; nil for imported scores.
    public var ciLow: Double?
    public var ciHigh: Double?
    /// Standard error of `value`: the bootstrap standard deviation of the
    /// resampled means; for imported scores the imported stderr, else the
    /// binomial sqrt(p(1 − p)/n) for a threshold proportion with known n; else nil.
    public var stderr: Double?
    /// Examples averaged (imported: the recorded n, if any).
    public var n: Int?
    public var metricClass: MetricClass
    public var higherIsBetter: Bool
    /// The metric's range, nil when unbounded.
    public var range: ClosedRange<Double>?
    /// The model's x values (docs/design.md#fits), when known.
    public var params: Double?
    public var tokens: Double?
    public var trainingFlops: Double?
    /// Decoding settings of the run (nil for imported scores), so that two runs
    /// with the same strategy but different temperatures stay apart.
    public var temperature: Double?
    public var samples: Int?
    /// Whether the row comes from an imported aggregate rather than stored outputs.
    public var imported: Bool
    /// The model's size group, training step and seed (see `StoredModel`), when recorded.
    public var sizeGroup: String?
    public var step: Int?
    public var seed: Int?
    /// When the row is one size pooled over its seeds (`SeedPooling`): each
    /// seed's own value, sorted by seed, so plots can show them beside the
    /// mean. Empty for a row of one model.
    public var seedValues: [SeedValue]
    /// Bootstrap replicates of `value` for the verdict's uncertainty
    /// (`BootstrapSettings.replicates`; docs/verdict.md): replicate r of every
    /// row comes from one coherent resample of the data (the same drawn seeds
    /// and examples for every metric of a run). Nil when not asked for.
    public var replicates: [Double]?

    public init(model: String, family: String?, task: String, metric: String, strategy: String?,
                value: Double, ciLow: Double?, ciHigh: Double?, stderr: Double?, n: Int?,
                metricClass: MetricClass, higherIsBetter: Bool, range: ClosedRange<Double>?,
                params: Double? = nil, tokens: Double? = nil, trainingFlops: Double? = nil,
                temperature: Double? = nil, samples: Int? = nil, imported: Bool = false,
                sizeGroup: String? = nil, step: Int? = nil, seed: Int? = nil, seedValues: [SeedValue] = [],
                replicates: [Double]? = nil) {
        self.model = model; self.family = family; self.task = task; self.metric = metric
        self.strategy = strategy; self.value = value; self.ciLow = ciLow; self.ciHigh = ciHigh
        self.stderr = stderr; self.n = n; self.metricClass = metricClass
        self.higherIsBetter = higherIsBetter; self.range = range; self.params = params
        self.tokens = tokens; self.trainingFlops = trainingFlops; self.temperature = temperature
        self.samples = samples; self.imported = imported
        self.sizeGroup = sizeGroup; self.step = step; self.seed = seed
        self.seedValues = seedValues; self.replicates = replicates
    }

    /// The built-in metric this row measures, if it is one of the seven.
    public var builtInMetric: Metric? { Metric(name: metric) }
}

/// One seed's value behind a row that pools the seeds of a size.
public struct SeedValue: Sendable, Hashable, Codable {
    /// The seed number (`StoredModel.seed`).
    public var seed: Int
    /// The model trained with that seed.
    public var model: String
    /// The seed's own value and its one-level interval (over examples; nil for imported scores).
    public var value: Double
    public var ciLow: Double?
    public var ciHigh: Double?
    public var stderr: Double?
    public var n: Int?

    public init(seed: Int, model: String, value: Double, ciLow: Double? = nil, ciHigh: Double? = nil,
                stderr: Double? = nil, n: Int? = nil) {
        self.seed = seed; self.model = model; self.value = value; self.ciLow = ciLow; self.ciHigh = ciHigh
        self.stderr = stderr; self.n = n
    }
}
