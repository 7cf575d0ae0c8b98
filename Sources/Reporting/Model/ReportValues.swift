/// A model as every report shows it: its name and what is known of its
/// scale. The mirage report and the chain-of-thought report both describe
/// models with it; unknown quantities are nil, never zero.
public struct ReportModel: Sendable, Equatable, Hashable {
    public var name: String
    /// Total parameters.
    public var params: Double?
    /// Training tokens.
    public var tokens: Double?
    public var trainingFlops: Double?
    /// The training step, when the model is a checkpoint of a longer run.
    public var step: Int?

    public init(name: String, params: Double? = nil, tokens: Double? = nil, trainingFlops: Double? = nil,
                step: Int? = nil) {
        self.name = name; self.params = params; self.tokens = tokens; self.trainingFlops = trainingFlops
        self.step = step
    }
}

/// A mean over examples with its bootstrap 95% interval, as every report
/// prints and plots it. `value` is kept as computed, so it may be non-finite;
/// the interval, standard error and count are nil when not known (imported
/// scores often lack them).
public struct Estimate: Sendable, Equatable {
    public var value: Double
    public var low: Double?
    public var high: Double?
    /// The bootstrap standard error.
    public var stderr: Double?
    /// Examples behind the value.
    public var n: Int?

    public init(value: Double, low: Double? = nil, high: Double? = nil, stderr: Double? = nil, n: Int? = nil) {
        self.value = value; self.low = low; self.high = high; self.stderr = stderr; self.n = n
    }
}
