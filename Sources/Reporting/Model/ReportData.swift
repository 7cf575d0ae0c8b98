import EmergeSupport

/// The report's view-model: everything the writers (SVG, Markdown, CSV, HTML,
/// notebook) draw or print, already computed. Writers never fit or score; the
/// adapter (`ReportBuilder`) fills this from the store, the metrics and the
/// fits, and tests fill it by hand.
///
/// Order is meaningful and kept as given: the adapter sorts tasks, curves and
/// points, so two reports of the same data are byte-identical.
public struct ReportData: Sendable, Equatable {
    /// The title on top of report.md, report.html and the notebook.
    public var title: String
    /// What x is (training FLOPs by default).
    public var xAxis: XAxisKind
    public var tasks: [TaskReport]
    /// Facts about the whole report a reader must know (e.g. "the store is
    /// empty", "3 models have no training FLOPs and are left out").
    public var notes: [String]

    public init(title: String = "emerge report", xAxis: XAxisKind = .flops,
                tasks: [TaskReport] = [], notes: [String] = []) {
        self.title = title; self.xAxis = xAxis; self.tasks = tasks; self.notes = notes
    }

    /// Every curve of every task, in report order.
    public var allCurves: [CurveReport] { tasks.flatMap(\.curves) }
}

/// The quantity on the x axis, always drawn and fitted in log10.
public enum XAxisKind: String, Sendable, Equatable, CaseIterable {
    case flops, params, tokens

    /// The axis title with its unit.
    public var title: String {
        switch self {
        case .flops: return "training FLOPs"
        case .params: return "parameters"
        case .tokens: return "training tokens"
        }
    }
}

/// One task: its curves (task × metric × family × strategy) and its verdicts.
public struct TaskReport: Sendable, Equatable {
    public var name: String
    /// `generation`, `multiple-choice`, `loss`, or nil when unknown.
    public var kind: String?
    public var curves: [CurveReport]
    /// One verdict per family × strategy.
    public var verdicts: [VerdictReport]
    /// Facts about this task a reader must know ("only one model").
    public var notes: [String]
    /// The calibration of the task's answers (empty when no output has a confidence).
    public var calibration = TaskCalibration()
    /// The ability catalogue's scale for this task's ability, when a catalogue was given and lists the task.
    public var catalogueScale: CatalogueScale? = nil

    public init(name: String, kind: String? = nil, curves: [CurveReport] = [],
                verdicts: [VerdictReport] = [], notes: [String] = []) {
        self.name = name; self.kind = kind; self.curves = curves
        self.verdicts = verdicts; self.notes = notes
    }

    /// The metric names of this task in first-seen (report) order.
    public var metricNames: [String] {
        var seen = Set<String>(); var names: [String] = []
        for c in curves where seen.insert(c.metric).inserted { names.append(c.metric) }
        return names
    }

    /// The curves of one metric, in report order.
    public func curves(metric: String) -> [CurveReport] { curves.filter { $0.metric == metric } }
}

/// How the metric classes (docs/design.md#metrics-and-their-classes) read in report prose.
extension MetricClass {
    /// The plain-words name used in headings.
    public var phrase: String {
        switch self {
        case .threshold: return "discontinuous (threshold)"
        case .perToken: return "continuous (per-token)"
        case .nonlinear: return "continuous but nonlinear"
        }
    }
}

/// One curve: the models of one family scored on one task and metric with
/// one strategy, sorted by x, with its fit and emergence analysis.
public struct CurveReport: Sendable, Equatable {
    public var task: String
    public var metric: String
    public var family: String
    /// The prompting strategy; nil for imported scores.
    public var strategy: String?
    /// Along training: the size group whose checkpoints the curve follows; nil across scale.
    public var series: String?
    public var metricClass: MetricClass
    public var higherIsBetter: Bool
    /// The metric's range when bounded (e.g. 0...1), nil when unbounded.
    public var range: ClosedRange<Double>?
    public var points: [ReportPoint]
    public var fit: FitSummary?
    public var emergence: EmergenceSummary?

    public init(task: String, metric: String, family: String, strategy: String? = nil, series: String? = nil,
                metricClass: MetricClass, higherIsBetter: Bool = true, range: ClosedRange<Double>? = nil,
                points: [ReportPoint] = [], fit: FitSummary? = nil, emergence: EmergenceSummary? = nil) {
        self.task = task; self.metric = metric; self.family = family; self.strategy = strategy
        self.series = series
        self.metricClass = metricClass; self.higherIsBetter = higherIsBetter; self.range = range
        self.points = points; self.fit = fit; self.emergence = emergence
    }

