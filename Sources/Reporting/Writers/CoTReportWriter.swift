import EmergeSupport
import Foundation

/// Writes the chain-of-thought report: `cot.md` (tables and the plots),
/// `cot.csv` (one tidy row per model and series) and three SVG plots against
/// training FLOPs — `cot-accuracy.svg` (exact match per strategy),
/// `cot-gain.svg` (each strategy minus the standard prompt) and
/// `cot-vote-margins.svg` (self-consistency's mean vote margin). The files
/// sit at the top of the folder, beside (never inside) the `plots/` folder
/// of a `report` written there, and nothing else in the folder is touched.
public enum CoTReportWriter {
    public static let markdown = "cot.md"
    public static let csv = "cot.csv"
    public static let accuracyPlot = "cot-accuracy.svg"
    public static let gainPlot = "cot-gain.svg"
    public static let marginPlot = "cot-vote-margins.svg"

    /// Every file as (relative path, contents), in a fixed order: the same data gives the same bytes.
    public static func build(_ data: CoTReportData) -> [(path: String, contents: String)] {
        let charts = CoTCharts(data)
        let renderer = ChartRenderer()
        return [
            (markdown, MarkdownRenderer.render(document(data))),
            (csv, table(data).text),
            (accuracyPlot, renderer.document(charts.accuracy)),
            (gainPlot, renderer.document(charts.gain)),
            (marginPlot, renderer.document(charts.margins)),
        ]
    }

    /// Writes the files into `directory` (created if needed), each atomically.
    @discardableResult
    public static func write(_ data: CoTReportData, to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try build(data).map { file in
            let url = directory.appendingPathComponent(file.path)
            try Data(file.contents.utf8).write(to: url, options: .atomic)
            return url
        }
    }

