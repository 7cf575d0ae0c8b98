/// The calibration plots of a report, with their file names decided once so
/// report.md, report.html and the files agree: per task with calibration,
/// `plots/<task>--calibration--ece.svg` (ECE against x) and one
/// `plots/<task>--reliability--<model>--<strategy>.svg` per diagram.
public struct CalibrationPlots: Sendable {
    public struct Entry: Sendable, Equatable {
        public var task: String
        /// Index into the task's `calibration.diagrams`; nil for the ECE-against-x chart.
        public var diagram: Int?
        public var path: String
    }

    public private(set) var entries: [Entry] = []

    public init(_ data: ReportData) {
        var names = FileNames()
        for task in data.tasks where !task.calibration.isEmpty {
            if !task.calibration.rows.isEmpty {
                entries.append(Entry(task: task.name, diagram: nil,
                                     path: "plots/" + names.unique([task.name, "calibration", "ece"]) + ".svg"))
            }
            for (i, d) in task.calibration.diagrams.enumerated() {
                entries.append(Entry(task: task.name, diagram: i,
                                     path: "plots/" + names.unique([task.name, "reliability", d.model, d.strategy]) + ".svg"))
            }
        }
    }

    public func plots(task: String) -> [Entry] { entries.filter { $0.task == task } }

    /// Every plot as (path, SVG text), in entry order.
    public func render(_ data: ReportData) -> [(path: String, svg: String)] {
        entries.compactMap { entry in
            guard let task = data.tasks.first(where: { $0.name == entry.task }) else { return nil }
            if let i = entry.diagram {
                return (entry.path, ReliabilityDiagram.render(task.calibration.diagrams[i], task: task.name))
            }
            return (entry.path, ChartRenderer().document(Self.eceChart(task, xAxis: data.xAxis)))
        }
    }

    /// ECE against x: one series per family × strategy × source, a size's
    /// seeds as faint dots beside their mean, no fitted law.
    public static func eceChart(_ task: TaskReport, xAxis: XAxisKind) -> Chart {
        var keys: [String] = []
        var groups: [String: [CalibrationSummary]] = [:]
        for row in task.calibration.rows {
            let key = [row.family, row.strategy, row.source].joined(separator: "\u{1F}")
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(row)
        }
        let series = keys.enumerated().map { i, key -> ChartSeries in
            let rows = groups[key]!
            let first = rows[0]
            let points = rows.compactMap { r -> ChartPoint? in
                guard let x = r.x, x > 0, x.isFinite, let e = r.ece, e.value.isFinite else { return nil }
                return ChartPoint(x: x, y: e.value, low: e.low, high: e.high, seedValues: r.seedECE)
            }.sorted { $0.x < $1.x }
            var label = first.family
            if first.strategy != "standard" { label += " · " + first.strategy }
            label += " · " + TaskCalibration.sourceLabel(first.source)
            return ChartSeries(label: label, colour: i, marker: first.source == "verbal" ? .square : .circle, points: points)
        }
        let missing = task.calibration.rows.filter { $0.x == nil || $0.ece == nil }.count
        return Chart(
            title: "\(task.name) — expected calibration error",
            xTitle: xAxis.title + " (log scale)",
            yTitle: ReportCharts.yTitle(metric: "ECE", higherIsBetter: false),
            yTitleShort: "ECE (↓ better)", series: series, yRange: 0...1, allowLogY: false,
            footnote: missing > 0 ? "\(missing) row\(missing == 1 ? "" : "s") without an ECE or x not drawn" : nil,
            emptyMessage: "no model has both an ECE and an x")
    }
}
