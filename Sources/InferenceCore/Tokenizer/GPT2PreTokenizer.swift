/// The GPT-2 pre-tokenization pattern, implemented by hand over Unicode scalars:
///
///     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// Alternatives are tried in order at each position, exactly as the regex
/// engine does, including the look-ahead that leaves the last space of a run
/// to start the next word.
enum GPT2PreTokenizer {
    private enum Kind { case letter, number, space, other }

    /// Splits `s` into the pieces the pattern matches (as index ranges).
    static func split(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        let kinds: [Kind] = s.map { c in
            isLetter(c) ? .letter : isNumber(c) ? .number : c.properties.isWhitespace ? .space : .other
        }
        var pieces: [Range<Int>] = []
        var i = 0
        while i < s.count {
            let end = matchEnd(at: i, s, kinds)
            pieces.append(i..<end)
            i = end
        }
        return pieces
    }

    private static func matchEnd(at i: Int, _ s: [Unicode.Scalar], _ kinds: [Kind]) -> Int {
        let n = s.count
        // 's 't 're 've 'm 'll 'd
        if s[i] == "'" && i + 1 < n {
            let a = s[i + 1]
            if a == "s" || a == "t" || a == "m" || a == "d" { return i + 2 }
            if i + 2 < n {
                let b = s[i + 2]
                if (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") { return i + 3 }
            }
        }
        // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+'
        let first = s[i] == " " ? i + 1 : i
        if first < n && kinds[first] != .space {
            let kind = kinds[first]
            var j = first
            while j < n && kinds[j] == kind { j += 1 }
            return j
        }
        // '\s+(?!\S)' then '\s+'
        var j = i
        while j < n && kinds[j] == .space { j += 1 }
        if j == n || j - i == 1 { return j }
        return j - 1
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isNumber(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c >= "0" && c <= "9" }
        switch c.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
}
