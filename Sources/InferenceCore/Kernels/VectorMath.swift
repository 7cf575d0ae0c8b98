import Foundation

/// Branch-free scalar transcendental functions written so that LLVM's loop
/// vectorizer turns loops over them into SIMD code (no traps, no libm calls:
/// float ↔ int through bit patterns only).
package enum VectorMath {
    /// e^x for a scalar, written so that loops over it vectorise. Cody–Waite
    /// range reduction x = n·ln 2 + r with |r| ≤ ln 2 / 2, then Cephes'
    /// degree-6 polynomial for e^r; inputs are clamped to [−87.3, 88.3], and
    /// the relative error there is below 2·10⁻⁷ (0 far below the range, where
    /// e^x underflows). `exp(_: SIMD8<Float>)` runs the same operations in the
    /// same order, so a lane gives the same bits either way.
    @inline(__always)
    package static func exp(_ input: Float) -> Float {
        let x = Swift.max(Swift.min(input, ExpConstants.upper), ExpConstants.lower)
        let shifted = x * ExpConstants.log2e + ExpConstants.shifter
        let n = shifted - ExpConstants.shifter
        var r = x - n * ExpConstants.ln2High
        r = r - n * ExpConstants.ln2Low
        var p = ExpConstants.c6
        p = p * r + ExpConstants.c5
        p = p * r + ExpConstants.c4
        p = p * r + ExpConstants.c3
        p = p * r + ExpConstants.c2
        p = p * r + ExpConstants.c1
        p = p * (r * r) + r + 1
        let integer = shifted.bitPattern &- ExpConstants.shifterBits
        return p * Float(bitPattern: (integer &+ 127) &<< 23)
    }

    /// e^x in eight lanes: `exp(_: Float)` step for step on vectors
    /// (Training's kernels). Concrete rather than generic over the lane type:
    /// a generic body reached the vector operations through protocol
    /// witnesses that were never inlined, which cost half of a training step.
    @inline(__always)
    package static func exp(_ input: SIMD8<Float>) -> SIMD8<Float> {
        var x = input.replacing(with: ExpConstants.lower, where: input .< ExpConstants.lower)
        x.replace(with: ExpConstants.upper, where: x .> ExpConstants.upper)
        let shifted = x * ExpConstants.log2e + ExpConstants.shifter
        let n = shifted - ExpConstants.shifter
        var r = x - n * ExpConstants.ln2High
        r = r - n * ExpConstants.ln2Low
        var p = SIMD8<Float>(repeating: ExpConstants.c6)
        p = p * r + ExpConstants.c5
        p = p * r + ExpConstants.c4
        p = p * r + ExpConstants.c3
        p = p * r + ExpConstants.c2
        p = p * r + ExpConstants.c1
        p = p * (r * r) + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- ExpConstants.shifterBits
        return p * unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
    }

    /// tanh(x) = 1 − 2/(e^{2x} + 1), exact at the saturated ends.
    @inline(__always)
    static func tanh(_ x: Float) -> Float { 1 - 2 / (exp(2 * x) + 1) }

    /// buffer[i] = f(buffer[i]) for i in 0..<count.
    @inline(__always)
    static func map(_ buffer: UnsafeMutablePointer<Float>, count: Int, _ f: (Float) -> Float) {
        for i in 0..<count { buffer[i] = f(buffer[i]) }
    }

    /// Σ x[0..<count] with 8 independent lanes (Float), for short blocks.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        let raw = UnsafeRawPointer(x)
        var lanes = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= count { lanes += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self); i += 8 }
        var total = lanes.sum()
        while i < count { total += x[i]; i += 1 }
        return total
    }
}

/// The constants of `VectorMath.exp`, one set for the scalar and the vector.
private enum ExpConstants {
    static let lower: Float = -87.3, upper: Float = 88.3
    static let log2e: Float = 1.442_695_04
    /// 1.5·2²³: adding it rounds to the nearest integer and leaves that
    /// integer in the low mantissa bits (`shifterBits` is its bit pattern).
    static let shifter: Float = 12_582_912
    static let shifterBits: UInt32 = 0x4B40_0000
    /// ln 2 split so that n·ln2High is exact for the n that occur.
    static let ln2High: Float = 0.693_359_375, ln2Low: Float = -2.121_944_4e-4
    static let c6: Float = 1.987_569_15e-4, c5: Float = 1.398_199_950_7e-3, c4: Float = 8.333_451_907_3e-3
    static let c3: Float = 4.166_579_589_4e-2, c2: Float = 1.666_666_545_9e-1, c1: Float = 5.000_000_120_1e-1
}
