// Classification of aggregate metrics imported from elsewhere (score CSVs,
// lm-evaluation-harness results), which keep their own names (SPEC §5).

/// What emerge knows about an imported aggregate metric from its name alone.
///
/// Names are matched on their words (split at `_`, `-`, `,`, `.`, `@`, `/` and
/// spaces, lower-cased), after dropping an lm-eval filter suffix
/// (`acc,none` → `acc`). A name is `threshold` when one of its words means
/// accuracy, exact match or grade (`acc`, `accuracy`, `em`, `exact`, `grade`,
/// `correct`, `mc1`, `pass`); every other name is `perToken`. One of the
/// seven built-in metric names keeps its own class. An override recorded at
/// import (`--discontinuous` → threshold, `--continuous` → per-token) wins.
public struct ImportedMetric: Sendable, Hashable {
    public var name: String
    public var metricClass: MetricClass
    public var higherIsBetter: Bool

    /// Describes `name`; `classOverride` is the store's recorded override
    /// ("threshold" or "per-token"; "nonlinear" is accepted too), or nil.
    public init(name: String, classOverride: String? = nil) {
        self.name = name
        if let builtIn = Metric(name: name) {
            metricClass = builtIn.metricClass
            higherIsBetter = builtIn.higherIsBetter
        } else {
            let words = ImportedMetric.words(of: name)
            metricClass = words.contains(where: ImportedMetric.thresholdWords.contains) ? .threshold : .perToken
            higherIsBetter = !words.contains(where: ImportedMetric.lowerIsBetterWords.contains)
        }
        if let classOverride, let forced = ImportedMetric.parseClass(classOverride) {
            metricClass = forced
        }
    }

    /// The class an override string names: "threshold"/"discontinuous" or
    /// "per-token"/"continuous"/"pertoken", or "nonlinear"; nil otherwise.
    public static func parseClass(_ text: String) -> MetricClass? {
        switch text.lowercased() {
        case "threshold", "discontinuous": return .threshold
        case "per-token", "pertoken", "per_token", "continuous": return .perToken
        case "nonlinear": return .nonlinear
        default: return nil
        }
    }

    /// Words that make a name an accuracy, exact-match or grade metric.
    static let thresholdWords: Set<String> = [
        "acc", "accuracy", "em", "exact", "exactmatch", "grade", "correct", "mc1", "pass",
    ]
    /// Words that make a lower value better (losses, perplexities, errors).
    static let lowerIsBetterWords: Set<String> = [
        "loss", "perplexity", "ppl", "brier", "bpb", "bits", "error", "err", "wer", "cer", "ter",
        "distance", "nll", "ce", "xent",
    ]

    /// Lower-cased words of a metric name, the lm-eval filter suffix dropped.
    static func words(of name: String) -> [String] {
        let metricPart = name.split(separator: ",", maxSplits: 1).first.map(String.init) ?? name
        return metricPart.lowercased()
            .split(whereSeparator: { "_-.@/ ".contains($0) })
            .map(String.init)
    }
}

extension ImportedMetric {
    /// The range to assume for this metric given the largest value observed
    /// under its name: accuracy-like (threshold) metrics are proportions, 0…1,
    /// or percentages, 0…100, when some value exceeds 1; a Brier score spans
    /// 0…2; anything else is treated as unbounded (nil).
    public func range(observedMaximum: Double?) -> ClosedRange<Double>? {
        if ImportedMetric.words(of: name).contains("brier") { return 0...2 }
        guard metricClass == .threshold else { return nil }
        if let observedMaximum, observedMaximum > 1 { return 0...100 }
        return 0...1
    }
}
