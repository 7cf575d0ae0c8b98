import CBLAS
import Dispatch
import EmergeSupport

/// A dense layer whose weight is stored as BF16 in (out, in) layout, half the
/// memory of Float32. A single row (generation) runs a SIMD dot-product kernel
/// that widens BF16 to Float32 in registers, so each step streams half the
/// bytes; several rows (scoring) widen blocks of the weight and use sgemm.
/// Products and sums are Float32: only the weights are rounded.
struct BFloat16Matrix: Sendable {
    /// Row-major (outFeatures × inFeatures) BF16 bit patterns; rows padded to
    /// an even length so two values share one 32-bit word.
    let bits: [UInt16]
    let rows: Int
    let columns: Int
    let stride: Int

    /// Rounds (to nearest even) a Float32 weight in either layout.
    init(_ linear: Linear) {
        rows = linear.outFeatures
        columns = linear.inFeatures
        stride = (columns + 15) / 16 * 16
        let (rows, columns, stride) = (rows, columns, stride)
        bits = [UInt16](unsafeUninitializedCapacity: rows * stride) { out, n in
            linear.weight.withUnsafeBufferPointer { w in
                for r in 0..<rows {
                    for c in 0..<stride {
                        let value: Float
                        if c >= columns { value = 0 } else {
                            value = linear.layout == .outIn ? w[r * columns + c] : w[c * rows + r]
                        }
                        out[r * stride + c] = UInt16(HalfPrecision.roundToBFloat16(value).bitPattern >> 16)
                    }
                }
            }
            n = rows * stride
        }
    }

    /// out[r] = Σ_c W[r, c]·x[c] for every row, in parallel blocks of rows.
    func multiplyVector(_ x: UnsafePointer<Float>, beta: Float, out: UnsafeMutablePointer<Float>) {
        // x split into even and odd entries, matching the two halves of each 32-bit word.
        let half = stride / 2
        let even = UnsafeMutablePointer<Float>.allocate(capacity: half), odd = UnsafeMutablePointer<Float>.allocate(capacity: half)
        defer { even.deallocate(); odd.deallocate() }
        for k in 0..<half {
            even[k] = 2 * k < columns ? x[2 * k] : 0
            odd[k] = 2 * k + 1 < columns ? x[2 * k + 1] : 0
        }
        nonisolated(unsafe) let (xe, xo, o) = (UnsafePointer(even), UnsafePointer(odd), out)
        let blocks = min(rows, 64)
        bits.withUnsafeBufferPointer { b in
            nonisolated(unsafe) let words = UnsafeRawPointer(b.baseAddress!)
            parallelFor(blocks) { block in
                let first = block * rows / blocks, last = (block + 1) * rows / blocks
                for r in first..<last {
                    let row = words + r * stride * 2
                    var accumulator = SIMD8<Float>(repeating: 0)
                    var k = 0
                    while k < half {
                        let w = row.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<UInt32>.self)
                        let lo = unsafeBitCast(w &<< 16, to: SIMD8<Float>.self)
                        let hi = unsafeBitCast(w & 0xFFFF_0000, to: SIMD8<Float>.self)
                        let ve = UnsafeRawPointer(xe).loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
                        let vo = UnsafeRawPointer(xo).loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
                        accumulator += lo * ve + hi * vo
                        k += 8
                    }
                    let sum = accumulator.sum()
                    o[r] = beta == 0 ? sum : sum + beta * o[r]
                }
            }
        }
    }

    /// out (n × rows) = x (n × columns) · Wᵀ + beta·out, widening 1024 weight rows at a time for sgemm.
    func multiplyMatrix(_ x: UnsafePointer<Float>, count n: Int, beta: Float, out: UnsafeMutablePointer<Float>) {
        let block = 1024
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: block * columns)
        defer { buffer.deallocate() }
        bits.withUnsafeBufferPointer { b in
            var first = 0
            while first < rows {
                let count = min(block, rows - first)
                for r in 0..<count {
                    let src = b.baseAddress! + (first + r) * stride, dst = buffer + r * columns
                    for c in 0..<columns { dst[c] = Float(bitPattern: UInt32(src[c]) << 16) }
                }
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(count), Int32(columns),
                            1, x, Int32(columns), buffer, Int32(columns), beta, out + first, Int32(rows))
                first += count
            }
        }
    }
}
