import Foundation

/// Principal components of a data matrix (rows: observations, columns: variables).
///
/// The columns are centred on their means over the rows given; the
/// components are the eigenvectors of the sample covariance
/// C = XᵀX/(n − 1), largest eigenvalue first, each with its sign fixed so
/// that its largest-magnitude loading is positive. When there are fewer
/// rows than columns the eigenvectors are found from the n × n Gram matrix
/// XXᵀ instead (the same nonzero eigenvalues; v = Xᵀu/‖Xᵀu‖).
public struct PrincipalComponents: Sendable, Equatable {
    /// Column means of the rows the components were fitted on.
    public var mean: [Double]
    /// loadings[k] is component k (unit length, one entry per column).
    public var loadings: [[Double]]
    /// Variance along each component (the covariance's eigenvalues).
    public var variances: [Double]
    /// Total variance (trace of C), so variances[k]/totalVariance is the share explained.
    public var totalVariance: Double

    /// Fits at most `maxComponents` components to `rows` (each the same
    /// length); components with no variance are left out.
    public init(rows: [[Double]], maxComponents: Int) {
        let n = rows.count, p = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == p }, "every row needs the same number of columns")
        var mean = [Double](repeating: 0, count: p)
        for r in rows { for j in 0..<p { mean[j] += r[j] / Double(max(n, 1)) } }
        let x = rows.map { r in (0..<p).map { r[$0] - mean[$0] } }
        let denominator = Double(max(n - 1, 1))
        var loadings: [[Double]] = [], variances: [Double] = []
        var total = 0.0
        for r in x { for v in r { total += v * v } }
        total /= denominator
        if p <= n {
            var c = [Double](repeating: 0, count: p * p)
            for r in x { for a in 0..<p { for b in a..<p { c[a * p + b] += r[a] * r[b] } } }
            for a in 0..<p { for b in a..<p { c[a * p + b] /= denominator; c[b * p + a] = c[a * p + b] } }
            let (values, vectors) = symmetricEigen(c, n: p)
            for (k, lambda) in values.enumerated() {
                loadings.append((0..<p).map { vectors[$0 * p + k] }); variances.append(lambda)
            }
        } else {
            var g = [Double](repeating: 0, count: n * n)
            for a in 0..<n { for b in a..<n {
                var s = 0.0
                for j in 0..<p { s += x[a][j] * x[b][j] }
                g[a * n + b] = s / denominator; g[b * n + a] = s / denominator
            } }
            let (values, vectors) = symmetricEigen(g, n: n)
            for (k, lambda) in values.enumerated() {
                var v = [Double](repeating: 0, count: p)
                for i in 0..<n { let u = vectors[i * n + k]; for j in 0..<p { v[j] += x[i][j] * u } }
                let norm = (v.reduce(0) { $0 + $1 * $1 }).squareRoot()
                guard norm > 0 else { continue }
                loadings.append(v.map { $0 / norm }); variances.append(lambda)
            }
        }
        var keptLoadings: [[Double]] = [], keptVariances: [Double] = []
        for (v, lambda) in zip(loadings, variances) where lambda > 1e-12 * max(total, 1e-300) && keptLoadings.count < maxComponents {
            let largest = v.max { abs($0) < abs($1) } ?? 1
            keptLoadings.append(largest < 0 ? v.map { -$0 } : v)
            keptVariances.append(lambda)
        }
        self.mean = mean; self.loadings = keptLoadings; self.variances = keptVariances; self.totalVariance = total
    }

    /// The scores of one row: its centred values projected on each component.
    public func scores(_ row: [Double]) -> [Double] {
        loadings.map { v in
            var s = 0.0
            for j in 0..<v.count { s += (row[j] - mean[j]) * v[j] }
            return s
        }
    }
}

/// Eigenvalues (descending) and eigenvectors (columns of a row-major n × n
/// matrix) of a symmetric matrix, by cyclic Jacobi rotations.
func symmetricEigen(_ matrix: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
    var a = matrix
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    for _ in 0..<100 {
        var off = 0.0, diag = 0.0
        for i in 0..<n { diag += a[i * n + i] * a[i * n + i]; for j in (i + 1)..<max(n, i + 1) { off += a[i * n + j] * a[i * n + j] } }
        if off <= 1e-30 * max(diag, 1e-300) { break }
        for p in 0..<n {
            for q in (p + 1)..<max(n, p + 1) {
                let apq = a[p * n + q]
                guard abs(apq) > 1e-300 else { continue }
                let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<n {
                    let akp = a[k * n + p], akq = a[k * n + q]
                    a[k * n + p] = c * akp - s * akq; a[k * n + q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let apk = a[p * n + k], aqk = a[q * n + k]
                    a[p * n + k] = c * apk - s * aqk; a[q * n + k] = s * apk + c * aqk
                }
                for k in 0..<n {
                    let vkp = v[k * n + p], vkq = v[k * n + q]
                    v[k * n + p] = c * vkp - s * vkq; v[k * n + q] = s * vkp + c * vkq
                }
            }
        }
    }
    let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
    var vectors = [Double](repeating: 0, count: n * n)
    for (k, col) in order.enumerated() { for i in 0..<n { vectors[i * n + k] = v[i * n + col] } }
    return (order.map { a[$0 * n + $0] }, vectors)
}
