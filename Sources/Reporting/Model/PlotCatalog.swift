/// Every plot of a report, with its file name, decided once so report.md,
/// report.html and the notebook refer to the same files.
public struct PlotCatalog: Sendable {
    public struct Entry: Sendable, Equatable {
        public var task: String
        /// The metric, or nil for the task's side-by-side mirage panel.
        public var metric: String?
        /// Relative path inside the report folder: `plots/<task>--<metric>.svg`.
        public var path: String
    }

    public private(set) var entries: [Entry] = []

    public init(_ data: ReportData) {
        var names = FileNames()
        for task in data.tasks {
            for metric in task.metricNames {
                entries.append(Entry(task: task.name, metric: metric,
                                     path: "plots/" + names.unique([task.name, metric]) + ".svg"))
            }
            if MiragePanel.hasBothSides(task) {
                entries.append(Entry(task: task.name, metric: nil,
                                     path: "plots/" + names.unique([task.name, "mirage"]) + ".svg"))
            }
        }
    }

    public func plot(task: String, metric: String?) -> Entry? {
        entries.first { $0.task == task && $0.metric == metric }
    }

    public func plots(task: String) -> [Entry] { entries.filter { $0.task == task } }
}

/// Colours and markers that stay the same for a family or strategy across
/// every plot of a report: families in sorted order take palette colours
/// (along training, each size of a family does, smallest first), strategies
/// take marker shapes.
public struct SeriesStyles: Sendable {
    let familyColour: [String: Int]
    let strategyMarker: [String: MarkerShape]

    public init(_ data: ReportData) {
        // Sizes are ordered by their parameters (then name), so colours follow scale.
        var size: [String: Double] = [:]
        for c in data.allCurves {
            let key = Self.key(family: c.family, series: c.series)
            let params = c.points.compactMap(\.model.params).max() ?? 0
            size[key] = max(size[key] ?? 0, params)
        }
        let families = size.keys.sorted { a, b in
            let (fa, fb) = (a.split(separator: "\u{1F}").first ?? "", b.split(separator: "\u{1F}").first ?? "")
            if fa != fb { return fa < fb }
            return (size[a]!, a) < (size[b]!, b)
        }
        familyColour = Dictionary(uniqueKeysWithValues: families.enumerated().map { ($1, $0) })
        // The default strategies (none, "standard") get circles; the others
        // take the remaining shapes in sorted order.
        let others = Set(data.allCurves.compactMap(\.strategy)).subtracting(["", "standard"]).sorted()
        strategyMarker = Dictionary(uniqueKeysWithValues: others.enumerated().map {
            ($1, MarkerShape(rawValue: ($0 + 1) % MarkerShape.allCases.count)!)
        })
    }

    public func colour(family: String, series: String? = nil) -> Int {
        familyColour[Self.key(family: family, series: series)] ?? 0
    }

    static func key(family: String, series: String?) -> String {
        series.map { family + "\u{1F}" + $0 } ?? family
    }
    public func marker(strategy: String?) -> MarkerShape {
        let key = strategy ?? ""
        if key.isEmpty || key == "standard" { return .circle }
        return strategyMarker[key] ?? .circle
    }
}
