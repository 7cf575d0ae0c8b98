import Foundation

/// Rotary position embedding in the rotate-half convention of GPT-NeoX and
/// Llama: the first `dimensions` entries of each head are split in halves
/// (x₁, x₂) and rotated to (x₁cos − x₂sin, x₂cos + x₁sin) with angle
/// position·θ^(−2i/dimensions). Entries past `dimensions` pass through.
struct RotaryEmbedding: Sendable {
    let dimensions: Int
    let inverseFrequencies: [Float]

    /// `bfloat16Frequencies` rounds the inverse frequencies to BF16, as
    /// transformers does when it loads a BF16 checkpoint in its own dtype
    /// (the `inv_freq` buffer follows the model's dtype); references made
    /// from BF16 checkpoints need it to agree beyond 1e-4.
    init(dimensions: Int, theta: Double, bfloat16Frequencies: Bool = false) {
        self.dimensions = dimensions
        // As transformers computes it: in float32 from an int64 arange.
        inverseFrequencies = (0..<(dimensions / 2)).map { i in
            let f = Float(1.0 / pow(theta, Double(Float(2 * i) / Float(dimensions))))
            return bfloat16Frequencies ? HalfPrecision.roundToBFloat16(f) : f
        }
    }

    /// cos/sin tables for one position (each `dimensions / 2` long).
    func angles(position: Int) -> (cos: [Float], sin: [Float]) {
        let half = dimensions / 2
        var c = [Float](repeating: 0, count: half), s = c
        for i in 0..<half {
            let angle = Float(position) * inverseFrequencies[i]
            c[i] = Foundation.cos(angle)
            s[i] = Foundation.sin(angle)
        }
        return (c, s)
    }

    /// Rotates `heads` consecutive head vectors of width `headDimension` starting at `x`.
    func apply(_ x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>) {
        let half = dimensions / 2
        guard half > 0 else { return }
        for h in 0..<heads {
            let v = x + h * headDimension
            for i in 0..<half {
                let a = v[i], b = v[i + half]
                v[i] = a * cos[i] - b * sin[i]
                v[i + half] = b * cos[i] + a * sin[i]
            }
        }
    }
}
