import Foundation

/// Options of an lm-evaluation-harness folder import.
public struct LMEvalOptions: Sendable {
    /// Family to record on the imported models (lm-eval does not say).
    public var family: String?
    public var discontinuous: [String]
    public var continuous: [String]
    public init(family: String? = nil, discontinuous: [String] = [], continuous: [String] = []) {
        self.family = family; self.discontinuous = discontinuous; self.continuous = continuous
    }
}

/// Reads what lm-evaluation-harness (0.4.x, `--log_samples`) writes:
/// `results_<timestamp>.json` with aggregates and `samples_<task>_<timestamp>.jsonl`
/// with one line per document, anywhere below the folder.
///
/// - Aggregates `"<metric>,<filter>"` become scores named `<metric>` (filter
///   `none`) or `<metric>,<filter>`; `"<metric>_stderr,<filter>"` is the
///   standard error (`"N/A"` → missing); n is `n-samples.<task>.effective`.
/// - `config.model_num_parameters` → parameters, `model_name` → the model's
///   name, `config.model_args.pretrained` → checkpoint.
/// - `configs.<task>.output_type` gives the task kind: `multiple_choice`,
///   `generate_until` → generation, `loglikelihood`(`_rolling`) → loss.
/// - Multiple choice: each choice's `[loglikelihood, is_greedy]` pair of
///   `filtered_resps` (strings) becomes a choice score; its text is the
///   request's continuation (`arguments.gen_args_i.arg_1`); gold is `target`.
/// - Generation: `resps[0][0]` is the generated text, `filtered_resps[0]` the
///   extracted answer (rule `lm-eval:<filter>`), `target` the target.
/// - Log-likelihood: the pair becomes the output's target log-likelihood and
///   greedy flag (lm-eval keeps no per-token records).
/// Documents repeated under several filters keep the first filter's output.
enum LMEvalImporter {
    struct ResultsFile {
        var path: String
        var timestamp: String
        var json: JSONValue
    }

    static func findResultsFiles(_ root: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError(file: root, "expected an lm-evaluation-harness output folder.")
        }
        let enumerator = FileManager.default.enumerator(atPath: root)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix("results_") && name.hasSuffix(".json") {
                found.append((root as NSString).appendingPathComponent(relative))
            }
        }
        guard !found.isEmpty else { throw StoreError(file: root, "expected results_*.json files below this folder, found none.") }
        return found.sorted()
    }

    static func parseJSONFile(_ path: String) throws -> JSONValue {
        let data = try readFile(path)
        let name = (path as NSString).lastPathComponent
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else { throw StoreError(file: name, "expected JSON, the file is empty.") }
            var s = JSONScanner(base: base, range: 0..<bytes.count, line: 1)
            do {
                let v = try s.value("the results")
                try s.expectEnd("the JSON document")
                return v
            } catch let e as JSONSyntaxError {
                throw StoreError(file: name, line: e.line, column: e.column, e.message + ".")
            }
        }
    }

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

    static func kind(outputType: String?) -> TaskKind? {
        switch outputType {
        case "multiple_choice": return .multipleChoice
        case "generate_until": return .generation
        case "loglikelihood", "loglikelihood_rolling": return .loss
        default: return nil
        }
    }

    /// The request arguments of a sample as (context, continuation-or-kwargs) pairs, in order.
    static func arguments(_ sample: JSONValue) -> [(JSONValue?, JSONValue?)] {
        if let dict = sample["arguments"]?.object {
            let keys = dict.keys.sorted { a, b in
                (Int(a.drop { !$0.isNumber }) ?? 0) < (Int(b.drop { !$0.isNumber }) ?? 0)
            }
            return keys.map { k in (dict[k]?["arg_0"], dict[k]?["arg_1"]) }
        }
        if let list = sample["arguments"]?.array {
            return list.map { a in (a.array?.first, a.array.flatMap { $0.count > 1 ? $0[1] : nil }) }
        }
        return []
    }
}

