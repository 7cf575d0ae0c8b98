import Foundation

/// Options of a scores CSV import (docs/design.md#cli-contract).
public struct ScoresCSVOptions: Sendable {
    /// Wide tables: the column holding the model name. Nil for tidy tables.
    public var nameColumn: String?
    /// Optional column holding the model family (wide tables).
    public var familyColumn: String?
    /// Extra metric names recognised as column suffixes, beside `MetricNames.knownSuffixes`.
    public var metricSuffixes: [String]
    /// Metrics to classify as threshold ("discontinuous") whatever their name.
    public var discontinuous: [String]
    /// Metrics to classify as per-token ("continuous") whatever their name.
    public var continuous: [String]

    public init(nameColumn: String? = nil, familyColumn: String? = nil, metricSuffixes: [String] = [],
                discontinuous: [String] = [], continuous: [String] = []) {
        self.nameColumn = nameColumn; self.familyColumn = familyColumn; self.metricSuffixes = metricSuffixes
        self.discontinuous = discontinuous; self.continuous = continuous
    }

    /// The class override for `metric`: "threshold", "per-token" or nil.
    func classOverride(_ metric: String) -> String? {
        if discontinuous.contains(metric) { return "threshold" }
        if continuous.contains(metric) { return "per-token" }
        return nil
    }

    func validate() throws {
        let both = Set(discontinuous).intersection(continuous)
        if let m = both.sorted().first {
            throw StoreError("the metric \"\(m)\" is named by both --discontinuous and --continuous.")
        }
    }
}

/// Splits a wide score table's column name into task and metric.
public enum WideColumnName {
    static let separators: Set<Character> = ["_", " ", "-", ",", ".", ":", "/", "|"]

    /// (task, metric) for a column such as `arc_easy_acc_norm`, `MMLU acc` or
    /// `GSM8K, - exact_match`: the longest suffix in `suffixes` (case-insensitive)
    /// preceded by a separator; the task is the rest without its trailing
    /// separators. The metric is returned as spelled in `suffixes`.
    public static func split(_ column: String, suffixes: [String]) -> (task: String, metric: String)? {
        let lower = column.trimmingCharacters(in: .whitespaces).lowercased()
        let original = column.trimmingCharacters(in: .whitespaces)
        var best: String?
        for s in suffixes where lower.hasSuffix(s.lowercased()) && lower.count > s.count {
            let before = lower.dropLast(s.count).last!
            guard separators.contains(before) else { continue }
            if best == nil || s.count > best!.count { best = s }
        }
        guard let metric = best else { return nil }
        var task = String(original.dropLast(metric.count))
        while let last = task.last, separators.contains(last) { task.removeLast() }
        task = task.trimmingCharacters(in: .whitespaces)
        return task.isEmpty ? nil : (task, metric)
    }
}

extension ResultsDatabase {
    /// Imports a score table in one transaction: tidy (a header with model,
    /// task, metric, value and optionally stderr, n) or wide (`nameColumn`:
    /// one row per model, one column per task+metric). Empty or NaN cells
    /// are stored as missing values, never zero. Re-importing replaces each
    /// (model, task, metric) value in place.
    @discardableResult
    public func importScoresCSV(atPath path: String, options: ScoresCSVOptions) throws -> ImportSummary {
        try options.validate()
        let table = try CSVFile(path: path)
        let lower = table.header.map { $0.lowercased() }
        let isTidy = ["model", "task", "metric", "value"].allSatisfy(lower.contains)
        var scores: [ScoreInput] = []
        var families: [String: String] = [:]

        if isTidy {
            let m = lower.firstIndex(of: "model")!, t = lower.firstIndex(of: "task")!
            let k = lower.firstIndex(of: "metric")!, v = lower.firstIndex(of: "value")!
            let se = lower.firstIndex(of: "stderr"), n = lower.firstIndex(of: "n")
            let fam = lower.firstIndex(of: "family")
            for row in table.rows {
                guard let model = table.text(row, m) else {
                    throw StoreError(file: table.file, line: row.line, column: row.columns[m], "expected a model name.")
                }
                guard let task = table.text(row, t) else {
                    throw StoreError(file: table.file, line: row.line, column: row.columns[t], "expected a task name.")
                }
                guard let metric = table.text(row, k) else {
                    throw StoreError(file: table.file, line: row.line, column: row.columns[k], "expected a metric name.")
                }
                if let fam, let f = table.text(row, fam) { families[model] = f }
                scores.append(ScoreInput(
                    model: model, task: task, metric: metric,
                    value: try table.number(row, v, what: "the value"),
                    stderr: try se.flatMap { try table.number(row, $0, what: "the standard error") },
                    n: try n.flatMap { try table.integer(row, $0, what: "the example count") },
                    classOverride: options.classOverride(metric)))
            }
        } else {
            guard let nameColumn = options.nameColumn else {
                throw StoreError(file: table.file, line: 1,
                                 "expected a tidy header (model,task,metric,value[,stderr,n]) or --name-column for a wide table.")
            }
            let name = try table.columnIndex(nameColumn, option: "--name-column")
            let family = try options.familyColumn.map { try table.columnIndex($0, option: "--family-column") }
            let suffixes = MetricNames.knownSuffixes + options.metricSuffixes
            var columns: [(index: Int, task: String, metric: String)] = []
            for (i, header) in table.header.enumerated() where i != name && i != family {
                guard let split = WideColumnName.split(header, suffixes: suffixes) else {
                    throw StoreError(file: table.file, line: table.headerRecord.line,
                                     column: table.headerRecord.columns[i],
                                     "expected the column \"\(header)\" to end in a metric name after a separator (such as _acc, \" f1\"); add yours with --metric-suffixes.")
                }
                columns.append((i, split.task, split.metric))
            }
            for row in table.rows {
                if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                guard let model = table.text(row, name) else {
                    throw StoreError(file: table.file, line: row.line, column: row.columns[name],
                                     "expected a model name in column \"\(table.header[name])\".")
                }
                if let family, let f = table.text(row, family) { families[model] = f }
                for c in columns {
                    scores.append(ScoreInput(model: model, task: c.task, metric: c.metric,
                                             value: try table.number(row, c.index, what: "the score"),
                                             classOverride: options.classOverride(c.metric)))
                }
            }
        }
        return try writeTransaction { w in
            for (model, family) in families.sorted(by: { $0.key < $1.key }) {
                try w.upsertModel(ModelUpdate(name: model, family: family, source: path))
            }
            for s in scores { try w.upsertScore(s, taskKind: nil, source: path) }
            return w.summary
        }
    }
}
