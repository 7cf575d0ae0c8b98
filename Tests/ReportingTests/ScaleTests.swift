import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import Reporting

@Suite("Scales and ticks")
struct ScaleTests {
    @Test("a log scale maps decades linearly: 1e21 is halfway on 1e19…1e23")
    func logPixel() {
        let s = LogScale(lowerDecade: 19, upperDecade: 23, pixelStart: 100, pixelEnd: 500)
        #expect(s.pixel(1e21) == 300)
        #expect(s.pixel(1e19) == 100)
        #expect(abs(s.pixel(1e23) - 500) < 1e-9)
        #expect(abs(s.pixel(3.1622776601683795e20) - 250) < 1e-9)
    }

    @Test("the domain widens to whole decades; majors are exactly those decades, minors 2…9")
    func decades() {
        let s = LogScale(covering: [3e19, 1e21, 2e22])
        #expect(s.lowerDecade == 19 && s.upperDecade == 23)
        let ticks = s.ticks()
        #expect(ticks.filter(\.major).compactMap(\.label?.plain) == ["10^19", "10^20", "10^21", "10^22", "10^23"])
        let minors = ticks.filter { !$0.major }
        #expect(minors.count == 4 * 8)
        #expect(minors.prefix(8).map(\.value).map { ($0 / 1e19).rounded() } == [2, 3, 4, 5, 6, 7, 8, 9])
        // An exact power of ten is its own bound, not pushed one decade out.
        let exact = LogScale(covering: [1e18, 1e21])
        #expect(exact.lowerDecade == 18 && exact.upperDecade == 21)
        // One value on a power of ten gets a decade each side.
        let single = LogScale(covering: [1e22])
        #expect(single.lowerDecade == 21 && single.upperDecade == 23)
    }

    @Test("crowded decades are labelled every k-th decade, never overlapping")
    func stride() {
        let s = LogScale(lowerDecade: 0, upperDecade: 40, pixelStart: 0, pixelEnd: 400)
        let k = s.labelStride(fontSize: 12)
        #expect(k > 1)
        let perDecade = 400.0 / 40
        let widest = TickLabel(base: "10", exponent: "40").width(fontSize: 12)
        #expect(Double(k) * perDecade >= widest + 8)
        #expect(Double(k - 1) * perDecade < widest + 8)
    }

    @Test("linear ticks use 1-2-5 steps and cover the data")
    func linear() {
        #expect(LinearScale.niceStep(0.17) == 0.2)
        #expect(LinearScale.niceStep(0.5) == 0.5)
        #expect(LinearScale.niceStep(3) == 5)
        let s = LinearScale(lower: 0.03, upper: 0.91, targetTicks: 5)
        #expect(s.lower == 0 && s.upper == 1)
        #expect(s.ticks.compactMap(\.label?.plain) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let neg = LinearScale(lower: -0.93, upper: -0.2, targetTicks: 4)
        #expect(neg.ticks.compactMap(\.label?.plain).first == "−1.0")
        let flat = LinearScale(lower: 0, upper: 0)
        #expect(flat.upper > flat.lower)
    }

    @Test("numbers print round-trippably in CSV and with fixed significant digits for people")
    func numbers() {
        var g = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let bits = g.next()
            let x = Double(bitPattern: bits)
            guard x.isFinite else { continue }
            #expect(Double(NumberText.full(x)) == x)
        }
        #expect(NumberText.full(nil) == "")
        #expect(NumberText.full(.infinity) == "inf")
        #expect(NumberText.short(2.5e20) == "2.50e20")
        #expect(NumberText.short(0.51234) == "0.512")
        #expect(NumberText.short(-0.0001) == "-1.00e-4")
        #expect(NumberText.short(123.456) == "123")
        #expect(NumberText.short(-0.09999999) == "-0.100")
        #expect(NumberText.short(0.99999) == "1.00")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(12.345) == "12.35" || SVGNumber.format(12.345) == "12.34")
        #expect(SVGNumber.format(3.1) == "3.1")
    }
}

