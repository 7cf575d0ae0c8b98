import Testing
@testable import Training

/// The eight-lane helpers behind the elementwise kernels, on every length
/// around the lane width (full groups, a partial last group, both).
@Suite struct VectorKernelTests {
    /// `largest` is the exact maximum wherever it sits, the partial last
    /// group included, and the padding lanes never win (all values negative).
    @Test(arguments: [Float(0), -1000])
    func largestFindsTheMaximumAtEveryPosition(offset: Float) {
        var rng = NormalGenerator(seed: 21)
        for n in 1...40 {
            for position in 0..<n {
                var values = (0..<n).map { _ in Float(rng.next()) + offset }
                values[position] = offset + 10
                let found = values.withUnsafeBufferPointer { largest($0.baseAddress!, n) }
                #expect(found == values.max()!, "n \(n), maximum at \(position)")
            }
        }
    }
}
