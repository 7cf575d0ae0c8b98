import Foundation
import EmergeSupport
import Testing

struct SplitMix64Tests {
    @Test("the stream matches the reference SplitMix64 (Vigna's splitmix64.c) for seeds 0 and 1234567")
    func referenceValues() {
        var zero = SplitMix64(seed: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var other = SplitMix64(seed: 1_234_567)
        #expect([other.next(), other.next(), other.next()] == [0x599E_D017_FB08_FC85, 0x2C73_F084_5854_0FA5, 0x883E_BCE5_A3F2_7C77])
    }

    @Test("mix is the finaliser of next: one draw from seed s is mix(s + golden ratio)")
    func mixIsTheFinaliser() {
        for seed: UInt64 in [0, 1, 42, .max] {
            var g = SplitMix64(seed: seed)
            #expect(g.next() == SplitMix64.mix(seed &+ 0x9E37_79B9_7F4A_7C15))
        }
    }

    @Test("below, remainder and unitDouble each take one draw and reduce it as documented")
    func reductions() {
        var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7)
        for bound in [1, 2, 3, 10, 1000, 1 << 40] {
            let raw = b.next()
            #expect(a.below(bound) == Int(raw.multipliedFullWidth(by: UInt64(bound)).high))
            let raw2 = b.next()
            #expect(a.remainder(bound) == Int(raw2 % UInt64(bound)))
            let raw3 = b.next()
            let u = a.unitDouble()
            #expect(u == Double(raw3 >> 11) * 0x1p-53 && u >= 0 && u < 1)
        }
        #expect(a == b)
    }

    @Test("a saved state restores the stream exactly, through Codable too")
    func stateRestores() throws {
        var g = SplitMix64(seed: 99)
        for _ in 0..<5 { _ = g.next() }
        var copy = SplitMix64(seed: 0)
        copy.state = g.state
        #expect((0..<10).map { _ in g.next() } == (0..<10).map { _ in copy.next() })
        let restored = try JSONDecoder().decode(SplitMix64.self, from: JSONEncoder().encode(g))
        var r = restored
        #expect(r.next() == g.next())
    }

    @Test("below stays in range and covers it")
    func belowCoversItsRange() {
        var g = SplitMix64(seed: 3)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let v = g.below(7)
            #expect((0..<7).contains(v))
            seen.insert(v)
        }
        #expect(seen.count == 7)
    }
}

struct StableHashTests {
    @Test("FNV-1a 64 reference values, UTF-8 bytes included")
    func referenceValues() {
        #expect(stableHash("") == 0xCBF2_9CE4_8422_2325)
        #expect(stableHash("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(stableHash("foobar") == 0x8594_4171_F739_67E8)
        #expect(stableHash("é") == 0x0AC2_1707_B718_1E01)
    }
}
