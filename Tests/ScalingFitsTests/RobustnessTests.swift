import Foundation
import Testing
@testable import ScalingFits

/// Every law on awkward data either answers with finite numbers or refuses with a FitError.
func finiteOrRefused(_ x: [Double], _ y: [Double], _ law: LawName) -> Bool {
    do {
        let fit = try fitPoints(x: x, y: y, options: FitOptions(law: law, bootstrap: 20, holdout: 0))
        return fit.parameters.allSatisfy { $0.value.isFinite && ($0.stderr?.isFinite ?? true) }
            && fit.r2.isFinite && fit.aic.isFinite && fit.bic.isFinite && fit.rss.isFinite
    } catch is FitError { return true } catch { return false }
}

@Test(arguments: LawName.allCases) func flatAndAllZeroCurvesNeverGiveNaN(law: LawName) {
    let x = flopsGrid(8)
    #expect(finiteOrRefused(x, [Double](repeating: 0.42, count: 8), law))
    #expect(finiteOrRefused(x, [Double](repeating: 0, count: 8), law))
    #expect(finiteOrRefused([1e15, 1e25], [0.3, 0.3], law))
    #expect(finiteOrRefused(flopsGrid(8, from: 1, to: 30), (0..<8).map { Double($0) }, law))
}

@Test func flatCurveIsAnsweredAsNoTrend() throws {
    let fit = try fitPoints(x: flopsGrid(8), y: [Double](repeating: 0.42, count: 8))
    #expect(fit.law == .linearLog)
    #expect(abs(fit.parameter("b")!.value) < 1e-12)
    #expect(fit.r2 == 1)
    let zeros = try fitPoints(x: flopsGrid(8), y: [Double](repeating: 0, count: 8))
    #expect(zeros.law == .linearLog)
    #expect(zeros.parameters.allSatisfy { $0.value == 0 })
}

@Test func twoPointCurvesFitALineAndRefuseLargerLaws() throws {
    let x = [1e18, 1e20], y = [0.1, 0.3]
    let line = try fitPoints(x: x, y: y)
    #expect(line.law == .linearLog)
    #expect(abs(line.parameter("b")!.value - 0.1) < 1e-12)
    #expect(throws: FitError.tooFewPoints(law: .power, needed: 3, got: 2)) {
        try fitPoints(x: x, y: y, options: FitOptions(law: .power))
    }
    #expect(throws: FitError.tooFewPoints(law: .linearLog, needed: 2, got: 1)) {
        try fitPoints(x: [1e18], y: [0.1], options: FitOptions(law: .linearLog))
    }
}

@Test func duplicateXIsAllowedButCountsOnce() throws {
    let fit = try fitPoints(x: [1e18, 1e18, 1e19, 1e20], y: [0.1, 0.2, 0.3, 0.4], options: FitOptions(law: .linearLog))
    #expect(fit.n == 4)
    #expect(fit.parameters.allSatisfy { $0.value.isFinite })
    #expect(throws: FitError.tooFewPoints(law: .linearLog, needed: 2, got: 1)) {
        try fitPoints(x: [1e18, 1e18], y: [0.1, 0.2], options: FitOptions(law: .linearLog))
    }
}

@Test func curveDropsMissingValuesAndNonPositiveXWithNotes() throws {
    let curve = Curve(x: [1e18, 0, -5, 1e19, 1e20, 1e21], y: [0.1, 0.2, 0.2, .nan, 0.3, 0.5])
    #expect(curve.points.count == 3)
    #expect(curve.notes.count == 3)
    #expect(curve.notes.contains { $0.contains("m3") && $0.contains("missing") })
    let fit = try fitCurve(curve, options: FitOptions(law: .linearLog))
    #expect(fit.notes.count == 3)
    #expect(throws: FitError.self) { try fitPoints(x: [0, 1e18, 1e19], y: [0.1, 0.2, 0.3]) }
}

@Test func taskLawRefusesValuesOutsideTheUnitInterval() {
    #expect(throws: FitError.self) { try fitPoints(x: flopsGrid(5), y: [0.1, 0.5, 1.5, 0.9, 0.95], options: FitOptions(law: .taskLaw)) }
}

@Test func unsortedInputIsSortedByX() throws {
    let curve = Curve(x: [1e20, 1e18, 1e19], y: [3, 1, 2])
    #expect(curve.ys == [1, 2, 3])
    let fit = try fitPoints(x: [1e20, 1e18, 1e19], y: [3, 1, 2], options: FitOptions(law: .linearLog, holdout: 1))
    #expect(abs(fit.holdout!.rmse) < 1e-9)
}