    /// `cot.md`: one table and plot per question the report answers.
    static func document(_ data: CoTReportData) -> ReportDocument {
        var doc = ReportDocument()
        let models = data.models
        let series = data.series
        doc.heading(1, data.title)
        let pooled = !data.seedPoints.isEmpty
        let seedCount = Set(data.seedPoints.map(\.model.name)).count
        let counted: String = pooled
            ? "\(models.count) sizes (\(seedCount) models: every size trained from several seeds)"
            : "\(models.count) models"
        var intro = "Task \(data.task), \(counted), \(series.count) strategies. Accuracy is the exact "
        intro += "match of the final answer (for self-consistency, of the majority answer) on the held-out examples, "
        intro += "with a bootstrap 95% interval over examples. The gain is a strategy's accuracy minus the standard "
        intro += "prompt's on the same examples (paired bootstrap). Training FLOPs are those recorded with each model."
        if pooled {
            intro += " A size is the mean over its seeds, its interval a two-level bootstrap (seeds, then examples "
            intro += "within each, the gain paired within each seed); in the plots each seed is a faint dot beside it."
        }
        doc.paragraph(intro)

        doc.heading(2, "Accuracy per strategy")
        doc.plot(accuracyPlot, alt: "Exact match per strategy against training FLOPs")
        doc.table(["model", "params", "training FLOPs"] + series,
                  models.map { model in
                      [model.name, NumberText.short(model.params), NumberText.short(model.trainingFlops)]
                          + series.map { s in
                              point(data, model, s).map { NumberText.withInterval($0.accuracy.value, $0.accuracy.low, $0.accuracy.high) } ?? "–"
                          }
                  }, numeric: Set(1..<(3 + series.count)))

        let gainSeries = series.filter { s in data.points.contains { $0.series == s && $0.gain != nil } }
        doc.heading(2, "Gain over the standard prompt")
        doc.plot(gainPlot, alt: "Accuracy minus the standard prompt's against training FLOPs")
        if gainSeries.isEmpty {
            doc.paragraph("No gain: the store holds no standard run of these models.")
        } else {
            doc.table(["model", "training FLOPs"] + gainSeries,
                      models.map { model in
                          [model.name, NumberText.short(model.trainingFlops)] + gainSeries.map { s in
                              point(data, model, s)?.gain.map { signed($0.value) + " [\(signed($0.low)), \(signed($0.high))]" } ?? "–"
                          }
                      }, numeric: Set(1..<(2 + gainSeries.count)))
        }

        doc.heading(2, "Self-consistency vote margins")
        doc.plot(marginPlot, alt: "Mean self-consistency vote margin against training FLOPs")
        doc.paragraph("The margin of one example is (votes of the winning answer − votes of the runner-up) / "
            + "samples: 1 when every sample agrees, near 0 when the vote is split. Unanimous: share of examples "
            + "with margin 1.")
        let voted = data.points.filter { $0.margins != nil }
        if voted.isEmpty {
            doc.paragraph("No self-consistency votes are stored.")
        } else {
            doc.table(["model", "series", "mean margin", "unanimous", "margin when right", "margin when wrong"],
                      voted.map { p in
                          let m = p.margins!
                          return [p.model.name, p.series, NumberText.withInterval(m.mean.value, m.mean.low, m.mean.high),
                                  NumberText.short(m.unanimous), NumberText.short(m.meanWhenRight),
                                  NumberText.short(m.meanWhenWrong)]
                      }, numeric: [2, 3, 4, 5])
        }
        let checked = data.points.filter { $0.checks != nil }
        if !checked.isEmpty {
            doc.heading(2, "Checks, abstentions and malformed answers")
            doc.paragraph("Self-verification: examples whose answer the checks turned from right to wrong and from "
                + "wrong to right. Confidence: examples where the model said \"I don't know\" (no answer, counted "
                + "wrong by exact match) and, of the answers given, those without a confidence from 1 to 10 that could "
                + "be read. Format JSON: responses without a readable JSON answer (no answer, counted wrong). A "
                + "template counts as the strategy it runs as. Sizes sum their seeds.")
            func count(_ value: Int?) -> String { value.map(String.init) ?? "–" }
            doc.table(["model", "series", "examples", "right→wrong", "wrong→right", "abstained", "no confidence",
                       "malformed JSON"],
                      checked.map { p in
                          let c = p.checks!
                          return [p.model.name, p.series, String(c.examples), count(c.rightToWrong), count(c.wrongToRight),
                                  count(c.abstained), count(c.noConfidence), count(c.malformedJSON)]
                      }, numeric: [2, 3, 4, 5, 6, 7])
        }
        if pooled {
            doc.heading(2, "Per seed")
            doc.paragraph("Each seed's own accuracy (bootstrap 95% interval over examples); the sizes above average them.")
            let seedModels = CoTReportData(title: "", task: "", points: data.seedPoints).models
            let seedData = CoTReportData(title: "", task: "", points: data.seedPoints)
            doc.table(["model", "training FLOPs"] + series,
                      seedModels.map { model in
                          [model.name, NumberText.short(model.trainingFlops)] + series.map { s in
                              point(seedData, model, s).map { NumberText.withInterval($0.accuracy.value, $0.accuracy.low, $0.accuracy.high) } ?? "–"
                          }
                      }, numeric: Set(1..<(2 + series.count)))
        }
        if !data.notes.isEmpty {
            doc.heading(2, "Notes")
            doc.bullets(data.notes.map { [.plain($0)] })
        }
        return doc
    }