extension ResultsDatabase {
    /// Imports an lm-evaluation-harness output folder (see LMEvalImporter)
    /// in one transaction. Idempotent like every import.
    @discardableResult
    public func importLMEvalFolder(atPath root: String, options: LMEvalOptions = LMEvalOptions()) throws -> ImportSummary {
        let scoreOptions = ScoresCSVOptions(discontinuous: options.discontinuous, continuous: options.continuous)
        try scoreOptions.validate()
        let files = try LMEvalImporter.findResultsFiles(root)
        let parsed = try files.map { path in (path, try LMEvalImporter.parseJSONFile(path)) }
        return try writeTransaction { w in
            for (path, json) in parsed {
                try importResults(path: path, json: json, options: options, scoreOptions: scoreOptions, w)
            }
            return w.summary
        }
    }

    private func importResults(path: String, json: JSONValue, options: LMEvalOptions,
                               scoreOptions: ScoresCSVOptions, _ w: StoreWriter) throws {
        let fileName = (path as NSString).lastPathComponent
        let folder = (path as NSString).deletingLastPathComponent
        let timestamp = String(fileName.dropFirst("results_".count).dropLast(".json".count))
        guard let results = json["results"]?.object else {
            throw StoreError(file: fileName, "expected a \"results\" object (lm-evaluation-harness results file).")
        }
        let config = json["config"]
        var pretrained: String?
        if let args = config?["model_args"] {
            if let p = args["pretrained"]?.string { pretrained = p }
            else if let s = args.string {
                pretrained = s.split(separator: ",").first { $0.hasPrefix("pretrained=") }
                    .map { String($0.dropFirst("pretrained=".count)) }
            }
        }
        guard let modelName = json["model_name"]?.string ?? pretrained ?? Optional((folder as NSString).lastPathComponent)
        else { throw StoreError(file: fileName, "expected \"model_name\".") }
        let params = LMEvalImporter.number(config?["model_num_parameters"])
        let modelID = try w.upsertModel(ModelUpdate(name: modelName, family: options.family, params: params,
                                                    checkpoint: pretrained, source: path)).id!
        let configs = json["configs"]?.object ?? [:]
        let seed = Int(LMEvalImporter.number(config?["random_seed"]) ?? 0)

        // Aggregates.
        for (task, metrics) in results.sorted(by: { $0.key < $1.key }) {
            guard let metrics = metrics.object else { continue }
            let kind = LMEvalImporter.kind(outputType: configs[task]?["output_type"]?.string)
            let n = LMEvalImporter.number(json["n-samples"]?[task]?["effective"])
                ?? LMEvalImporter.number(metrics["sample_len"])
            for (key, value) in metrics.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: ",", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].hasSuffix("_stderr") else { continue }
                let metric = parts[1] == "none" ? parts[0] : key
                let stderr = LMEvalImporter.number(metrics["\(parts[0])_stderr,\(parts[1])"])
                let score = ScoreInput(model: modelName, task: task, metric: metric,
                                       value: LMEvalImporter.number(value), stderr: stderr, n: n.map { Int($0) },
                                       classOverride: scoreOptions.classOverride(metric))
                if let kind { _ = try w.taskID(name: task, kind: kind, kindIsExplicit: true) }
                try w.upsertScore(score, taskKind: kind, source: path)
            }
        }

        // Per-document samples of this results file (same timestamp).
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.hasPrefix("samples_") && name.hasSuffix("_\(timestamp).jsonl") {
            let task = String(name.dropFirst("samples_".count).dropLast("_\(timestamp).jsonl".count))
            let taskConfig = configs[task]
            let kind = LMEvalImporter.kind(outputType: taskConfig?["output_type"]?.string)
            let genKwargs = taskConfig?["generation_kwargs"]
            let decoding = DecodingSettings(
                temperature: LMEvalImporter.number(genKwargs?["temperature"]) ?? 0, samples: 1, seed: seed,
                maxTokens: kind == .generation ? LMEvalImporter.number(genKwargs?["max_gen_toks"]).map { Int($0) } : nil,
                backend: "lm-eval")
            try importSamples(path: (folder as NSString).appendingPathComponent(name), model: modelName,
                              modelID: modelID, task: task, kind: kind, decoding: decoding, w)
        }
    }

    private func importSamples(path: String, model: String, modelID: Int64, task: String, kind: TaskKind?,
                               decoding: DecodingSettings, _ w: StoreWriter) throws {
        let name = (path as NSString).lastPathComponent
        let data = try readFile(path)
        var seenDocs: Set<Int> = []
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else { return }
            try forEachLine(in: bytes) { range, line in
                var s = JSONScanner(base: base, range: range, line: line)
                s.skipWhitespace()
                if s.atEnd { return }
                let sample: JSONValue
                do {
                    sample = try s.value("the sample")
                    try s.expectEnd("the line (one JSON object per line)")
                } catch let e as JSONSyntaxError {
                    throw StoreError(file: name, line: e.line, column: e.column, e.message + ".")
                }
                guard let doc = LMEvalImporter.number(sample["doc_id"]), doc >= 0, doc.rounded() == doc else {
                    throw StoreError(file: name, line: line, column: 1, "expected a non-negative integer \"doc_id\".")
                }
                let docID = Int(doc)
                guard seenDocs.insert(docID).inserted else { return }
                let args = LMEvalImporter.arguments(sample)
                let prompt = args.first?.0?.string
                let filtered = sample["filtered_resps"]?.array ?? []
                let resps = sample["resps"]?.array ?? []
                let filter = sample["filter"]?.string ?? "none"
                var record = OutputRecord(model: model, task: task, taskKind: kind, strategy: "standard",
                                          decoding: decoding, example: docID, sample: 0, prompt: prompt)
                let effectiveKind = kind ?? (filtered.first?.array != nil ? (filtered.count > 1 ? .multipleChoice : .loss) : .generation)
                record.taskKind = effectiveKind
                switch effectiveKind {
                case .multipleChoice:
                    var choices: [ChoiceScore] = []
                    for (i, pair) in filtered.enumerated() {
                        let values = pair.array ?? [pair]
                        guard let ll = LMEvalImporter.number(values.first) else {
                            throw StoreError(file: name, line: line, column: 1,
                                             "expected a log-likelihood for choice \(i) in \"filtered_resps\".")
                        }
                        let text = i < args.count ? (args[i].1?.string ?? "") : ""
                        choices.append(ChoiceScore(text: text, loglikelihood: ll,
                                                   greedy: values.count > 1 ? LMEvalImporter.bool(values[1]) : nil))
                    }
                    record.choices = choices
                    if let g = LMEvalImporter.number(sample["target"]), g.rounded() == g, (0..<choices.count).contains(Int(g)) {
                        record.gold = Int(g)
                    } else if let t = sample["target"]?.string,
                              let g = choices.firstIndex(where: { $0.text.trimmingCharacters(in: .whitespaces) == t.trimmingCharacters(in: .whitespaces) }) {
                        record.gold = g
                    } else {
                        throw StoreError(file: name, line: line, column: 1,
                                         "expected \"target\" to be the gold choice's index (0..<\(choices.count)).")
                    }
                    record.target = choices[record.gold!].text
                case .generation:
                    let raw = resps.first.flatMap { $0.array?.first?.string ?? $0.string }
                    let extracted = filtered.first.flatMap { $0.string ?? $0.array?.first?.string }
                    record.generated = raw ?? extracted
                    record.extractedAnswer = extracted
                    record.extractionRule = extracted == nil ? nil : "lm-eval:\(filter)"
                    record.target = Self.text(sample["target"])
                case .loss:
                    let first = filtered.first
                    let values = first?.array ?? (first.map { [$0] } ?? [])
                    guard let ll = LMEvalImporter.number(values.first) else {
                        throw StoreError(file: name, line: line, column: 1,
                                         "expected a log-likelihood in \"filtered_resps\".")
                    }
                    record.targetLoglikelihood = ll
                    record.targetGreedy = values.count > 1 ? LMEvalImporter.bool(values[1]) : nil
                    record.target = args.first?.1?.string ?? Self.text(sample["target"])
                }
                do {
                    try w.writeOutput(record, source: path)
                } catch {
                    throw StoreError(file: name, line: line, "could not store this sample: \(error).")
                }
            }
        }
    }

    private static func text(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: return s
        case .number(let d)?: return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .array(let a)?: return a.first.flatMap { text($0) }
        default: return nil
        }
    }
}
