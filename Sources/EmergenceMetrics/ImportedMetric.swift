import EmergeSupport
import Foundation

// Classification of aggregate metrics imported from elsewhere (score CSVs,
// lm-evaluation-harness results), which keep their own names (docs/design.md#metrics-and-their-classes).

/// What emerge knows about an imported aggregate metric from its name alone.
///
/// The names lm-evaluation-harness writes are known one by one (after
/// dropping a filter suffix, `acc,none` → `acc`; see `harnessNames`):
/// accuracies (`acc`, `acc_norm`, `exact_match`, `em`, `mc1`,
/// `pct_stereotype`) are threshold metrics; perplexities (`ppl`,
/// `perplexity`, `word_perplexity`, `byte_perplexity`), `bits_per_byte`,
/// likelihood differences and `brier_score` are per-token, lower being better.
/// A perplexity falls as a power law over orders of magnitude (Pythia's
/// lambada ppl goes from 3.6 million untrained to 6), so it is analysed as
/// its natural log, listed as `log-ppl`: the mean negative log-likelihood
/// per token (per word or byte for the word and byte variants).
///
/// Other names are matched on their words (split at `_`, `-`, `,`, `.`,
/// `@`, `/` and spaces, lower-cased). A name is `threshold` when one of its
/// words means accuracy, exact match or grade (`acc`, `accuracy`, `em`,
/// `exact`, `grade`, `correct`, `mc1`, `pass`); every other name is
/// `perToken`. One of the seven built-in metric names keeps its own class.
/// An override recorded at import (`--discontinuous` → threshold,
/// `--continuous` → per-token) wins.
public struct ImportedMetric: Sendable, Hashable {
    /// How an imported value is turned into the value emerge analyses.
    public enum Scale: String, Sendable, Hashable {
        case identity
        /// ln(value): perplexities.
        case naturalLog = "log"
    }

    public var name: String
    public var metricClass: MetricClass
    public var higherIsBetter: Bool
    /// How the stored value is analysed.
    public var scale: Scale

    /// The name the analysed value is listed under: `name`, or `log-NAME`
    /// for a metric analysed on the log scale (`ppl` → `log-ppl`).
    public var analysedName: String {
        scale == .naturalLog ? "log-" + name : name
    }

    /// Describes `name`; `classOverride` is the store's recorded override
    /// ("threshold" or "per-token"; "nonlinear" is accepted too), or nil.
    public init(name: String, classOverride: String? = nil) {
        self.name = name
        scale = .identity
        if let builtIn = Metric(name: name) {
            metricClass = builtIn.metricClass
            higherIsBetter = builtIn.higherIsBetter
        } else if let known = ImportedMetric.harnessNames[Self.baseName(name).lowercased()] {
            metricClass = known.0
            higherIsBetter = known.1
            scale = known.2
        } else {
            let words = ImportedMetric.words(of: name)
            metricClass = words.contains(where: ImportedMetric.thresholdWords.contains) ? .threshold : .perToken
            higherIsBetter = !words.contains(where: ImportedMetric.lowerIsBetterWords.contains)
        }
        if let classOverride, let forced = ImportedMetric.parseClass(classOverride) {
            metricClass = forced
        }
    }

    /// The value emerge analyses for a stored `value` and its standard
    /// error: unchanged, or ln(value) with the delta-method error se/value.
    /// Nil when the value has no image on the scale (a perplexity ≤ 0).
    public func analysed(value: Double, stderr: Double?) -> (value: Double, stderr: Double?)? {
        switch scale {
        case .identity: return (value, stderr)
        case .naturalLog:
            guard value > 0 else { return nil }
            return (Foundation.log(value), stderr.map { $0 / value })
        }
    }

    /// lm-evaluation-harness metric names: class, higher-is-better, scale.
    static let harnessNames: [String: (MetricClass, Bool, Scale)] = [
        "acc": (.threshold, true, .identity),
        "acc_norm": (.threshold, true, .identity),
        "acc_mutual_info": (.threshold, true, .identity),
        "exact_match": (.threshold, true, .identity),
        "em": (.threshold, true, .identity),
        "mc1": (.threshold, true, .identity),
        // crows_pairs: share of pairs where the stereotyped sentence is preferred (lower is better).
        "pct_stereotype": (.threshold, false, .identity),
        "ppl": (.perToken, false, .naturalLog),
        "perplexity": (.perToken, false, .naturalLog),
        "word_perplexity": (.perToken, false, .naturalLog),
        "byte_perplexity": (.perToken, false, .naturalLog),
        "token_perplexity": (.perToken, false, .naturalLog),
        "bits_per_byte": (.perToken, false, .identity),
        "likelihood_difference": (.perToken, false, .identity),
        "likelihood_diff": (.perToken, false, .identity),
        "brier_score": (.perToken, false, .identity),
        "mc2": (.perToken, true, .identity),
    ]

    /// The name without an lm-eval filter suffix (`acc,none` → `acc`).
    static func baseName(_ name: String) -> String {
        name.split(separator: ",", maxSplits: 1).first.map(String.init) ?? name
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
        guard scale == .identity else { return nil }
        guard metricClass == .threshold else { return nil }
        if let observedMaximum, observedMaximum > 1 { return 0...100 }
        return 0...1
    }
}
