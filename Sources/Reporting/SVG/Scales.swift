import Foundation

/// A tick on an axis: where it sits (data units), whether it is labelled,
/// and its label.
public struct Tick: Sendable, Equatable {
    public var value: Double
    public var major: Bool
    public var label: TickLabel?
}

/// A tick label: plain text ("0.5") or a power of ten (base "10", exponent "21").
public struct TickLabel: Sendable, Equatable {
    public var base: String
    public var exponent: String?

    /// The label as one string ("10^21" for a power), used in tests and notes.
    public var plain: String { exponent.map { "\(base)^\($0)" } ?? base }

    /// Width in pixels: the exponent is drawn at 75% size.
    public func width(fontSize: Double) -> Double {
        TextMetrics.width(base, fontSize: fontSize)
            + (exponent.map { TextMetrics.width($0, fontSize: fontSize * 0.75) } ?? 0)
    }
}

/// A log10 scale over whole decades: the domain is widened to the enclosing
/// powers of ten, majors at every decade, minors at 2…9 × 10^k.
public struct LogScale: Sendable, Equatable {
    /// Exponents of the domain's ends (10^lowerDecade … 10^upperDecade).
    public let lowerDecade: Int
    public let upperDecade: Int
    /// Pixel positions of the domain's ends (for y, start is the bottom).
    public var pixelStart: Double
    public var pixelEnd: Double

    public init(lowerDecade: Int, upperDecade: Int, pixelStart: Double = 0, pixelEnd: Double = 1) {
        precondition(upperDecade > lowerDecade, "a log scale spans at least one decade")
        self.lowerDecade = lowerDecade; self.upperDecade = upperDecade
        self.pixelStart = pixelStart; self.pixelEnd = pixelEnd
    }

    /// The smallest whole-decade domain holding every positive finite value;
    /// one decade around 1 when there are none.
    public init(covering values: [Double], pixelStart: Double = 0, pixelEnd: Double = 1) {
        let logs = values.filter { $0 > 0 && $0.isFinite }.map(log10)
        guard let lo = logs.min(), let hi = logs.max() else {
            self.init(lowerDecade: 0, upperDecade: 1, pixelStart: pixelStart, pixelEnd: pixelEnd); return
        }
        // Round to 1e-9 before floor/ceil so 1e21 (log10 = 20.999999…) counts as a decade.
        var lower = Int(floor((lo * 1e9).rounded() / 1e9))
        var upper = Int(ceil((hi * 1e9).rounded() / 1e9))
        if upper == lower { lower -= 1; upper += 1 }   // all values on one power of ten: centre it
        self.init(lowerDecade: lower, upperDecade: upper, pixelStart: pixelStart, pixelEnd: pixelEnd)
    }

    /// The pixel of a positive value (values outside the domain extrapolate).
    public func pixel(_ value: Double) -> Double {
        let t = (log10(value) - Double(lowerDecade)) / Double(upperDecade - lowerDecade)
        return pixelStart + t * (pixelEnd - pixelStart)
    }

    public func contains(_ value: Double) -> Bool {
        value > 0 && log10(value) >= Double(lowerDecade) - 1e-9 && log10(value) <= Double(upperDecade) + 1e-9
    }

    /// The decades in the domain, as exponents.
    public var decades: [Int] { Array(lowerDecade...upperDecade) }

    /// Major ticks at every decade (labelled every `labelEvery`-th decade,
    /// counted from the lower end) and minor ticks at 2…9 × 10^k.
    public func ticks(labelEvery: Int = 1) -> [Tick] {
        var ticks: [Tick] = []
        for k in lowerDecade...upperDecade {
            let labelled = (k - lowerDecade) % max(1, labelEvery) == 0
            ticks.append(Tick(value: pow(10, Double(k)), major: true,
                              label: labelled ? TickLabel(base: "10", exponent: String(k)) : nil))
            if k < upperDecade {
                for m in 2...9 { ticks.append(Tick(value: Double(m) * pow(10, Double(k)), major: false, label: nil)) }
            }
        }
        return ticks
    }

