/// GPT-2's reversible byte ↔ Unicode map: printable Latin-1 bytes stand for
/// themselves, the other 68 bytes are shifted to U+0100 and up (so a space is
/// "Ġ", a newline "Ċ"). Byte-level BPE vocabularies are written in it.
public enum ByteLevelAlphabet {
    /// `character[b]` is the symbol for byte `b`.
    public static let character: [Character] = {
        var printable = Array(33...126) + Array(161...172) + Array(174...255)
        var codes = printable
        var extra = 0
        for b in 0..<256 where !printable.contains(b) {
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
        }
        var table = [Character](repeating: " ", count: 256)
        for (b, code) in zip(printable, codes) { table[b] = Character(Unicode.Scalar(UInt32(code))!) }
        return table
    }()

    /// The inverse map, scalar value → byte.
    static let byte: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (b, ch) in character.enumerated() { map[ch.unicodeScalars.first!.value] = UInt8(b) }
        return map
    }()
}
