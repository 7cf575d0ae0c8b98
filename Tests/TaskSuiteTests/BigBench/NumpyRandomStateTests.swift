import Testing
@testable import TaskSuite

/// Known answers of numpy 2.4 (`numpy.random.RandomState`, legacy seeding):
/// emerge must draw what BIG-bench draws.
@Suite struct NumpyRandomStateTests {
    @Test func rawOutputsMatchNumpy() {
        // numpy: bg = MT19937(); bg._legacy_seeding(42); bg.random_raw(3)
        var random = NumpyRandomState(seed: 42)
        #expect([random.nextUInt32(), random.nextUInt32(), random.nextUInt32()] == [1_608_637_542, 3_421_126_067, 4_083_286_876])
        var zero = NumpyRandomState(seed: 0)
        #expect([zero.nextUInt32(), zero.nextUInt32()] == [2_357_136_044, 2_546_248_239])
    }

    @Test func permutationsMatchNumpy() {
        // numpy: RandomState(42).permutation(n)
        let expected: [Int: [Int]] = [
            2: [1, 0], 3: [0, 1, 2], 5: [1, 4, 2, 0, 3], 7: [0, 1, 5, 2, 4, 3, 6],
            10: [8, 1, 5, 0, 7, 2, 9, 4, 3, 6],
        ]
        for (n, permutation) in expected {
            var random = NumpyRandomState(seed: 42)
            #expect(random.permutation(n) == permutation, "n = \(n)")
        }
    }

    @Test func aSequenceOfDrawsMatchesNumpy() {
        // numpy: r = RandomState(7); r.choice(30, 4, replace=False), r.randint(0, 3),
        //        r.randint(0, 5), r.permutation(6)
        var random = NumpyRandomState(seed: 7)
        #expect(random.choiceWithoutReplacement(from: 30, count: 4) == [2, 17, 1, 9])
        #expect(random.integer(upTo: 2) == 1)
        #expect(random.integer(upTo: 4) == 0)
        #expect(random.permutation(6) == [3, 4, 5, 1, 0, 2])
    }

    @Test func aBoundOfZeroDrawsNothing() {
        var a = NumpyRandomState(seed: 3), b = NumpyRandomState(seed: 3)
        #expect(a.integer(upTo: 0) == 0)
        #expect(a.nextUInt32() == b.nextUInt32())
    }
}
