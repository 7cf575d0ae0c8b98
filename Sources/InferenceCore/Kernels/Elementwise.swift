import Dispatch
import EmergeSupport
import Foundation

/// Normalizations and activations over flat row-major Float32 buffers,
/// written as plain loops that the compiler vectorizes. Norm statistics are
/// Float32 sums, as PyTorch computes them (widths up to a few thousand).
enum Elementwise {
    /// LayerNorm of each row of `x` (rows × width) into `out`:
    /// (x − mean)/√(var + eps)·weight + bias, biased variance as PyTorch.
    static func layerNorm(_ x: UnsafePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>,
                          bias: UnsafePointer<Float>?, epsilon: Float, out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = x + r * width, dst = out + r * width
            var sum = 0.0 as Float
            for i in 0..<width { sum += row[i] }
            let mean = sum / Float(width)
            var squares = 0.0 as Float
            for i in 0..<width { let d = row[i] - mean; squares += d * d }
            let inverse = 1 / (squares / Float(width) + epsilon).squareRoot()
            if let bias {
                for i in 0..<width { dst[i] = (row[i] - mean) * inverse * weight[i] + bias[i] }
            } else {
                for i in 0..<width { dst[i] = (row[i] - mean) * inverse * weight[i] }
            }
        }
    }

    /// RMSNorm (Llama): x/√(mean(x²) + eps)·weight.
    static func rmsNorm(_ x: UnsafePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>,
                        epsilon: Float, out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = x + r * width, dst = out + r * width
            var squares = 0.0 as Float
            for i in 0..<width { squares += row[i] * row[i] }
            let inverse = 1 / (squares / Float(width) + epsilon).squareRoot()
            for i in 0..<width { dst[i] = weight[i] * (row[i] * inverse) }
        }
    }

    /// Applies `activation` in place to `count` elements, in parallel chunks
    /// when large and `parallel`.
    static func activate(_ activation: Activation, _ x: UnsafeMutablePointer<Float>, count: Int, parallel: Bool = true) {
        let chunks = parallel && count >= 1 << 16 ? 8 : 1
        guard chunks > 1 else { return activateSerially(activation, x, count: count) }
        nonisolated(unsafe) let base = x
        parallelFor(chunks) { k in
            let first = k * count / chunks, last = (k + 1) * count / chunks
            activateSerially(activation, base + first, count: last - first)
        }
    }

    private static func activateSerially(_ activation: Activation, _ x: UnsafeMutablePointer<Float>, count: Int) {
        switch activation {
        case .geluTanh:
            let c: Float = 0.797_884_560_802_865_4  // √(2/π)
            VectorMath.map(x, count: count) { v in 0.5 * v * (1 + VectorMath.tanh(c * (v + 0.044715 * v * v * v))) }
        case .geluExact:
            for i in 0..<count { let v = x[i]; x[i] = 0.5 * v * (1 + erf(v * 0.707_106_781_186_547_5)) }
        case .silu:
            VectorMath.map(x, count: count) { v in v / (1 + VectorMath.exp(-v)) }
        case .relu:
            for i in 0..<count { x[i] = max(x[i], 0) }
        }
    }

    /// out[i] = out[i] + x[i].
    static func add(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { out[i] += x[i] }
    }

    /// gate[i] = act(gate[i]) · up[i] (the SwiGLU product).
    static func gatedProduct(_ activation: Activation, gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>,
                             count: Int, parallel: Bool = true) {
        activate(activation, gate, count: count, parallel: parallel)
        for i in 0..<count { gate[i] *= up[i] }
    }

    /// Softmax of `x[0..<count]` in place (max-subtracted).
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var m = -Float.infinity
        for i in 0..<count { m = Swift.max(m, x[i]) }
        VectorMath.map(x, count: count) { v in VectorMath.exp(v - m) }
        let inverse = 1 / VectorMath.sum(x, count: count)
        for i in 0..<count { x[i] *= inverse }
    }
}