    /// The smallest label stride whose decade labels do not touch: adjacent
    /// labels are at least `gap` pixels apart.
    public func labelStride(fontSize: Double, gap: Double = 8, vertical: Bool = false) -> Int {
        let pixelsPerDecade = abs(pixelEnd - pixelStart) / Double(upperDecade - lowerDecade)
        let need: Double
        if vertical {
            need = TextMetrics.lineHeight(fontSize: fontSize) + gap / 2
        } else {
            let widest = decades.map { TickLabel(base: "10", exponent: String($0)).width(fontSize: fontSize) }.max() ?? 0
            need = widest + gap
        }
        var stride = 1
        while Double(stride) * pixelsPerDecade < need && stride < upperDecade - lowerDecade { stride += 1 }
        return stride
    }
}

/// A linear scale with "nice" ticks (steps of 1, 2 or 5 × 10^k).
public struct LinearScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public var pixelStart: Double
    public var pixelEnd: Double
    /// The distance between ticks.
    public let step: Double

    /// A scale over `lower…upper` (widened to the tick step when `nice`)
    /// with about `targetTicks` ticks.
    public init(lower: Double, upper: Double, targetTicks: Int = 6, nice: Bool = true,
                pixelStart: Double = 0, pixelEnd: Double = 1) {
        var lo = lower, hi = upper
        if !(hi > lo) {                       // flat or empty: open a window around the value
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad; hi += pad
        }
        let step = LinearScale.niceStep((hi - lo) / Double(max(1, targetTicks)))
        if nice {
            lo = (lo / step).rounded(.down) * step
            hi = (hi / step).rounded(.up) * step
        }
        self.lower = lo; self.upper = hi; self.step = step
        self.pixelStart = pixelStart; self.pixelEnd = pixelEnd
    }

    /// 1, 2 or 5 × 10^k, the smallest not below `raw`.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 && raw.isFinite else { return 1 }
        let power = pow(10, floor(log10(raw)))
        for m in [1.0, 2.0, 5.0, 10.0] where m * power >= raw * (1 - 1e-12) { return m * power }
        return 10 * power
    }

    public func pixel(_ value: Double) -> Double {
        pixelStart + (value - lower) / (upper - lower) * (pixelEnd - pixelStart)
    }

    public func contains(_ value: Double) -> Bool {
        let eps = (upper - lower) * 1e-9
        return value >= lower - eps && value <= upper + eps
    }

    /// Ticks at multiples of `step` inside the domain, labelled with just
    /// enough decimals for the step.
    public var ticks: [Tick] {
        let decimals = max(0, -Int(floor(log10(step) + 1e-9)))
        let first = Int((lower / step).rounded(.up))
        let last = Int((upper / step + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        return (first...last).map { i in
            let v = Double(i) * step
            var text = String(format: "%.\(decimals)f", v)
            if Double(text) == 0 { text = String(format: "%.\(decimals)f", 0.0) }
            return Tick(value: v, major: true, label: TickLabel(base: text.replacingOccurrences(of: "-", with: "−")))
        }
    }
}

/// The y axis: linear, or log10 for positive data spanning many decades.
public enum YScale: Sendable, Equatable {
    case linear(LinearScale)
    case log(LogScale)

    public func pixel(_ value: Double) -> Double {
        switch self {
        case .linear(let s): return s.pixel(value)
        case .log(let s): return s.pixel(value)
        }
    }

    public func contains(_ value: Double) -> Bool {
        switch self {
        case .linear(let s): return s.contains(value)
        case .log(let s): return s.contains(value)
        }
    }

    /// Clamps a value into the domain (for interval bars that leave it).
    public func clamp(_ value: Double) -> Double {
        switch self {
        case .linear(let s): return min(max(value, s.lower), s.upper)
        case .log(let s):
            let lo = pow(10, Double(s.lowerDecade)), hi = pow(10, Double(s.upperDecade))
            return min(max(value, lo), hi)
        }
    }
}
