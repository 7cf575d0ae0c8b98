import EmergeSupport
import Foundation

/// Options of an lm-evaluation-harness import.
public struct LMEvalOptions: Sendable {
    /// Family to record on the imported models; by default the pretrained
    /// name without its size (`EleutherAI/pythia-v1.1-1.4b` → `pythia`).
    public var family: String?
    public var discontinuous: [String]
    public var continuous: [String]
    /// Training tokens per optimizer step: a `stepN` checkpoint then records
    /// N × this many tokens (and 6·N·D FLOPs once its parameters are known).
    public var tokensPerStep: Double?

    public init(family: String? = nil, discontinuous: [String] = [], continuous: [String] = [],
                tokensPerStep: Double? = nil) {
        self.family = family; self.discontinuous = discontinuous; self.continuous = continuous
        self.tokensPerStep = tokensPerStep
    }
}

/// Finding the results files below a path.
enum LMEvalFiles {
    /// `root` itself when it is a file; otherwise every `*.json` below it,
    /// recursively, sorted. Samples files (`*.jsonl`) are read beside their
    /// 0.4 results file, not here.
    static func resultsFiles(_ root: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw StoreError(file: root, "no such file or folder.")
        }
        guard isDirectory.boolValue else { return [root] }
        let enumerator = FileManager.default.enumerator(atPath: root)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".json") { found.append((root as NSString).appendingPathComponent(relative)) }
        }
        guard !found.isEmpty else {
            throw StoreError(file: root, "expected lm-evaluation-harness results below this folder (results_*.json, or legacy *.json files), found none.")
        }
        return found.sorted()
    }

    static func parseJSON(_ path: String) throws -> JSONValue {
        let data = try readFile(path)
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else { throw StoreError(file: path, "expected JSON, the file is empty.") }
            var s = JSONScanner(base: base, range: 0..<bytes.count, line: 1)
            do {
                let v = try s.value("the results")
                try s.expectEnd("the JSON document")
                return v
            } catch let e as JSONSyntaxError {
                throw StoreError(file: path, line: e.line, column: e.column, e.message + ".")
            }
        }
    }
}

extension ResultsDatabase {
    /// Imports lm-evaluation-harness results — one file, or every results
    /// file below a folder — in one transaction. Idempotent like every import.
    ///
    /// Both layouts the harness has written are read (see
    /// `LMEvalResultsFile`). Each file's model is a checkpoint when its
    /// `model_args` carry a revision (`CheckpointName`). Every task × metric
    /// is stored as a score whose strategy is the few-shot count (`0-shot`),
    /// or named in the summary's `skipped` with the reason. Beside a 0.4
    /// `results_<timestamp>.json`, the `samples_<task>_<timestamp>.jsonl`
    /// files become outputs:
    /// - multiple choice: each choice's `[loglikelihood, is_greedy]` pair of
    ///   `filtered_resps` (strings) becomes a choice score; its text is the
    ///   request's continuation (`arguments.gen_args_i.arg_1`); gold is `target`;
    /// - generation: `resps[0][0]` is the generated text, `filtered_resps[0]`
    ///   the extracted answer (rule `lm-eval:<filter>`), `target` the target;
    /// - log-likelihood: the pair becomes the output's target log-likelihood
    ///   and greedy flag (the harness keeps no per-token records).
    /// Documents repeated under several filters keep the first filter's output.
    @discardableResult
    public func importLMEval(atPath root: String, options: LMEvalOptions = LMEvalOptions()) throws -> ImportSummary {
        let scoreOptions = ScoresCSVOptions(discontinuous: options.discontinuous, continuous: options.continuous)
        try scoreOptions.validate()
        if let t = options.tokensPerStep, !(t.isFinite && t > 0) {
            throw StoreError("--tokens-per-step must be a positive number, found \(t).")
        }
        let files = try LMEvalFiles.resultsFiles(root).map { path in
            try LMEvalResultsFile.read(path: path, json: try LMEvalFiles.parseJSON(path))
        }
        return try writeTransaction { w in
            for file in files { try importResults(file, options: options, scoreOptions: scoreOptions, w) }
            w.summary.files = files.count
            return w.summary
        }
    }

    private func importResults(_ file: LMEvalResultsFile, options: LMEvalOptions, scoreOptions: ScoresCSVOptions,
                               _ w: StoreWriter) throws {
        let checkpoint = file.checkpoint
        let family = options.family ?? checkpoint.pretrained.flatMap(CheckpointName.family(ofPretrained:))
        var tokens: Double?
        if let perStep = options.tokensPerStep, let step = checkpoint.step { tokens = perStep * Double(step) }
        let model = try w.upsertModel(ModelUpdate(
            name: checkpoint.name, family: family, params: file.params, tokens: tokens,
            checkpoint: checkpoint.pretrained, source: file.path, sizeGroup: checkpoint.sizeGroup, step: checkpoint.step))
        w.summary.skipped += file.skipped

        for task in file.tasks {
            let kind = LMEvalSamples.kind(outputType: file.taskConfigs[task.task]?["output_type"]?.string)
            if let kind { _ = try w.taskID(name: task.task, kind: kind, kindIsExplicit: true) }
            let strategy = task.shots.map { "\($0)-shot" }
            for m in task.metrics {
                try w.upsertScore(ScoreInput(model: model.name, task: task.task, metric: m.metric, value: m.value,
                                             stderr: m.stderr, n: task.n, classOverride: scoreOptions.classOverride(m.metric),
                                             strategy: strategy),
                                  taskKind: kind, source: file.path)
            }
        }

        // Per-document samples beside a 0.4 results file (same timestamp).
        guard let timestamp = file.timestamp else { return }
        let folder = (file.path as NSString).deletingLastPathComponent
        let shots = Dictionary(file.tasks.map { ($0.task, $0.shots) }, uniquingKeysWith: { a, _ in a })
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.hasPrefix("samples_") && name.hasSuffix("_\(timestamp).jsonl") {
            let task = String(name.dropFirst("samples_".count).dropLast("_\(timestamp).jsonl".count))
            let taskConfig = file.taskConfigs[task]
            let kind = LMEvalSamples.kind(outputType: taskConfig?["output_type"]?.string)
            let genKwargs = taskConfig?["generation_kwargs"]
            let decoding = DecodingSettings(
                temperature: LMEvalValues.number(genKwargs?["temperature"]) ?? 0, samples: 1, seed: file.randomSeed,
                maxTokens: kind == .generation ? LMEvalValues.number(genKwargs?["max_gen_toks"]).map { Int($0) } : nil,
                backend: "lm-eval")
            let strategy = (shots[task] ?? nil).map { "\($0)-shot" } ?? "standard"
            try importLMEvalSamples(path: (folder as NSString).appendingPathComponent(name), model: model.name,
                                    task: task, kind: kind, strategy: strategy, decoding: decoding, w)
        }
    }
}
