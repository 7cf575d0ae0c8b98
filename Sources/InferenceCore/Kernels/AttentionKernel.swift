/// Causal attention for one (sequence, head): SIMD dot products and
/// weighted sums written out, so many heads can run concurrently without
/// calling into (and contending for) the BLAS thread pool.
enum AttentionKernel {
    /// For each new query t (of `count`, at absolute position start + t),
    /// out_t = softmax(q_t·K[0...start+t]ᵀ · scale) · V. Rows of q, k, v and
    /// out are `headDimension` long at the given strides (in floats).
    static func attend(q: UnsafePointer<Float>, queryStride: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                       kvStride: Int, out: UnsafeMutablePointer<Float>, outStride: Int,
                       count: Int, start: Int, headDimension hd: Int, scale: Float) {
        let context = start + count
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: context)
        let accumulator = UnsafeMutablePointer<Float>.allocate(capacity: hd)
        defer { scores.deallocate(); accumulator.deallocate() }
        for t in 0..<count {
            let query = q + t * queryStride, visible = start + t + 1
            for j in 0..<visible { scores[j] = dot(query, k + j * kvStride, hd) * scale }
            Elementwise.softmax(scores, count: visible)
            accumulator.initialize(repeating: 0, count: hd)
            for j in 0..<visible { axpy(scores[j], v + j * kvStride, accumulator, hd) }
            (out + t * outStride).update(from: accumulator, count: hd)
        }
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var sum = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            sum += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var total = sum.sum()
        while i < n { total += a[i] * b[i]; i += 1 }
        return total
    }

    /// y += alpha · x.
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        var i = 0
        while i + 8 <= n {
            let updated = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                + alpha * rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ry.storeBytes(of: updated, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { y[i] += alpha * x[i]; i += 1 }
    }
}
