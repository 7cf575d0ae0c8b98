/// The random draws BIG-bench makes, bit for bit: numpy's legacy
/// `RandomState(seed)` (a 32-bit Mersenne Twister, MT19937) and the three
/// ways BIG-bench uses it — shuffling choices, drawing few-shot exemplars
/// without replacement, and picking one of several acceptable targets.
///
/// BIG-bench renders its prompts with `numpy.random.RandomState(42)`; to show
/// a model the very prompts BIG-bench shows, emerge must draw the same numbers.
/// The rules reproduced here (checked against numpy 2.x in the tests):
/// - seeding: `mt[0] = seed`, `mt[i] = 1812433253 · (mt[i−1] ^ (mt[i−1] >> 30)) + i`
///   (32-bit arithmetic), the reference MT19937 `init_genrand`;
/// - a bounded integer in `0...max`: draw 32-bit words, keep the bits under
///   the smallest all-ones mask covering `max`, reject values above `max`
///   (no draw at all when `max` is 0);
/// - `permutation(n)`: start from `0..<n` and, for `i` from `n−1` down to 1,
///   swap position `i` with a bounded integer in `0...i` (Fisher–Yates);
/// - `choice(n, k, replace: false)`: the first `k` entries of `permutation(n)`;
/// - `choice(list)` (one element, with replacement): the element at a bounded
///   integer in `0...(count−1)`.
public struct NumpyRandomState: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// `numpy.random.RandomState(seed)` for a seed in `0..<2³²`.
    public init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    /// The next 32-bit output of the generator.
    public mutating func nextUInt32() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        for k in 0..<624 {
            let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
            state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// A uniform integer in `0...max` by masked rejection, as numpy's legacy
    /// bounded integers draw it (`max` below 2³²).
    public mutating func integer(upTo max: Int) -> Int {
        precondition(max >= 0 && max <= Int(UInt32.max), "bound out of range")
        if max == 0 { return 0 }
        var mask = UInt32(max)
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16
        while true {
            let value = nextUInt32() & mask
            if value <= UInt32(max) { return Int(value) }
        }
    }

    /// `permutation(n)`: the integers `0..<n` shuffled.
    public mutating func permutation(_ n: Int) -> [Int] {
        var values = Array(0..<n)
        var i = n - 1
        while i > 0 {
            values.swapAt(i, integer(upTo: i))
            i -= 1
        }
        return values
    }

    /// `choice(n, count, replace=False)`: `count` distinct integers of `0..<n`.
    /// Consumes the draws of a whole `permutation(n)`, as numpy does.
    public mutating func choiceWithoutReplacement(from n: Int, count: Int) -> [Int] {
        precondition(count <= n, "cannot draw more than the population")
        return Array(permutation(n).prefix(count))
    }
}
