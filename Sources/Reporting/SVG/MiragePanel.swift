/// The mirage picture of one task: its discontinuous (threshold) metrics in
/// the left column beside its continuous (per-token) metrics in the right,
/// one small chart per metric, rows aligned, same x axis. Nonlinear metrics
/// have their own plots but stay out of the panel: they vote for neither side.
public enum MiragePanel {
    public static let width = 800.0
    public static let cellHeight = 330.0
    public static let headerHeight = 30.0

    /// The metrics of each side, in report order.
    public static func sides(_ task: TaskReport) -> (discontinuous: [String], continuous: [String]) {
        var left: [String] = [], right: [String] = []
        for metric in task.metricNames {
            switch task.curves(metric: metric).first?.metricClass {
            case .threshold: left.append(metric)
            case .perToken: right.append(metric)
            default: break
            }
        }
        return (left, right)
    }

    /// Whether the task has metrics on both sides (else there is no panel).
    public static func hasBothSides(_ task: TaskReport) -> Bool {
        let s = sides(task)
        return !s.discontinuous.isEmpty && !s.continuous.isEmpty
    }

    /// The panel as an SVG document.
    public static func render(task: TaskReport, charts: ReportCharts) -> String {
        let (left, right) = sides(task)
        let rows = max(left.count, right.count, 1)
        let height = headerHeight + Double(rows) * cellHeight
        let renderer = ChartRenderer()
        let half = width / 2
        var body: [SVGElement] = []
        let headerStyle: [(String, String)] = [("font-size", "14"), ("font-weight", "bold"), ("fill", Palette.ink),
                                              ("text-anchor", "middle")]
        for (i, heading) in ["Discontinuous (threshold) metrics", "Continuous (per-token) metrics"].enumerated() {
            body.append(SVGElement("text", [("class", "panel-heading"), ("x", SVGNumber.format(half * Double(i) + half / 2)),
                                            ("y", "20")] + headerStyle, children: [.text(heading)]))
        }
        body.append(SVGElement("line", [("x1", SVGNumber.format(half)), ("y1", "6"), ("x2", SVGNumber.format(half)),
                                        ("y2", SVGNumber.format(height - 6)), ("stroke", Palette.grid)]))
        for (column, metrics) in [left, right].enumerated() {
            for (row, metric) in metrics.enumerated() {
                let frame = Frame(x: half * Double(column), y: headerHeight + Double(row) * cellHeight,
                                  width: half, height: cellHeight)
                body.append(renderer.render(charts.chart(task: task, metric: metric, title: metric), in: frame))
            }
        }
        return SVGDocument.render(width: width, height: height,
                                  title: "\(task.name): discontinuous vs continuous metrics", body: body)
    }
}
