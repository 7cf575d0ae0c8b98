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
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: start + count)
        defer { scores.deallocate() }
        for t in 0..<count {
            let visible = start + t + 1
            scoreKeys(q + t * queryStride, k, kvStride, count: visible, headDimension: hd, scale: scale, into: scores)
            Elementwise.softmax(scores, count: visible)
            weightedSum(scores, v, kvStride, count: visible, headDimension: hd, into: out + t * outStride)
        }
    }

    /// scores[j] = scale · q·k_j for j < count, four keys at a time so that
    /// four independent accumulators hide the latency of the adds.
    static func scoreKeys(_ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>, _ stride: Int, count: Int,
                          headDimension hd: Int, scale: Float, into scores: UnsafeMutablePointer<Float>) {
        let rq = UnsafeRawPointer(q)
        var j = 0
        while j + 4 <= count {
            let k0 = k + j * stride, k1 = k0 + stride, k2 = k1 + stride, k3 = k2 + stride
            var a0 = SIMD8<Float>(), a1 = a0, a2 = a0, a3 = a0
            var d = 0
            while d + 8 <= hd {
                let x = rq.loadUnaligned(fromByteOffset: d * 4, as: SIMD8<Float>.self)
                a0 += x * load(k0, d)
                a1 += x * load(k1, d)
                a2 += x * load(k2, d)
                a3 += x * load(k3, d)
                d += 8
            }
            var s0 = a0.sum(), s1 = a1.sum(), s2 = a2.sum(), s3 = a3.sum()
            while d < hd {
                s0 += q[d] * k0[d]; s1 += q[d] * k1[d]; s2 += q[d] * k2[d]; s3 += q[d] * k3[d]
                d += 1
            }
            scores[j] = s0 * scale; scores[j + 1] = s1 * scale; scores[j + 2] = s2 * scale; scores[j + 3] = s3 * scale
            j += 4
        }
        while j < count {
            let kj = k + j * stride
            var a = SIMD8<Float>()
            var d = 0
            while d + 8 <= hd { a += load(q, d) * load(kj, d); d += 8 }
            var s = a.sum()
            while d < hd { s += q[d] * kj[d]; d += 1 }
            scores[j] = s * scale
            j += 1
        }
    }

    /// out = Σ_{j < count} p[j] · v_j, 32 dimensions at a time kept in
    /// registers across all j (then 8 at a time, then single entries).
    static func weightedSum(_ p: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ stride: Int, count: Int,
                            headDimension hd: Int, into out: UnsafeMutablePointer<Float>) {
        let ro = UnsafeMutableRawPointer(out)
        var d = 0
        while d + 32 <= hd {
            var a0 = SIMD8<Float>(), a1 = a0, a2 = a0, a3 = a0
            for j in 0..<count {
                let w = SIMD8<Float>(repeating: p[j]), row = v + j * stride + d
                a0 += w * load(row, 0)
                a1 += w * load(row, 8)
                a2 += w * load(row, 16)
                a3 += w * load(row, 24)
            }
            ro.storeBytes(of: a0, toByteOffset: d * 4, as: SIMD8<Float>.self)
            ro.storeBytes(of: a1, toByteOffset: (d + 8) * 4, as: SIMD8<Float>.self)
            ro.storeBytes(of: a2, toByteOffset: (d + 16) * 4, as: SIMD8<Float>.self)
            ro.storeBytes(of: a3, toByteOffset: (d + 24) * 4, as: SIMD8<Float>.self)
            d += 32
        }
        while d + 8 <= hd {
            var a = SIMD8<Float>()
            for j in 0..<count { a += SIMD8<Float>(repeating: p[j]) * load(v + j * stride, d) }
            ro.storeBytes(of: a, toByteOffset: d * 4, as: SIMD8<Float>.self)
            d += 8
        }
        while d < hd {
            var s: Float = 0
            for j in 0..<count { s += p[j] * v[j * stride + d] }
            out[d] = s
            d += 1
        }
    }

    /// Eight floats from `x + offset`.
    @inline(__always)
    private static func load(_ x: UnsafePointer<Float>, _ offset: Int) -> SIMD8<Float> {
        UnsafeRawPointer(x).loadUnaligned(fromByteOffset: offset * 4, as: SIMD8<Float>.self)
    }
}
