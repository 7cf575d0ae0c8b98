import EmergeSupport
import Testing
@testable import EmergenceMetrics

@Suite("Levenshtein distance")
struct LevenshteinTests {
    @Test func emptySequences() {
        #expect(levenshteinDistance([Int](), []) == 0)
        #expect(levenshteinDistance([], [1, 2, 3]) == 3)
        #expect(levenshteinDistance([1, 2, 3], []) == 3)
    }

    @Test func identicalIsZero() {
        #expect(levenshteinDistance([5, 6, 7, 8], [5, 6, 7, 8]) == 0)
    }

    @Test func oneInsertionOrDeletion() {
        #expect(levenshteinDistance([1, 2, 3], [1, 9, 2, 3]) == 1)
        #expect(levenshteinDistance([1, 9, 2, 3], [1, 2, 3]) == 1)
        #expect(levenshteinDistance([1, 2, 3], [1, 2, 3, 4]) == 1)
    }

    @Test func substitutionCostsOne() {
        #expect(levenshteinDistance([1, 2, 3], [1, 7, 3]) == 1)
        #expect(levenshteinDistance([1, 2, 3], [4, 5, 6]) == 3)
    }

    @Test func transpositionCountsTwo() {
        #expect(levenshteinDistance([1, 2], [2, 1]) == 2)
        #expect(levenshteinDistance([4, 1, 2, 5], [4, 2, 1, 5]) == 2)
    }

    @Test func classicWordPairs() {
        #expect(levenshteinDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(levenshteinDistance(Array("flaw"), Array("lawn")) == 2)
        #expect(levenshteinDistance(Array("intention"), Array("execution")) == 5)
    }

    @Test func symmetricOnSeededPairs() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 0...8, using: &rng)).map { _ in Int.random(in: 0...3, using: &rng) }
            let b = (0..<Int.random(in: 0...8, using: &rng)).map { _ in Int.random(in: 0...3, using: &rng) }
            let d = levenshteinDistance(a, b)
            #expect(d == levenshteinDistance(b, a))
            #expect(d >= abs(a.count - b.count) && d <= max(a.count, b.count))
        }
    }
}
