import Foundation

/// Branch-free scalar transcendental functions written so that LLVM's loop
/// vectorizer turns loops over them into SIMD code (no traps, no libm calls:
/// float ↔ int through bit patterns only).
package enum VectorMath {
    /// e^x, lane by lane, for a scalar (in loops LLVM vectorises) or a SIMD8
    /// vector (Training's kernels): one polynomial for both, so a lane gives
    /// the same bits either way. Cody–Waite range reduction x = n·ln 2 + r
    /// with |r| ≤ ln 2 / 2, then Cephes' degree-6 polynomial for e^r; inputs
    /// are clamped to [−87.3, 88.3], and the relative error there is below
    /// 2·10⁻⁷ (0 far below the range, where e^x underflows).
    @inlinable @inline(__always)
    package static func exp<Lanes: ExpLanes>(_ input: Lanes) -> Lanes {
        let x = input.clamped(lower: -87.3, upper: 88.3)
        // Adding 1.5·2²³ rounds to the nearest integer and leaves it in the low
        // mantissa bits: the rounded value and its integer, without a conversion.
        let shifter = Lanes(broadcasting: 12_582_912)
        let shifted = x * Lanes(broadcasting: 1.442_695_04) + shifter
        let n = shifted - shifter
        var r = x - n * Lanes(broadcasting: 0.693_359_375)
        r = r - n * Lanes(broadcasting: -2.121_944_4e-4)
        var p = Lanes(broadcasting: 1.987_569_15e-4)
        p = p * r + Lanes(broadcasting: 1.398_199_950_7e-3)
        p = p * r + Lanes(broadcasting: 8.333_451_907_3e-3)
        p = p * r + Lanes(broadcasting: 4.166_579_589_4e-2)
        p = p * r + Lanes(broadcasting: 1.666_666_545_9e-1)
        p = p * r + Lanes(broadcasting: 5.000_000_120_1e-1)
        p = p * (r * r) + r + Lanes(broadcasting: 1)
        return p * Lanes.powerOfTwo(roundedBy: shifted)
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

/// What `VectorMath.exp` computes with: a Float or a SIMD vector of Floats.
package protocol ExpLanes {
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    /// `value` in every lane.
    init(broadcasting value: Float)
    /// Each lane limited to `lower...upper`.
    func clamped(lower: Float, upper: Float) -> Self
    /// 2ⁿ per lane, for the integer n that adding 1.5·2²³ left in the low
    /// mantissa bits of `shifted`.
    static func powerOfTwo(roundedBy shifted: Self) -> Self
}

extension Float: ExpLanes {
    @inlinable @inline(__always)
    package init(broadcasting value: Float) { self = value }

    @inlinable @inline(__always)
    package func clamped(lower: Float, upper: Float) -> Float { Swift.max(Swift.min(self, upper), lower) }

    @inlinable @inline(__always)
    package static func powerOfTwo(roundedBy shifted: Float) -> Float {
        let integer = shifted.bitPattern &- 0x4B40_0000
        return Float(bitPattern: (integer &+ 127) &<< 23)
    }
}

extension SIMD8: ExpLanes where Scalar == Float {
    @inlinable @inline(__always)
    package init(broadcasting value: Float) { self.init(repeating: value) }

    @inlinable @inline(__always)
    package func clamped(lower: Float, upper: Float) -> SIMD8<Float> {
        var x = replacing(with: lower, where: self .< lower)
        x.replace(with: upper, where: x .> upper)
        return x
    }

    @inlinable @inline(__always)
    package static func powerOfTwo(roundedBy shifted: SIMD8<Float>) -> SIMD8<Float> {
        let integer = unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- 0x4B40_0000
        return unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
    }
}
