import EmergeSupport
import Foundation
import Testing
import EmergeTestSupport
@testable import ScalingFits

/// Gaussian noise from a seeded generator (Box–Muller).
func gaussian(_ rng: inout SplitMix64) -> Double {
    let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
}

/// x log-spaced over 1e15…1e25 FLOPs: the dynamic range the fits must handle.
func flopsGrid(_ count: Int, from lo: Double = 15, to hi: Double = 25) -> [Double] {
    (0..<count).map { pow(10, lo + (hi - lo) * Double($0) / Double(count - 1)) }
}

func noisy(_ x: [Double], seed: UInt64, sigma: Double, _ f: (Double) -> Double) -> [Double] {
    var rng = SplitMix64(seed: seed)
    return x.map { f($0) + sigma * gaussian(&rng) }
}

let seeds: [UInt64] = Array(1...20)

@Test(arguments: seeds) func linearLogRecoversSlopeAndIntercept(seed: UInt64) throws {
    let x = flopsGrid(12)
    let y = noisy(x, seed: seed, sigma: 0.005) { 0.2 + 0.05 * log10($0) }
    let fit = try fitPoints(x: x, y: y, options: FitOptions(law: .linearLog))
    #expect(abs(fit.parameter("b")!.value - 0.05) < 0.003)
    #expect(abs(fit.parameter("a")!.value - 0.2) < 0.06)
    #expect(fit.r2 > 0.98)
}

@Test(arguments: seeds) func powerLawRecoversExponentOverTenDecades(seed: UInt64) throws {
    let x = flopsGrid(15)
    let y = noisy(x, seed: seed, sigma: 0.005) { 1.7 + 2000 * pow($0, -0.2) }
    let fit = try fitPoints(x: x, y: y, options: FitOptions(law: .power))
    #expect(abs(fit.parameter("b")!.value - 0.2) < 0.02)
    #expect(abs(fit.parameter("c")!.value - 1.7) < 0.05)
    #expect(abs(log10(fit.parameter("a")!.value) - log10(2000)) < 0.5)
}

@Test(arguments: seeds) func increasingPowerMirrorRecoversCeiling(seed: UInt64) throws {
    let x = flopsGrid(15)
    let y = noisy(x, seed: seed, sigma: 0.005) { 0.9 - 3000 * pow($0, -0.25) }
    let fit = try fitPoints(x: x, y: y, options: FitOptions(law: .power))
    #expect(fit.parameter("a")!.value < 0)
    #expect(abs(fit.parameter("b")!.value - 0.25) < 0.03)
    #expect(abs(fit.parameter("c")!.value - 0.9) < 0.03)
}

@Test(arguments: seeds) func sigmoidLogRecoversMidpointAndSteepness(seed: UInt64) throws {
    let x = flopsGrid(15)
    let y = noisy(x, seed: seed, sigma: 0.01) { 0.05 + 0.8 / (1 + exp(-3 * (log10($0) - 20))) }
    let fit = try fitPoints(x: x, y: y, options: FitOptions(law: .sigmoidLog))
    #expect(abs(fit.parameter("m")!.value - 20) < 0.1)
    #expect(abs(fit.parameter("k")!.value / 3 - 1) < 0.3)
    #expect(abs(fit.parameter("lo")!.value - 0.05) < 0.03)
    #expect(abs(fit.parameter("hi")!.value - 0.85) < 0.03)
    #expect(abs(log10(fit.transition!.value) - 20) < 0.1)
}

@Test(arguments: seeds) func taskLawRecoversExponent(seed: UInt64) throws {
    let x = flopsGrid(15)
    let y = noisy(x, seed: seed, sigma: 0.005) { exp(-1e6 * pow($0, -0.3)) }.map { min(max($0, 0), 1) }
    let fit = try fitPoints(x: x, y: y, options: FitOptions(law: .taskLaw))
    #expect(abs(fit.parameter("alpha")!.value - 0.3) < 0.03)
    #expect(abs(log10(fit.parameter("c")!.value) - 6) < 0.75)
}

@Test(arguments: seeds) func bnslRecoversBreakAndSlopes(seed: UInt64) throws {
    // A loss that bends from a shallow to a steep power law at d1 = 1e20.
    let x = flopsGrid(25)
    let truth: (Double) -> Double = { x in 0.2 + 3e3 * pow(x, -0.2) * pow(1 + pow(x / 1e20, 1 / 0.2), -0.3 * 0.2) }
    let y = noisy(x, seed: seed, sigma: 1e-4, truth)
    let fit = try fitPoints(x: x, y: y, options: FitOptions(law: .bnsl, breaks: 1))
    #expect(abs(log10(fit.parameter("d1")!.value) - 20) < 0.3)
    #expect(abs(fit.parameter("c0")!.value - 0.2) < 0.03)
    #expect(abs(fit.parameter("c1")!.value - 0.3) < 0.06)
    #expect(abs(fit.parameter("a")!.value - 0.2) < 0.05)
    #expect(fit.residualSD < 3e-4)
}

@Test func bnslWithTwoBreaksFitsTwoBends() throws {
    let x = flopsGrid(30)
    let truth: (Double) -> Double = { x in
        0.1 + 1e3 * pow(x, -0.15) * pow(1 + pow(x / 1e18, 1 / 0.1), -0.2 * 0.1) * pow(1 + pow(x / 1e22, 1 / 0.1), -0.3 * 0.1)
    }
    let y = x.map(truth)
    let two = try fitPoints(x: x, y: y, options: FitOptions(law: .bnsl, breaks: 2))
    let one = try fitPoints(x: x, y: y, options: FitOptions(law: .bnsl, breaks: 1))
    #expect(two.parameters.count == 9)
    #expect(two.rss < one.rss)
    let maxRelative = zip(x, y).map { abs(two.predict(x: $0.0) / $0.1 - 1) }.max()!
    #expect(maxRelative < 0.01)
}
