/// BIG-bench breakthroughness as Schaeffer et al. use it (docs/design.md#emergence-and-phase-transitions), on values
/// sorted by x:
///
///     sign(argmax y − argmin y) · (max y − min y) / sqrt(median_i (y_i − y_{i−1})²)
///
/// A flat curve (or fewer than two points) scores 0; a zero median with a
/// non-zero range is +∞ in magnitude (signed); never NaN.
public struct EmergenceScore: Sendable, Codable, Equatable {
    /// The score; ±∞ when the median squared step is zero but the range is not.
    public var value: Double
    public var isInfinite: Bool { value.isInfinite }
    /// The finite value, or nil when infinite (JSON: null with `emergence_score_infinite`).
    public var finiteValue: Double? { value.isFinite ? value : nil }

    public init(values y: [Double]) {
        let y = y.filter(\.isFinite)
        guard y.count >= 2, let maxY = y.max(), let minY = y.min(), maxY > minY else { value = 0; return }
        let argmax = y.firstIndex(of: maxY)!, argmin = y.firstIndex(of: minY)!
        let sign: Double = argmax > argmin ? 1 : (argmax < argmin ? -1 : 0)
        var squares: [Double] = []
        for i in 1..<y.count {
            let step: Double = y[i] - y[i - 1]
            squares.append(step * step)
        }
        squares.sort()
        let m = squares.count
        let median: Double = m % 2 == 1 ? squares[m / 2] : 0.5 * (squares[m / 2 - 1] + squares[m / 2])
        let range = maxY - minY
        value = median > 0 ? sign * range / median.squareRoot() : sign * .infinity
    }
}
