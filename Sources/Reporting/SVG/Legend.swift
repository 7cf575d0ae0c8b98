/// Legend entries laid out left to right, wrapped into rows that fit a width.
struct LegendLayout: Sendable {
    struct Item: Sendable {
        var series: ChartSeries
        var text: String
        var x: Double       // offset of the swatch from the legend's left edge
        var row: Int
    }

    static let swatchWidth = 22.0
    static let swatchGap = 5.0
    static let itemGap = 16.0

    var items: [Item] = []
    var rows = 0
    var rowHeight: Double

    init(series: [ChartSeries], width: Double, fontSize: Double) {
        rowHeight = TextMetrics.lineHeight(fontSize: fontSize) + 2
        var x = 0.0
        var row = 0
        for s in series where !s.points.isEmpty || !s.fit.isEmpty {
            var text = s.label
            if let law = s.fitLabel { text += " (\(law) fit)" }
            let room = width - Self.swatchWidth - Self.swatchGap
            text = TextMetrics.truncate(text, toWidth: room, fontSize: fontSize)
            let itemWidth = Self.swatchWidth + Self.swatchGap + TextMetrics.width(text, fontSize: fontSize)
            if x > 0 && x + itemWidth > width { row += 1; x = 0 }
            items.append(Item(series: s, text: text, x: x, row: row))
            x += itemWidth + Self.itemGap
        }
        rows = items.isEmpty ? 0 : row + 1
    }

    var height: Double { Double(rows) * rowHeight }
}

/// Labels on one line that must not overlap: each goes to the first row
/// where it clears every label already there.
struct RowPacker: Sendable {
    private var rows: [[ClosedRange<Double>]] = []
    let gap: Double

    init(gap: Double) { self.gap = gap }

    /// The row for a label spanning `start…end` (pixels).
    mutating func place(_ start: Double, _ end: Double) -> Int {
        for (i, row) in rows.enumerated()
        where !row.contains(where: { $0.lowerBound < end + gap && start < $0.upperBound + gap }) {
            rows[i].append(start...end); return i
        }
        rows.append([start...end])
        return rows.count - 1
    }

    var rowCount: Int { rows.count }
}
