import EmergeSupport
import Foundation

/// One lm-evaluation-harness results file, in either layout the harness has
/// written, reduced to what the store keeps.
///
/// - **0.4** (`results_<timestamp>.json`): metric keys `METRIC,FILTER`
///   (`acc,none`), standard errors `METRIC_stderr,FILTER`, the model in
///   `model_name` and `config.model_args` (an object or a `k=v,k=v` string),
///   parameters in `config.model_num_parameters`, few-shot counts in
///   `n-shot.TASK` (else `configs.TASK.num_fewshot`), example counts in
///   `n-samples.TASK.effective`.
/// - **0.3, "legacy"** (`{"results", "versions", "config"}`, any file name):
///   metric keys without a filter (`acc`), standard errors `METRIC_stderr`,
///   the model only in `config.model_args` (`pretrained=…,revision=…`), the
///   few-shot count in `config.num_fewshot`.
///
/// A standard error written as a number is kept; `"N/A"`, `null` or no key
/// at all is a missing standard error, never zero. Keys that describe a task
/// rather than measure it (`alias`, `sample_len`, …) are read as metadata.
/// Every other key is a metric: stored when its value is a number (or a
/// numeric string), otherwise listed in `skipped` with the reason.
struct LMEvalResultsFile {
    struct MetricValue: Equatable {
        var metric: String
        var value: Double?
        var stderr: Double?
    }

    struct TaskResult {
        var task: String
        var metrics: [MetricValue]
        /// Documents evaluated, when the file says.
        var n: Int?
        /// The few-shot count, when the file says.
        var shots: Int?
    }

    var path: String
    var fileName: String
    /// The `<timestamp>` of a 0.4 `results_<timestamp>.json` (samples files share it).
    var timestamp: String?
    var checkpoint: CheckpointName
    var params: Double?
    var randomSeed: Int
    var tasks: [TaskResult]
    var skipped: [SkippedValue]
    /// `configs.<task>` of a 0.4 file (output type, generation settings).
    var taskConfigs: [String: JSONValue]

    /// Keys of a task's results that describe it rather than measure it.
    static let metadataKeys: Set<String> = ["alias", "sample_len", "sample_count", "samples", "name"]

    /// Reads the results file at `path` (already parsed as `json`).
    /// Throws a `StoreError` naming the file and the key when the file is
    /// neither layout, a task's entry is not an object of values, or no
    /// model name can be found.
    static func read(path: String, json: JSONValue) throws -> LMEvalResultsFile {
        let fileName = (path as NSString).lastPathComponent
        guard let top = json.object else {
            throw StoreError(file: path, "expected a JSON object: an lm-evaluation-harness results file (0.4, or legacy 0.3 with \"results\", \"versions\" and \"config\").")
        }
        guard let results = top["results"]?.object else {
            throw StoreError(file: path, "expected a \"results\" object: this is neither an lm-evaluation-harness 0.4 results file nor a legacy 0.3 one.")
        }
        let config = top["config"]
        let checkpoint = try CheckpointName(modelArgs: config?["model_args"], modelName: top["model_name"]?.string,
                                            file: path)
        let legacyShots = LMEvalValues.number(config?["num_fewshot"]).map { Int($0) }
        let configs = top["configs"]?.object ?? [:]
        var tasks: [TaskResult] = []
        var skipped: [SkippedValue] = []
        for (task, entry) in results.sorted(by: { $0.key < $1.key }) {
            guard let values = entry.object else {
                throw StoreError(file: path, "expected \"results\".\"\(task)\" to be an object of metric values, found \(LMEvalValues.describe(entry)).")
            }
            var result = TaskResult(task: task, metrics: [], n: nil, shots: nil)
            let effective = LMEvalValues.number(top["n-samples"]?[task]?["effective"])
            result.n = (effective ?? LMEvalValues.number(values["sample_len"])).map { Int($0) }
            result.shots = (LMEvalValues.number(top["n-shot"]?[task])
                ?? LMEvalValues.number(configs[task]?["num_fewshot"])).map { Int($0) } ?? legacyShots
            var stderrKeys: Set<String> = []
            for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                if metadataKeys.contains(key) { continue }
                let (metricPart, filter) = splitFilter(key)
                if metricPart.hasSuffix("_stderr") { stderrKeys.insert(key); continue }
                let metric = filter == nil || filter == "none" ? metricPart : key
                let stderrKey = metricPart + "_stderr" + (filter.map { "," + $0 } ?? "")
                stderrKeys.remove(stderrKey)
                guard let number = LMEvalValues.number(value) else {
                    if case .null = value {
                        // A null value is a missing score, stored as missing (never zero).
                        result.metrics.append(MetricValue(metric: metric, value: nil, stderr: nil))
                    } else {
                        skipped.append(SkippedValue(file: fileName, task: task, metric: metric,
                                                    reason: "non-numeric value \(LMEvalValues.describe(value))"))
                    }
                    continue
                }
                result.metrics.append(MetricValue(metric: metric, value: number,
                                                  stderr: LMEvalValues.number(values[stderrKey])))
            }
            // Standard errors whose metric the entry does not hold.
            for key in stderrKeys.sorted() {
                let (metricPart, filter) = splitFilter(key)
                if values[String(metricPart.dropLast("_stderr".count)) + (filter.map { "," + $0 } ?? "")] != nil { continue }
                skipped.append(SkippedValue(file: fileName, task: task, metric: key,
                                            reason: "standard error without its value"))
            }
            tasks.append(result)
        }
        var timestamp: String?
        if fileName.hasPrefix("results_") && fileName.hasSuffix(".json") {
            timestamp = String(fileName.dropFirst("results_".count).dropLast(".json".count))
        }
        return LMEvalResultsFile(
            path: path, fileName: fileName, timestamp: timestamp, checkpoint: checkpoint,
            params: LMEvalValues.number(config?["model_num_parameters"]),
            randomSeed: Int(LMEvalValues.number(config?["random_seed"]) ?? 0),
            tasks: tasks, skipped: skipped, taskConfigs: configs)
    }

    /// `acc,none` → ("acc", "none"); `acc` → ("acc", nil).
    static func splitFilter(_ key: String) -> (String, String?) {
        let parts = key.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : (key, nil)
    }
}

