import Foundation
import Testing
@testable import ScalingFits

/// Caballero et al. 2022, Figure 4 left (4-digit addition): a one-break BNSL
/// fitted to the first 14 points on ln(1 + y), extrapolated to the last 3.
/// Their published code reaches RMSLE 0.0006 (fit) and 0.0109 (extrapolation).
@Test func bnslReproducesFourDigitAdditionExtrapolation() throws {
    let table = try fixtureTable("bnsl_4_digit_addition")
    let x = try table.column("training_set_size"), y = try table.column("test_cross_entropy")
    #expect(x.count == 17)
    let fit = try fitPoints(x: Array(x[..<14]), y: Array(y[..<14]),
                            options: FitOptions(law: .bnsl, breaks: 1, scale: .log1p))
    func rmsle(_ range: Range<Int>) -> Double {
        let s = range.map { i -> Double in let d = log(fit.predict(x: x[i])) - log(y[i]); return d * d }
        return (s.reduce(0, +) / Double(s.count)).squareRoot()
    }
    let train = rmsle(0..<14), extrapolated = rmsle(14..<17)
    print("BNSL 4-digit addition: RMSLE fit \(train), extrapolated \(extrapolated); params \(fit.parameters.map { "\($0.name)=\($0.value)" })")
    #expect(train <= 0.001)
    #expect(extrapolated <= 0.011)
}