    /// "family", "family · strategy", and along training the size
    /// (`pythia · 1.4b`, the size group's last word): the legend label.
    public var seriesLabel: String {
        var parts = [family]
        if let strategy, !strategy.isEmpty, strategy != "standard" { parts.append(strategy) }
        if let series { parts.append(Self.shortSize(series)) }
        return parts.joined(separator: " · ")
    }

    /// The size part of a size group's name: `EleutherAI/pythia-v1.1-1.4b` → `1.4b`,
    /// `ladder-add3-w064-d3` → `w064-d3`; the last path component otherwise.
    public static func shortSize(_ group: String) -> String {
        let last = group.split(separator: "/").last.map(String.init) ?? group
        let words = last.split(separator: "-").map(String.init)
        if let size = words.last(where: { w in
            guard let unit = w.last, "kKmMbBtT".contains(unit) else { return false }
            return Double(w.dropLast()) != nil
        }) { return size }
        if words.count >= 2, words[words.count - 2].hasPrefix("w"), words.last!.hasPrefix("d") {
            return words.suffix(2).joined(separator: "-")
        }
        return last
    }

    /// Points the analysis leaves out (drawn greyed), with their reasons.
    public var excludedPoints: [ReportPoint] { points.filter { $0.excludedReason != nil } }

    /// Points that can be drawn: a value and a positive, finite x.
    public var drawablePoints: [ReportPoint] {
        points.filter { p in
            guard let x = p.x, p.value != nil else { return false }
            return x > 0 && x.isFinite
        }
    }

    /// Points without a value or without a usable x (reported, not drawn).
    public var missingPoints: [ReportPoint] {
        let drawable = Set(drawablePoints.map(\.model.name))
        return points.filter { !drawable.contains($0.model.name) }
    }
}

/// One model's aggregate on one curve.
public struct ReportPoint: Sendable, Equatable {
    public var model: ReportModel
    /// The value on the x axis (FLOPs, params or tokens); nil when unknown.
    public var x: Double?
    /// The metric's value in its original orientation with its interval;
    /// nil when the model has no result on this metric.
    public var estimate: Estimate?
    /// Why the analysis leaves this point out (the initial plateau along
    /// training); nil for analysed points.
    public var excludedReason: String?
    /// When the point is a size pooled over seeds: each seed's own value
    /// (sorted by seed), to draw faintly beside the mean; empty otherwise.
    public var seeds: [SeedPoint]

    public init(model: ReportModel, x: Double?, estimate: Estimate?, excludedReason: String? = nil,
                seeds: [SeedPoint] = []) {
        self.model = model; self.x = x; self.estimate = estimate
        self.excludedReason = excludedReason; self.seeds = seeds
    }

    /// The estimate's value when it is finite; nil for a missing or non-finite value.
    public var value: Double? { estimate.map(\.value).flatMap { $0.isFinite ? $0 : nil } }
}

/// One seed's value behind a pooled point (same x as the point).
public struct SeedPoint: Sendable, Equatable {
    public var seed: Int
    public var model: String
    /// The seed's value in the metric's original orientation, with its interval over examples.
    public var estimate: Estimate

    public init(seed: Int, model: String, estimate: Estimate) {
        self.seed = seed; self.model = model; self.estimate = estimate
    }
}

/// A fitted scaling law, with a sampled copy of the fitted curve for drawing.
public struct FitSummary: Sendable, Equatable {
    /// The law's name (`linear-log`, `power`, `sigmoid-log`, `bnsl`, `task-law`).
    public var law: String
    public var parameters: [FitParameter]
    public var r2: Double?
    public var aic: Double?
    public var bic: Double?
    /// Residual standard deviation.
    public var residualError: Double?
    public var holdout: HoldoutSummary?
    /// The fitted curve sampled along x (ascending), in the metric's original
    /// orientation. Drawn as a polyline; exported to fit-curves.csv.
    public var samples: [CurveSample]

