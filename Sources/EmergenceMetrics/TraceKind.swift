import ResultsStore

/// The strategy whose trace an output stores, told by the trace's own keys
/// (docs/elicitation.md#what-is-stored).
///
/// A template run is stored under `template:<name>`, not under the strategy
/// it runs as, yet it stores that strategy's trace; the store keeps no other
/// record of the strategy. Scoring (the vote of a sampled run), the
/// chain-of-thought report's checks and calibration's stated confidence
/// therefore read what a run is from its traces, so a template that votes,
/// checks, states a confidence or answers in JSON counts exactly as a run
/// stored under that strategy's name. The raw value is the strategy's name.
public enum TraceKind: String, Sendable, Equatable, CaseIterable {
    case selfConsistency = "self-consistency"
    case treeOfThoughts = "tree-of-thoughts"
    case selfVerification = "self-verification"
    case confidence
    case formatJSON = "format:json"

    /// The kind of `trace`, by keys no other strategy's trace has:
    /// - `self-consistency`: an object `votes` and `tie_rule`;
    /// - `tree-of-thoughts`: an array `nodes` and `scoring`;
    /// - `self-verification`: `initial_answer` and a boolean `changed`;
    /// - `confidence`: a boolean `abstained` and a `confidence` key (of any
    ///   value; `VerbalConfidence.reading(of:)` says what it states);
    /// - `format:json`: a boolean `valid`.
    ///
    /// Nil for no trace, for a trace holding only the prompt (`few-shot`, and
    /// templates that answer directly or by a chain of thought) and for any
    /// other value.
    public init?(trace: TraceValue?) {
        guard let trace, case .object(let keys) = trace else { return nil }
        if case .object? = keys["votes"], keys["tie_rule"] != nil {
            self = .selfConsistency
        } else if case .array? = keys["nodes"], keys["scoring"] != nil {
            self = .treeOfThoughts
        } else if keys["initial_answer"] != nil, case .bool? = keys["changed"] {
            self = .selfVerification
        } else if case .bool? = keys["abstained"], keys["confidence"] != nil {
            self = .confidence
        } else if case .bool? = keys["valid"] {
            self = .formatJSON
        } else {
            return nil
        }
    }

    /// The kind of a run: its stored strategy name when that is one of these
    /// strategies (so an imported run without traces keeps its kind), else
    /// the kind of the first of `outputs` whose trace has one (a
    /// `template:<name>` run). Nil when neither tells: a run of another
    /// strategy, or a template that answers directly or by a chain of thought.
    public init?(strategy: String, outputs: some Sequence<OutputRecord>) {
        if let named = TraceKind(rawValue: strategy) {
            self = named
            return
        }
        for output in outputs {
            if let kind = TraceKind(trace: output.trace) {
                self = kind
                return
            }
        }
        return nil
    }
}