/// Who a results file evaluated: the pretrained name and, for a checkpoint
/// saved during training, its revision and step.
///
/// With a revision the model is named `PRETRAINED@REVISION`
/// (`EleutherAI/pythia-v1.1-1.4b@step83000`), its size group is the
/// pretrained name and a `stepN` revision gives its step; without one the
/// model is named by `model_name` (0.4), else the pretrained name.
public struct CheckpointName: Sendable, Equatable {
    public var name: String
    public var pretrained: String?
    public var revision: String?
    public var step: Int?
    public var sizeGroup: String? { revision == nil ? nil : pretrained }

    public init(name: String, pretrained: String?, revision: String?) {
        self.name = name; self.pretrained = pretrained; self.revision = revision
        step = revision.flatMap(Self.stepNumber(ofRevision:))
    }

    /// Reads `config.model_args` (an object, or `k=v,k=v` text); the model is
    /// `pretrained`, else `model` (the harness's API models), else `model_name`.
    init(modelArgs: JSONValue?, modelName: String?, file: String) throws {
        var args: [String: String] = [:]
        switch modelArgs {
        case .object(let o)?:
            for (k, v) in o { if let s = v.string { args[k] = s } }
        case .string(let text)?:
            for part in text.split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { args[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].trimmingCharacters(in: .whitespaces) }
            }
        default: break
        }
        let pretrained = args["pretrained"] ?? args["model"]
        let revision = args["revision"].flatMap { $0.isEmpty ? nil : $0 }
        guard let base = revision != nil ? pretrained : (modelName ?? pretrained) else {
            throw StoreError(file: file, modelArgs == nil
                ? "expected \"config\".\"model_args\" naming the model (pretrained=…), found no model_args."
                : "expected \"config\".\"model_args\" to name the model with pretrained=… (or model=…), found none.")
        }
        self.init(name: revision.map { "\(base)@\($0)" } ?? base, pretrained: pretrained, revision: revision)
    }

    /// `step83000` → 83000 (also `global_step83000`); nil for other revisions.
    public static func stepNumber(ofRevision revision: String) -> Int? {
        guard let range = revision.range(of: "step", options: .backwards) else { return nil }
        let digits = revision[range.upperBound...]
        return digits.isEmpty || !digits.allSatisfy(\.isASCII) ? nil : Int(digits)
    }

    /// The family a pretrained name implies: its last path component without
    /// the size (`1.4b`, `70m`, `125M`) and version (`v1.1`) words, so
    /// `EleutherAI/pythia-v1.1-1.4b` → `pythia` and `pythia-410m-deduped` →
    /// `pythia-deduped`. Nil when nothing is left.
    public static func family(ofPretrained pretrained: String) -> String? {
        let last = pretrained.split(separator: "/").last.map(String.init) ?? pretrained
        let words = last.split(separator: "-").map(String.init).filter { w in
            !(isSizeWord(w) || isVersionWord(w))
        }
        return words.isEmpty ? nil : words.joined(separator: "-")
    }

    static func isSizeWord(_ w: String) -> Bool {
        guard let unit = w.last, "kKmMbBtT".contains(unit) else { return false }
        let number = w.dropLast()
        return !number.isEmpty && Double(number) != nil
    }

    static func isVersionWord(_ w: String) -> Bool {
        guard w.first == "v" || w.first == "V" else { return false }
        let rest = w.dropFirst()
        return !rest.isEmpty && rest.allSatisfy { $0.isNumber || $0 == "." }
    }
}

/// Reading loosely typed harness values.
enum LMEvalValues {
    /// A number written as a number or as a numeric string ("-16.3"); nil for "N/A" and the like.
    static func number(_ v: JSONValue?) -> Double? {
        switch v {
        case .number(let d)?: return d.isNaN ? nil : d
        case .string(let s)?: return (try? CellValues.number(s)) ?? nil
        case .bool(let b)?: return b ? 1 : 0
        default: return nil
        }
    }

    static func bool(_ v: JSONValue?) -> Bool? {
        switch v {
        case .bool(let b)?: return b
        case .string(let s)?: return ["true", "1"].contains(s.lowercased()) ? true : (["false", "0"].contains(s.lowercased()) ? false : nil)
        case .number(let d)?: return d != 0
        default: return nil
        }
    }

    /// A short description of a value for messages: `"N/A"`, `an object`, `null`.
    static func describe(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return "\(d)"
        case .string(let s): return "\"\(s.count > 24 ? String(s.prefix(24)) + "…" : s)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