    /// `cot.csv`: one row per model and series, numbers in full precision, empty cells for missing values.
    static func table(_ data: CoTReportData) -> CSVTable {
        var table = CSVTable(header: [
            "model", "params", "training_flops", "series", "strategy", "samples", "n", "accuracy", "accuracy_low",
            "accuracy_high", "gain", "gain_low", "gain_high", "gain_n", "margin_mean", "margin_low", "margin_high",
            "unanimous", "margin_when_right", "margin_when_wrong", "size_group", "seeds",
        ])
        // Sizes pooled over seeds first, then every seed's own row (seeds = 1, same size_group).
        for p in data.points + data.seedPoints {
            let f = NumberText.full
            table.append([
                p.model.name, f(p.model.params), f(p.model.trainingFlops), p.series, p.strategy, String(p.samples),
                p.accuracy.n.map(String.init) ?? "", f(p.accuracy.value), f(p.accuracy.low), f(p.accuracy.high),
                f(p.gain?.value), f(p.gain?.low), f(p.gain?.high), p.gain?.n.map(String.init) ?? "",
                f(p.margins?.mean.value), f(p.margins?.mean.low), f(p.margins?.mean.high), f(p.margins?.unanimous),
                f(p.margins?.meanWhenRight), f(p.margins?.meanWhenWrong), p.sizeGroup ?? "",
                p.sizeGroup == nil ? "" : String(p.seeds),
            ])
        }
        return table
    }

    static func point(_ data: CoTReportData, _ model: ReportModel, _ series: String) -> CoTPoint? {
        data.points.first { $0.model.name == model.name && $0.series == series }
    }

    /// `+0.120`, `−0.050`, `0`: a gain's sign always shown; "–" when unknown.
    static func signed(_ value: Double?) -> String {
        let text = NumberText.short(value)
        return (value ?? 0) > 0 ? "+" + text : text
    }
}

/// The report's three charts, one series per strategy (colour and marker by
/// series order), points joined by lines in order of FLOPs.
struct CoTCharts {
    let data: CoTReportData

    init(_ data: CoTReportData) { self.data = data }

    var accuracy: Chart {
        chart(title: "\(data.task) — exact match per strategy", yTitle: "exact match (higher is better)",
              range: 0...1) { p in (p.accuracy.value, p.accuracy.low, p.accuracy.high, p.seedAccuracies) }
    }

    var gain: Chart {
        let gains = data.points.compactMap(\.gain)
        let seedGains = data.points.flatMap(\.seedGains)
        let low = min(0, gains.compactMap(\.low).min() ?? 0, seedGains.min() ?? 0)
        let high = max(0, gains.compactMap(\.high).max() ?? 0, seedGains.max() ?? 0)
        return chart(title: "\(data.task) — gain over the standard prompt", yTitle: "exact match − standard's",
                     range: low...max(high, low + 0.1)) { p in p.gain.map { ($0.value, $0.low, $0.high, p.seedGains) } }
    }

    var margins: Chart {
        chart(title: "\(data.task) — self-consistency vote margin", yTitle: "mean vote margin", range: 0...1) { p in
            p.margins.map { ($0.mean.value, $0.mean.low, $0.mean.high, []) }
        }
    }

    /// One series per report series with a value (`value` nil: the point is not drawn).
    func chart(title: String, yTitle: String, range: ClosedRange<Double>,
               value: (CoTPoint) -> (Double, Double?, Double?, [Double])?) -> Chart {
        var series: [ChartSeries] = []
        for (index, name) in data.series.enumerated() {
            let points = data.points.filter { $0.series == name }.compactMap { p -> ChartPoint? in
                guard let x = p.model.trainingFlops, x > 0, let v = value(p) else { return nil }
                return ChartPoint(x: x, y: v.0, low: v.1, high: v.2, seedValues: v.3)
            }.sorted { $0.x < $1.x }
            guard !points.isEmpty else { continue }
            series.append(ChartSeries(label: name, colour: index,
                                      marker: MarkerShape.allCases[index % MarkerShape.allCases.count],
                                      points: points, fit: points.map { CurveSample(x: $0.x, y: $0.y) }))
        }
        return Chart(title: title, xTitle: XAxisKind.flops.title + " (log scale)", yTitle: yTitle, series: series,
                     yRange: range, allowLogY: false, emptyMessage: "no model has a value")
    }
}
