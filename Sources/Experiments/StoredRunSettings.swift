import Elicitation
import ResultsStore

/// The settings a run is made with that its stored key does not hold.
///
/// The store keys a run by model, task, strategy name and decoding settings
/// (docs/store.md); `self-verification`'s rounds and tree of thoughts'
/// scoring, breadth and depth are not among them, so a re-run with another
/// value would find the stored run and silently skip its examples. Each
/// such setting is in the trace the strategy stores (`rounds`, `scoring`,
/// `breadth`, `depth`; docs/elicitation.md#what-is-stored), and `eval`
/// compares it there before resuming a run.
public struct StoredRunSetting: Sendable, Equatable {
    /// The `eval` option that sets it (`--verification-rounds`).
    public var option: String
    /// Its value in the stored run, and the value asked for now.
    public var stored: String
    public var requested: String

    /// The first setting on which `trace` (an output of a stored run)
    /// differs from `configuration`: the number of `rounds` of a
    /// self-verification trace against `--verification-rounds` (at least
    /// 1), and a tree's `scoring`, `breadth` and `depth` against
    /// `--tree-scoring`, `--breadth` and `--depth` (at least 1). Nil when
    /// they agree, or when the trace does not record the setting (another
    /// strategy, a trace from an older store).
    public static func difference(trace: TraceValue?, configuration: EvalConfiguration) -> StoredRunSetting? {
        guard let trace else { return nil }
        let settings = configuration.settings
        switch configuration.strategy {
        case .selfVerification:
            guard case .array(let rounds)? = trace["rounds"] else { return nil }
            return compare("--verification-rounds", rounds.count, max(1, settings.verificationRounds))
        case .treeOfThoughts:
            if case .string(let scoring)? = trace["scoring"], scoring != configuration.treeScoring.rawValue {
                return StoredRunSetting(option: "--tree-scoring", stored: scoring, requested: configuration.treeScoring.rawValue)
            }
            if case .integer(let breadth)? = trace["breadth"], let differs = compare("--breadth", breadth, max(1, settings.breadth)) {
                return differs
            }
            if case .integer(let depth)? = trace["depth"] { return compare("--depth", depth, max(1, settings.depth)) }
            return nil
        default:
            return nil
        }
    }

    static func compare(_ option: String, _ stored: Int, _ requested: Int) -> StoredRunSetting? {
        stored == requested ? nil : StoredRunSetting(option: option, stored: String(stored), requested: String(requested))
    }
}
