/// Levenshtein edit distance: the fewest insertions, deletions and
/// substitutions (each costing 1) turning `a` into `b`. A transposition of
/// two neighbours is not a primitive edit, so it costs 2. O(|a|·|b|) time,
/// O(min(|a|, |b|)) memory.
public func levenshteinDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    // Keep the shorter sequence along the row to bound memory.
    let (long, short) = a.count >= b.count ? (a, b) : (b, a)
    if short.isEmpty { return long.count }
    if long == short { return 0 }
    var previous = Array(0...short.count)
    var current = [Int](repeating: 0, count: short.count + 1)
    for i in 1...long.count {
        current[0] = i
        let item = long[i - 1]
        for j in 1...short.count {
            let substitution = previous[j - 1] + (item == short[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        }
        swap(&previous, &current)
    }
    return previous[short.count]
}
