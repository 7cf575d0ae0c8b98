/// SplitMix64: a tiny, fast, seedable generator whose whole state is one
/// `UInt64`, so a training run can save and restore it exactly.
///
/// Every random choice in TaskSuite and Training goes through this type, so the
/// same seed gives the same examples and the same weights on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable, Codable {
    /// The full generator state; assigning it restores a saved stream.
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective 64-bit hash, also used to
    /// partition examples into train and test sets.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0), by Lemire's multiply-shift;
    /// the tiny bias (< bound / 2⁶⁴) is irrelevant at the sizes used here and
    /// keeps one draw per value, which keeps streams easy to reason about.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func unitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
