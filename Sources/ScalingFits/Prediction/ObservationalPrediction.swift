import EmergeSupport
import Foundation

/// What the `observational` method learned from the models at or below the cutoff.
public struct CapabilityModel: Sendable, Equatable {
    /// The other tasks whose scores are the capability measure's inputs (columns, sorted).
    public var tasks: [String]
    /// The models the components and the link were fitted on.
    public var trainingModels: [String]
    public var components: PrincipalComponents
    /// Link y = floor + (ceiling − floor)·σ(a + Σ_k w_k·s_k) on standardised
    /// scores s_k (component score / its s.d.); parameters [a, w_1, …, w_K].
    /// For a target without a range, y = a + Σ_k w_k·s_k.
    public var link: [Double]
    public var floor: Double
    public var ceiling: Double
    public var bounded: Bool

    /// The standardised component scores of a row of the tasks' scores.
    public func scores(_ row: [Double]) -> [Double] {
        zip(components.scores(row), components.variances).map { $0 / $1.squareRoot() }
    }

    /// The link's value at standardised scores s.
    public func apply(scores s: [Double], parameters: [Double]? = nil) -> Double {
        let t = parameters ?? link
        var z = t[0]
        for k in 0..<s.count { z += t[k + 1] * s[k] }
        return bounded ? floor + (ceiling - floor) / (1 + Foundation.exp(-z)) : z
    }
}

/// The `observational` method (Ruan, Maddison & Hashimoto 2024): a
/// low-dimensional capability measure from cheap benchmarks, and a sigmoid
/// from it to the target.
///
/// 1. The inputs are the models' scores on the *other* tasks in `covariates`
///    (one column per task; the tasks every model fitted on or predicted
///    has a score for).
/// 2. The training models are every model at or below the cutoff, of any
///    family in `peers` or of the target's own, that has the target score
///    and every column.
/// 3. Principal components of their columns (centred on their means, at
///    most `options.components` and at most n − 2 of them) give each model
///    standardised scores s = (row − μ)·V / sd.
/// 4. A link y = floor + (ceiling − floor)·σ(a + w·s) (floor and ceiling the
///    target's range ends; y = a + w·s for a target without one) is fitted
///    by least squares on the training models.
/// 5. A larger model's forecast is the link at its own scores: its cheap
///    benchmarks are observed, only the target is predicted.
///
/// The interval is a residual bootstrap of the link plus measurement noise
/// (see `assemble`); the components are held fixed. The transition needs
/// the capability as a function of x: each component's score is
/// extrapolated along a straight line in log10 x through the target
/// family's training models. Assumptions: one capability space serves all
/// families (it is learned from the small models), and the target depends
/// on it the same way for large models as for small ones.
public func predictObservational(_ target: Curve, peers: [Curve], covariates: [Curve], split: PredictionSplit,
                                 options: PredictionOptions = PredictionOptions()) throws -> CurvePrediction {
    let s = try makeSplit(target, split, method: .observational, options: options)
    let label = "\(target.predictionLabel): observational"
    var table: [String: [String: Double]] = [:]
    for c in covariates where c.task != target.task {
        for p in c.points + c.excluded.map(\.point) { table[p.model, default: [:]][c.task] = p.y }
    }
    let otherTasks = Set(covariates.map(\.task)).subtracting([target.task])
    let required = s.training + s.heldOut
    let tasks = otherTasks.filter { t in required.allSatisfy { table[$0.model]?[t] != nil } }.sorted()
    guard !tasks.isEmpty else {
        let family = target.family.isEmpty ? "(no family)" : target.family
        throw PredictionError("\(label): family \(family) has no scores on other tasks (\(target.metric)) for every model fitted on and predicted — \(otherTasks.count) other task\(otherTasks.count == 1 ? "" : "s") in the store; the method needs the same cheap benchmarks for all of them.")
    }
    // Training rows: the target's models below the cutoff, then other families' (same task and metric).
    var trainingValues: [(model: String, y: Double)] = s.training.map { ($0.model, $0.y) }
    var seen = Set(trainingValues.map(\.model))
    for peer in peers where peer.task == target.task && peer.metric == target.metric {
        for p in peer.points where p.x <= s.cutoff && !seen.contains(p.model)
            && tasks.allSatisfy({ table[p.model]?[$0] != nil }) {
            trainingValues.append((p.model, p.y)); seen.insert(p.model)
        }
    }
    let rows = trainingValues.map { v in tasks.map { table[v.model]![$0]! } }
    let k = min(options.components, tasks.count, trainingValues.count - 2)
    guard k >= 1, trainingValues.count >= options.minimumTrainingModels else {
        throw PredictionError("\(label): only \(trainingValues.count) models at or below the cutoff have the target and all \(tasks.count) other tasks; it needs at least \(max(options.minimumTrainingModels, 3)).")
    }
    let pca = PrincipalComponents(rows: rows, maxComponents: k)
    guard !pca.loadings.isEmpty else {
        throw PredictionError("\(label): the other tasks' scores do not vary across the \(rows.count) models fitted on.")
    }
    let (floor, ceiling) = linkEnds(target)
    var model = CapabilityModel(tasks: tasks, trainingModels: trainingValues.map(\.model), components: pca, link: [],
                                floor: floor, ceiling: ceiling, bounded: target.range != nil)
    let scores = rows.map(model.scores)
    let y = trainingValues.map(\.y)
    model.link = fitCapabilityLink(model, scores: scores, y: y, start: nil)
    let fitted = scores.map { model.apply(scores: $0) }
    let p = model.link.count
    var rss = 0.0
    for i in y.indices { rss += (fitted[i] - y[i]) * (fitted[i] - y[i]) }
    let residualSD = (rss / Double(max(y.count - p, 1))).squareRoot()
    // Residual bootstrap of the link (components fixed).
    let inflation = y.count > p ? (Double(y.count) / Double(y.count - p)).squareRoot() : 1
    let residuals = y.indices.map { (y[$0] - fitted[$0]) * inflation }
    var rng = SplitMix64(seed: options.seed ^ 0x0B5E_7A71_0000_0001)
    let replicateLinks: [[Double]] = (0..<options.bootstrap).map { _ in
        let ys = y.indices.map { fitted[$0] + residuals[rng.remainder(y.count)] }
        return fitCapabilityLink(model, scores: scores, y: ys, start: model.link)
    }
    // Each component's score along the family, for the transition: a line in log10 x.
    let familyRows = s.training.map { p in (u: Foundation.log10(p.x), s: model.scores(tasks.map { table[p.model]![$0]! })) }
    let lines = (0..<pca.loadings.count).map { j in lineFit(familyRows.map(\.u), familyRows.map { $0.s[j] }) }
    let scoresAt: (Double) -> [Double] = { x in lines.map { $0.a + $0.b * Foundation.log10(x) } }
    let forecast = Forecast(
        atModel: { point in
            let sc = model.scores(tasks.map { table[point.model]![$0]! })
            return (model.apply(scores: sc), replicateLinks.map { model.apply(scores: sc, parameters: $0) })
        },
        point: { model.apply(scores: scoresAt($0)) },
        replicates: replicateLinks.map { t in { model.apply(scores: scoresAt($0), parameters: t) } },
        residualSD: residualSD)
    let explained = pca.variances.reduce(0, +) / max(pca.totalVariance, 1e-300)
    var result = assemble(target, method: .observational, split: s, forecast: forecast, options: options,
                          detail: "\(pca.loadings.count) component\(pca.loadings.count == 1 ? "" : "s") of \(tasks.count) task\(tasks.count == 1 ? "" : "s") (\(Int((explained * 100).rounded()))% of their variance) on \(rows.count) models")
    result.capability = model
    return result
}

