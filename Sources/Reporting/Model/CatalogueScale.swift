import Foundation

/// The scale at which the ability catalogue (data/ability-catalogue.csv,
/// docs/abilities.md) says a task's ability appears, shown beside the
/// transition a report measures.
public struct CatalogueScale: Sendable, Equatable {
    /// The ability's name in the catalogue (`Arithmetic`).
    public var ability: String
    /// Approximate training FLOPs at which the ability is said to appear.
    public var flops: Double

    public init(ability: String, flops: Double) { self.ability = ability; self.flops = flops }

    /// `~1e22`: a power of ten as its exponent, any other scale in three significant digits.
    public var flopsText: String {
        let exponent = log10(flops)
        if abs(exponent - exponent.rounded()) < 1e-9 { return "~1e\(Int(exponent.rounded()))" }
        return "~" + NumberText.scientific(flops)
    }

    /// The summary table's cell: "catalogue: ~1e22 FLOPs (the tutorial's approximate scale for arithmetic)".
    public var summaryText: String {
        "catalogue: \(flopsText) FLOPs (the tutorial's approximate scale for \(ability.lowercased()))"
    }

    /// How far a measured x (training FLOPs) lies from the catalogue's scale, in orders of magnitude:
    /// "8.5 orders of magnitude below"; nil for a non-positive x.
    public func distance(from x: Double) -> String? {
        guard x > 0, x.isFinite else { return nil }
        let orders = log10(flops) - log10(x)
        if abs(orders) < 0.05 { return "at" }
        return String(format: "%.1f", abs(orders)) + " orders of magnitude " + (orders > 0 ? "below" : "above")
    }

    /// The sentence a task's section prints about the catalogue's scale:
    /// whether it can be compared (x must be training FLOPs), each
    /// measured transition or break beside it, and whether it lies within
    /// the plotted range (where the plots mark it) or outside it.
    ///
    /// - Parameters:
    ///   - measured: one label and x (training FLOPs) per measured transition or break point.
    ///   - plotted: the smallest and largest training FLOPs of the task's drawn points, nil when none.
    ///   - xAxis: the report's x; only training FLOPs compare with the catalogue.
    public func sentence(measured: [(label: String, x: Double)], plotted: ClosedRange<Double>?, xAxis: XAxisKind) -> String {
        let opening = "The tutorial's catalogue places \(ability.lowercased()) at \(flopsText) training FLOPs, an approximate scale."
        guard xAxis == .flops else {
            return opening + " This report's x is \(xAxis.title), so the catalogue's scale is neither compared nor drawn."
        }
        var parts = [opening]
        for m in measured {
            if let d = distance(from: m.x) { parts.append("\(m.label), \(NumberText.short(m.x)) FLOPs, lies \(d) it.") }
        }
        if measured.isEmpty { parts.append("No transition or break point was measured to compare with it.") }
        if let plotted {
            let span = "\(NumberText.short(plotted.lowerBound))–\(NumberText.short(plotted.upperBound)) FLOPs"
            if LogScale(covering: [plotted.lowerBound, plotted.upperBound]).contains(flops) {
                parts.append("It lies within the plotted range (\(span)); the plots mark it with a grey dotted line.")
            } else {
                parts.append("It lies far outside the plotted range (\(span)), so the plots do not mark it: "
                             + "these models are too small for the catalogue's scale to be tested directly.")
            }
        }
        return parts.joined(separator: " ")
    }
}

/// What a task's section compares with the catalogue's scale.
enum CatalogueComparison {
    /// The sentence for `task`: each verdict's measured transition, else the
    /// break point of its first threshold curve (the earliest surprise), beside the scale.
    static func sentence(_ scale: CatalogueScale, task: TaskReport, xAxis: XAxisKind) -> String {
        var measured: [(label: String, x: Double)] = []
        for v in task.verdicts {
            let series = v.family + (v.strategy.map { $0 == "standard" ? "" : " · \($0)" } ?? "")
            if let x = v.transitionX {
                measured.append(("The measured transition of \(series)", x))
            } else if let x = task.curves.first(where: {
                $0.family == v.family && $0.strategy == v.strategy && $0.series == v.series && $0.metricClass == .threshold
                    && $0.emergence?.breakX != nil
            })?.emergence?.breakX {
                measured.append(("The break point of \(series)", x))
            }
        }
        let xs = task.curves.flatMap { $0.drawablePoints.compactMap(\.x) }
        let plotted = xs.min().flatMap { lo in xs.max().map { lo...$0 } }
        return scale.sentence(measured: measured, plotted: plotted, xAxis: xAxis)
    }
}
