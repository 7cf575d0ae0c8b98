import EmergeSupport
import Foundation

extension ResultsDatabase {
    /// Reads one `samples_<task>_<timestamp>.jsonl` of a 0.4 folder into outputs
    /// (see `importLMEval` for how each kind of sample is stored).
    func importLMEvalSamples(path: String, model: String, task: String, kind: TaskKind?, strategy: String,
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
                guard let doc = LMEvalValues.number(sample["doc_id"]), doc >= 0, doc.rounded() == doc else {
                    throw StoreError(file: name, line: line, column: 1, "expected a non-negative integer \"doc_id\".")
                }
                let docID = Int(doc)
                guard seenDocs.insert(docID).inserted else { return }
                let args = LMEvalSamples.arguments(sample)
                let prompt = args.first?.0?.string
                let filtered = sample["filtered_resps"]?.array ?? []
                let resps = sample["resps"]?.array ?? []
                let filter = sample["filter"]?.string ?? "none"
                // Refuses a log-likelihood above 0, pointing at "filtered_resps".
                func checked(_ ll: Double, _ what: String) throws -> Double {
                    guard LogProbability.isAcceptable(ll) else {
                        throw StoreError(file: name, line: line, column: s.column(at: Self.offset(of: "\"filtered_resps\"", in: range, base) ?? range.lowerBound),
                                         "expected \(what) in \"filtered_resps\" to be \(LogProbability.expectation), found \(ll).")
                    }
                    return ll
                }
                var record = OutputRecord(model: model, task: task, taskKind: kind, strategy: strategy,
                                          decoding: decoding, example: docID, sample: 0, prompt: prompt)
                let effectiveKind = kind ?? (filtered.first?.array != nil ? (filtered.count > 1 ? .multipleChoice : .loss) : .generation)
                record.taskKind = effectiveKind
                switch effectiveKind {
                case .multipleChoice:
                    var choices: [ChoiceScore] = []
                    for (i, pair) in filtered.enumerated() {
                        let values = pair.array ?? [pair]
                        guard let ll = LMEvalValues.number(values.first) else {
                            throw StoreError(file: name, line: line, column: 1,
                                             "expected a log-likelihood for choice \(i) in \"filtered_resps\".")
                        }
                        let text = i < args.count ? (args[i].1?.string ?? "") : ""
                        choices.append(ChoiceScore(text: text, loglikelihood: try checked(ll, "the log-likelihood of choice \(i)"),
                                                   greedy: values.count > 1 ? LMEvalValues.bool(values[1]) : nil))
                    }
                    record.choices = choices
                    if let g = LMEvalValues.number(sample["target"]), g.rounded() == g, (0..<choices.count).contains(Int(g)) {
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
                    guard let ll = LMEvalValues.number(values.first) else {
                        throw StoreError(file: name, line: line, column: 1,
                                         "expected a log-likelihood in \"filtered_resps\".")
                    }
                    record.targetLoglikelihood = try checked(ll, "the log-likelihood")
                    record.targetGreedy = values.count > 1 ? LMEvalValues.bool(values[1]) : nil
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

    /// Where `needle` first starts in bytes `range` of `base`, or nil.
    private static func offset(of needle: String, in range: Range<Int>, _ base: UnsafePointer<UInt8>) -> Int? {
        let pattern = Array(needle.utf8)
        guard range.count >= pattern.count else { return nil }
        for start in range.lowerBound...(range.upperBound - pattern.count)
        where memcmp(base + start, pattern, pattern.count) == 0 {
            return start
        }
        return nil
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

/// Shapes of a harness sample line.
enum LMEvalSamples {
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