/// Least squares y ≈ a + b·u (b = 0 when u does not vary).
func lineFit(_ u: [Double], _ y: [Double]) -> (a: Double, b: Double) {
    let n = Double(u.count)
    guard n > 0 else { return (0, 0) }
    let mu = u.reduce(0, +) / n, my = y.reduce(0, +) / n
    var suu = 0.0, suy = 0.0
    for i in u.indices { suu += (u[i] - mu) * (u[i] - mu); suy += (u[i] - mu) * (y[i] - my) }
    let b = suu > 1e-12 ? suy / suu : 0
    return (my - b * mu, b)
}

/// [a, w_1, …, w_K] of the capability link, least squares by
/// Levenberg–Marquardt (|a|, |w_k| ≤ 50 on standardised scores), from
/// `start`, else from a = the link's inverse at the mean target and w = 0,
/// and from a regression of the clipped inverse on the scores.
func fitCapabilityLink(_ model: CapabilityModel, scores: [[Double]], y: [Double], start: [Double]?) -> [Double] {
    let n = y.count, k = scores.first?.count ?? 0, p = k + 1
    if !model.bounded {
        // Ordinary least squares on [1, s].
        var a = [Double](repeating: 0, count: p * p), b = [Double](repeating: 0, count: p)
        for i in 0..<n {
            let row = [1] + scores[i]
            for r in 0..<p { b[r] += row[r] * y[i]; for c in 0..<p { a[r * p + c] += row[r] * row[c] } }
        }
        for r in 0..<p { a[r * p + r] += 1e-12 }
        return choleskySolve(a, b, n: p) ?? [Double](repeating: 0, count: p)
    }
    let height = model.ceiling - model.floor
    let problem = LeastSquaresProblem(parameterCount: p, residualCount: n, lower: [Double](repeating: -50, count: p),
                                      upper: [Double](repeating: 50, count: p)) { t, r, jac in
        for i in 0..<n {
            var z = t[0]
            for j in 0..<k { z += t[j + 1] * scores[i][j] }
            let sg = 1 / (1 + Foundation.exp(-z))
            r[i] = model.floor + height * sg - y[i]
            if let jac {
                let d = height * sg * (1 - sg)
                jac[i * p] = d
                for j in 0..<k { jac[i * p + j + 1] = d * scores[i][j] }
            }
        }
        return true
    }
    func logit(_ v: Double) -> Double {
        let q = min(max((v - model.floor) / height, 0.01), 0.99)
        return Foundation.log(q / (1 - q))
    }
    var starts: [[Double]] = []
    if let start { starts = [start] } else {
        let mean = y.reduce(0, +) / Double(max(n, 1))
        starts.append([logit(mean)] + [Double](repeating: 0, count: k))
        let linear = CapabilityModel(tasks: model.tasks, trainingModels: model.trainingModels, components: model.components,
                                     link: [], floor: 0, ceiling: 1, bounded: false)
        starts.append(fitCapabilityLink(linear, scores: scores, y: y.map(logit), start: nil).map { min(max($0, -50), 50) })
    }
    var best: LeastSquaresSolution?
    for s in starts {
        guard let sol = levenbergMarquardt(problem, start: s, maxIterations: start == nil ? 200 : 40) else { continue }
        if best == nil || sol.cost < best!.cost { best = sol }
    }
    return best?.theta ?? starts[0]
}
