/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator
/// whose whole state is one `UInt64`, so a stream can be saved and restored
/// exactly.
///
/// Every seeded random choice in emerge goes through this type — task
/// examples, weight initialisation, training batches, bootstraps, sampling,
/// the simulator — so the same seed gives the same numbers on every machine.
/// The drawing methods below each consume a fixed number of `next()` values,
/// and which one a caller uses is part of its reproducible output.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable, Codable {
    /// The full generator state; assigning it restores a saved stream.
    public var state: UInt64

    /// A stream that starts at `seed` (any value, 0 included).
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits: advances the state by the golden-ratio
    /// increment and returns its `mix`.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective 64-bit hash. Used on its own to
    /// derive independent seeds and to partition examples into train and
    /// test sets.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (`bound` > 0) from one draw, by
    /// Lemire's multiply-shift (the high 64 bits of `next() × bound`); the
    /// bias, below bound / 2⁶⁴, is irrelevant at the sizes used here.
    @inlinable
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `0..<bound` (`bound` > 0) from one draw, as the
    /// remainder `next() % bound` (bias below bound / 2⁶⁴). The scaling-law
    /// bootstraps resample with this reduction; `below` is the other one, and
    /// the two give different streams of indices from the same seed.
    @inlinable
    public mutating func remainder(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next() % UInt64(bound))
    }

    /// A uniform double in [0, 1) from the top 53 bits of one draw.
    @inlinable
    public mutating func unitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
