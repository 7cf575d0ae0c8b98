import Foundation
@testable import InferenceCore
import Testing

struct VectorMathTests {
    @Test("exp gives the same bits on a scalar and on every SIMD8 lane, within 2e-7 of Foundation's")
    func oneExponential() {
        var inputs: [Float] = stride(from: -100, through: 100, by: 0.37).map { Float($0) }
        inputs += [0, -0, 1, -1, 88.3, -87.3, 1e-8, -1e-8, 0.5, 20.25]
        while inputs.count % 8 != 0 { inputs.append(Float(inputs.count) / 7) }
        for start in stride(from: 0, to: inputs.count, by: 8) {
            let lanes = SIMD8<Float>(inputs[start..<(start + 8)])
            let vector: SIMD8<Float> = VectorMath.exp(lanes)
            for k in 0..<8 {
                let x = lanes[k]
                let scalar: Float = VectorMath.exp(x)
                #expect(vector[k].bitPattern == scalar.bitPattern, "lane \(k) of exp(\(x))")
                let clamped = Double(min(max(x, -87.3), 88.3))
                let reference = Foundation.exp(clamped)
                if reference > 1e-37 { #expect(abs(Double(scalar) - reference) / reference < 2e-7, "exp(\(x))") }
            }
        }
    }
}
