/// The 64-bit FNV-1a hash of a string's UTF-8 bytes.
///
/// Swift's `Hasher` is seeded afresh in every process, so it cannot decide
/// anything that must come out the same next time: which split an example
/// belongs to, or the seed of a bootstrap. This hash is the same on every run
/// and every platform (FNV-1a of "" is 0xCBF29CE484222325, of "a"
/// 0xAF63DC4C8601EC8C).
@inlinable
public func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
}