    public init(law: String, parameters: [FitParameter] = [], r2: Double? = nil, aic: Double? = nil,
                bic: Double? = nil, residualError: Double? = nil, holdout: HoldoutSummary? = nil,
                samples: [CurveSample] = []) {
        self.law = law; self.parameters = parameters; self.r2 = r2; self.aic = aic; self.bic = bic
        self.residualError = residualError; self.holdout = holdout; self.samples = samples
    }
}

/// One fitted parameter with its bootstrap interval (nil when not bootstrapped).
public struct FitParameter: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var low: Double?
    public var high: Double?
    public init(name: String, value: Double, low: Double? = nil, high: Double? = nil) {
        self.name = name; self.value = value; self.low = low; self.high = high
    }
}

/// The error of a fit on all but the K largest models, extrapolated to them.
public struct HoldoutSummary: Sendable, Equatable {
    public var k: Int
    public var rmse: Double
    public var rmsle: Double?
    public init(k: Int, rmse: Double, rmsle: Double? = nil) { self.k = k; self.rmse = rmse; self.rmsle = rmsle }
}

/// One point of a sampled fitted curve.
public struct CurveSample: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// The emergence analysis of one curve (docs/design.md#emergence-and-phase-transitions).
public struct EmergenceSummary: Sendable, Equatable {
    /// Breakthroughness; nil with `scoreInfinite` when the median step is zero.
    public var score: Double?
    public var scoreInfinite: Bool
    public var surprise: Double?
    /// The x of the first model after the break.
    public var breakX: Double?
    public var phaseTransition: Bool
    /// The sigmoid midpoint when flagged, with its bootstrap interval.
    public var transitionX: Double?
    public var transitionLow: Double?
    public var transitionHigh: Double?

    public init(score: Double?, scoreInfinite: Bool = false, surprise: Double? = nil, breakX: Double? = nil,
                phaseTransition: Bool = false, transitionX: Double? = nil,
                transitionLow: Double? = nil, transitionHigh: Double? = nil) {
        self.score = score; self.scoreInfinite = scoreInfinite; self.surprise = surprise
        self.breakX = breakX; self.phaseTransition = phaseTransition; self.transitionX = transitionX
        self.transitionLow = transitionLow; self.transitionHigh = transitionHigh
    }
}

/// The mirage verdict of one task × family × strategy (docs/design.md#the-mirage-verdict).
public enum Verdict: String, Sendable, Equatable, CaseIterable {
    case metricInduced = "metric-induced"
    case persists
    case noEmergence = "no-emergence"
    case insufficientData = "insufficient-data"
}

/// One verdict with the plain sentence that says why.
public struct VerdictReport: Sendable, Equatable {
    public var family: String
    public var strategy: String?
    /// Along training: the size group the verdict is about.
    public var series: String?
    public var verdict: Verdict
    /// One plain sentence (the adapter writes it from the per-metric flags),
    /// followed by the verdict's share of the resamples when there are any.
    public var reason: String
    /// The earliest flagged transition among this family's threshold metrics.
    public var transitionX: Double?
    public var transitionLow: Double?
    public var transitionHigh: Double?
    /// Resamples behind `shares` (0: the verdict was not resampled).
    public var resamples: Int
    /// Share of the resamples per verdict (absent verdicts never came out); sums to 1.
    public var shares: [Verdict: Double]
    /// The verdict's own share is under 80% of the resamples.
    public var uncertain: Bool

    public init(family: String, strategy: String? = nil, series: String? = nil, verdict: Verdict, reason: String,
                transitionX: Double? = nil, transitionLow: Double? = nil, transitionHigh: Double? = nil,
                resamples: Int = 0, shares: [Verdict: Double] = [:], uncertain: Bool = false) {
        self.family = family; self.strategy = strategy; self.series = series; self.verdict = verdict; self.reason = reason
        self.transitionX = transitionX; self.transitionLow = transitionLow; self.transitionHigh = transitionHigh
        self.resamples = resamples; self.shares = shares; self.uncertain = uncertain
    }

    /// The verdict as a summary table shows it: with its share of the
    /// resamples when there are any ("metric-induced (88%)"), and marked
    /// "uncertain" when no verdict reached 80% of them.
    public var summaryLabel: String {
        guard resamples > 0 else { return verdict.rawValue }
        let share = Int(((shares[verdict] ?? 0) * 100).rounded())
        return verdict.rawValue + (uncertain ? ", uncertain" : "") + " (\(share)%)"
    }
}
