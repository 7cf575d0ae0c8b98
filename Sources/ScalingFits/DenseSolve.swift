/// Solves the small symmetric positive-definite system `A x = b` (n ≤ ~20)
/// by Cholesky decomposition, in place of a LAPACK call whose setup costs
/// more than the arithmetic at these sizes. Returns nil when `A` is not
/// numerically positive definite.
func choleskySolve(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
        var d = a[j * n + j]
        for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
        guard d > 0, d.isFinite else { return nil }
        let ljj = d.squareRoot()
        l[j * n + j] = ljj
        for i in (j + 1)..<max(n, j + 1) {
            var s = a[i * n + j]
            for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
            l[i * n + j] = s / ljj
        }
    }
    var y = b
    for i in 0..<n {
        var s = y[i]
        for k in 0..<i { s -= l[i * n + k] * y[k] }
        y[i] = s / l[i * n + i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
        var s = y[i]
        for k in (i + 1)..<max(n, i + 1) { s -= l[k * n + i] * y[k] }
        y[i] = s / l[i * n + i]
    }
    return y.allSatisfy(\.isFinite) ? y : nil
}

/// Inverse of a small SPD matrix (for parameter covariance), nil if singular.
func choleskyInverse(_ a: [Double], n: Int) -> [Double]? {
    var inv = [Double](repeating: 0, count: n * n)
    for c in 0..<n {
        var e = [Double](repeating: 0, count: n); e[c] = 1
        guard let col = choleskySolve(a, e, n: n) else { return nil }
        for r in 0..<n { inv[r * n + c] = col[r] }
    }
    return inv
}
