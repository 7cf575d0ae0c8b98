import Foundation
import Testing
@testable import ScalingFits

/// Links, principal components, splits and refusals of the prediction methods.
@Suite("Prediction: links, components and splits")
struct PredictionMethodTests {
    @Test("the power link recovers the answer length from log-likelihoods and the exponent from probabilities")
    func powerLink() throws {
        let p = [0.9, 0.8, 0.7]
        let fromLogLikelihood = try fitLink(.power, z: p.map { Foundation.log($0) }, y: p.map { pow($0, 10) })
        #expect(abs(fromLogLikelihood.parameters[0] - 10) < 1e-6)
        #expect(abs(fromLogLikelihood.apply(Foundation.log(0.5)) - pow(0.5, 10)) < 1e-9)
        let fromProbability = try fitLink(.power, z: [0.5, 0.25], y: [0.25, 0.0625], companionIsProbability: true)
        #expect(abs(fromProbability.parameters[0] - 2) < 1e-6)
        #expect(abs(fromProbability.apply(0.1) - 0.01) < 1e-9)
        #expect(throws: PredictionError.self) { try fitLink(.power, z: [-0.1, 0.3], y: [0.5, 0.9]) }
    }

    @Test("the logistic link recovers a + b·z between its floor and ceiling")
    func logisticLink() throws {
        // y = 0.25 + 0.75·σ(−2 + 3z): a four-choice task whose floor is chance.
        let z = [0.0, 0.5, 1, 1.5, 2]
        let y = z.map { 0.25 + 0.75 / (1 + Foundation.exp(-(-2 + 3 * $0))) }
        let link = try fitLink(.logistic, z: z, y: y, floor: 0.25, ceiling: 1)
        #expect(abs(link.parameters[0] + 2) < 1e-5 && abs(link.parameters[1] - 3) < 1e-5)
        #expect(abs(link.apply(2.0 / 3) - 0.625) < 1e-6)   // σ(0) = ½: halfway from 0.25 to 1
        #expect(link.residualSD < 1e-6)
        // A lower-is-better target: the floor is the worst end (ceiling < floor).
        let falling = try fitLink(.logistic, z: z, y: z.map { 1 - 1 / (1 + Foundation.exp(-(1 - 2 * $0))) }, floor: 1, ceiling: 0)
        #expect(abs(falling.parameters[0] - 1) < 1e-5 && abs(falling.parameters[1] + 2) < 1e-5)
        let linear = try fitLink(.linear, z: [1, 2, 3], y: [3, 5, 7])
        #expect(abs(linear.parameters[0] - 1) < 1e-12 && abs(linear.parameters[1] - 2) < 1e-12)
    }

    @Test("the eigen decomposition of a hand-computed 3 × 3 covariance")
    func eigenOfThreeByThree() {
        // [[4,1,0],[1,4,0],[0,0,1]]: eigenvalues 5, 3, 1 with (1,1,0)/√2, (1,−1,0)/√2, (0,0,1).
        let (values, vectors) = symmetricEigen([4, 1, 0, 1, 4, 0, 0, 0, 1], n: 3)
        #expect(zip(values, [5.0, 3, 1]).allSatisfy { abs($0 - $1) < 1e-12 })
        let first = (0..<3).map { vectors[$0 * 3] }
        #expect(abs(abs(first[0]) - 0.5.squareRoot()) < 1e-12 && abs(first[0] - first[1]) < 1e-12 && abs(first[2]) < 1e-12)
        let third = (0..<3).map { vectors[$0 * 3 + 2] }
        #expect(abs(abs(third[2]) - 1) < 1e-12)
    }

    @Test("principal components of a hand-computed 3 × 3 data matrix")
    func principalComponentsOfThreeByThree() {
        // Rows (1,0,0), (0,2,0), (0,0,0): mean (1/3, 2/3, 0); covariance
        // [[1/3, −1/3, 0], [−1/3, 4/3, 0], [0, 0, 0]], eigenvalues (5 ± √13)/6.
        let pca = PrincipalComponents(rows: [[1, 0, 0], [0, 2, 0], [0, 0, 0]], maxComponents: 3)
        #expect(pca.mean == [1.0 / 3, 2.0 / 3, 0])
        let root13 = 13.0.squareRoot()
        #expect(pca.variances.count == 2)   // the third column never varies
        #expect(abs(pca.variances[0] - (5 + root13) / 6) < 1e-12 && abs(pca.variances[1] - (5 - root13) / 6) < 1e-12)
        // (C − λ₁)v = 0 gives v_y = (1 − 3λ₁)·v_x; the sign makes the largest loading positive.
        let ratio = 1 - 3 * (5 + root13) / 6
        let norm = (1 + ratio * ratio).squareRoot()
        let expected = [-1 / norm, -ratio / norm, 0]
        #expect(zip(pca.loadings[0], expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(pca.totalVariance - 5.0 / 3) < 1e-12)
        let score = pca.scores([0, 2, 0])[0]
        #expect(abs(score - (-1.0 / 3 * expected[0] + 4.0 / 3 * expected[1])) < 1e-12)
        // Fewer rows than columns go through the Gram matrix: the same components.
        let wide = PrincipalComponents(rows: [[1, 0, 0, 2], [0, 2, 0, 1]], maxComponents: 3)
        // Centred rows ±(½, −1, 0, ½): one component, variance 2 · 1.5 / (2 − 1) = 3.
        #expect(wide.variances.count == 1 && abs(wide.variances[0] - 3) < 1e-12)
    }
}
