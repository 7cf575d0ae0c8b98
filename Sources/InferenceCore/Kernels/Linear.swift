import CBLAS

/// A dense layer y = x·Wᵀ + b over row-major buffers, computed by one
/// `cblas_sgemm` (or `cblas_sgemv` for a single row). The weight is used in
/// the layout the checkpoint stores it; the transpose is a BLAS flag.
struct Linear: Sendable {
    enum Layout: Sendable {
        /// (out, in): PyTorch `nn.Linear`.
        case outIn
        /// (in, out): GPT-2's `Conv1D`.
        case inOut
    }
    var weight: [Float]
    var bias: [Float]?
    var inFeatures: Int
    var outFeatures: Int
    var layout: Layout
    /// When set, the weight lives here in BF16 and `weight` is empty.
    var bfloat16: BFloat16Matrix? = nil

    /// The same layer with its weight rounded to BF16 (half the memory).
    func roundedToBFloat16() -> Linear {
        var copy = self
        copy.bfloat16 = BFloat16Matrix(self)
        copy.weight = []
        return copy
    }

    /// out (rows × outFeatures) = x (rows × inFeatures) · Wᵀ + b.
    func apply(_ x: UnsafePointer<Float>, rows: Int, out: UnsafeMutablePointer<Float>) {
        let beta: Float
        if let bias {
            bias.withUnsafeBufferPointer { b in
                for r in 0..<rows { (out + r * outFeatures).update(from: b.baseAddress!, count: outFeatures) }
            }
            beta = 1
        } else {
            beta = 0
        }
        if let bfloat16 {
            if rows == 1 {
                bfloat16.multiplyVector(x, beta: beta, out: out)
            } else {
                bfloat16.multiplyMatrix(x, count: rows, beta: beta, out: out)
            }
            return
        }
        weight.withUnsafeBufferPointer { w in
            let n = Int32(outFeatures), k = Int32(inFeatures)
            if rows == 1 {
                switch layout {
                case .outIn:
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, n, k, 1, w.baseAddress, k, x, 1, beta, out, 1)
                case .inOut:
                    cblas_sgemv(CblasRowMajor, CblasTrans, k, n, 1, w.baseAddress, n, x, 1, beta, out, 1)
                }
            } else {
                switch layout {
                case .outIn:
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), n, k, 1, x, k, w.baseAddress, k, beta, out, n)
                case .inOut:
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), n, k, 1, x, k, w.baseAddress, n, beta, out, n)
                }
            }
        }
    }

    /// Multiply-adds per row (for FLOP accounting).
    var multiplyAdds: Int { inFeatures * outFeatures }
}
