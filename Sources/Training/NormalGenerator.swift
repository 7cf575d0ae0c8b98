import EmergeSupport
import Foundation
import TaskSuite

/// Standard normal draws from a seeded SplitMix64 (Box–Muller, both values used).
struct NormalGenerator {
    var uniform: SplitMix64
    var spare: Double?
    init(seed: UInt64) { uniform = SplitMix64(seed: seed) }

    mutating func next() -> Double {
        if let value = spare { spare = nil; return value }
        var u1 = uniform.unitDouble()
        while u1 <= .leastNormalMagnitude { u1 = uniform.unitDouble() }
        let u2 = uniform.unitDouble()
        let radius = (-2 * log(u1)).squareRoot()
        spare = radius * sin(2 * .pi * u2)
        return radius * cos(2 * .pi * u2)
    }
}
