import EmergeSupport
import Foundation
import Testing
import TaskSuite
@testable import Training

/// Finite-difference checks of every layer's backward pass on small random
/// inputs. Each layer is probed through the scalar L = Σ out·r for a fixed
/// random r (so dout = r); L is accumulated in Double and the central
/// difference uses h = 1e-2 on float32 values, which bounds the numerical
/// error near 1e-3 — the tolerance is 3e-3 absolute plus 2% relative.
@Suite struct GradientCheckTests {
    struct Buffer {
        var values: [Float]
        init(_ count: Int, scale: Float = 1, rng: inout NormalGenerator) {
            values = (0..<count).map { _ in Float(rng.next()) * scale }
        }
    }

    /// Compares analytic against central-difference gradients for every entry of `input`.
    func check(_ name: String, input: inout [Float], analytic: [Float], loss: ([Float]) -> Double,
               h: Float = 1e-2, limit: Int = 400) {
        var worst = 0.0
        for i in stride(from: 0, to: input.count, by: max(1, input.count / limit)) {
            let saved = input[i]
            input[i] = saved + h; let plus = loss(input)
            input[i] = saved - h; let minus = loss(input)
            input[i] = saved
            let numeric = (plus - minus) / Double(2 * h)
            let error = abs(numeric - Double(analytic[i]))
            worst = max(worst, error / (3e-3 + 0.02 * abs(numeric)))
            if error > 3e-3 + 0.02 * abs(numeric) {
                Issue.record("\(name)[\(i)]: analytic \(analytic[i]) vs numeric \(numeric)")
                return
            }
        }
        #expect(worst <= 1, "\(name)")
    }

    func weightedSum(_ out: [Float], _ r: [Float]) -> Double {
        zip(out, r).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    @Test func layerNorm() {
        var rng = NormalGenerator(seed: 1)
        let rows = 6, C = 8
        var x = Buffer(rows * C, rng: &rng).values
        var w = Buffer(C, rng: &rng).values, b = Buffer(C, rng: &rng).values
        let r = Buffer(rows * C, rng: &rng).values
        func forward(_ x: [Float], _ w: [Float], _ b: [Float]) -> (out: [Float], mean: [Float], rstd: [Float]) {
            var out = [Float](repeating: 0, count: rows * C), mean = [Float](repeating: 0, count: rows), rstd = mean
            layerNormForward(out: &out, mean: &mean, rstd: &rstd, inp: x, weight: w, bias: b, rows: rows, C: C, eps: 1e-5)
            return (out, mean, rstd)
        }
        let (_, mean, rstd) = forward(x, w, b)
        var dx = [Float](repeating: 0, count: rows * C), dw = [Float](repeating: 0, count: C), db = dw
        layerNormBackward(dinp: &dx, dweight: &dw, dbias: &db, dout: r, inp: x, weight: w, mean: mean, rstd: rstd, rows: rows, C: C)
        check("ln.x", input: &x, analytic: dx, loss: { weightedSum(forward($0, w, b).out, r) }, h: 1e-3)
        check("ln.w", input: &w, analytic: dw, loss: { weightedSum(forward(x, $0, b).out, r) })
        check("ln.b", input: &b, analytic: db, loss: { weightedSum(forward(x, w, $0).out, r) })
    }

    @Test func linear() {
        var rng = NormalGenerator(seed: 2)
        let rows = 5, inC = 6, outC = 7
        var x = Buffer(rows * inC, rng: &rng).values, w = Buffer(inC * outC, rng: &rng).values
        var b = Buffer(outC, rng: &rng).values
        let r = Buffer(rows * outC, rng: &rng).values
        func forward(_ x: [Float], _ w: [Float], _ b: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: rows * outC)
            linearForward(out: &out, inp: x, weight: w, bias: b, rows: rows, inC: inC, outC: outC)
            return out
        }
        var dx = [Float](repeating: 0, count: rows * inC), dw = [Float](repeating: 0, count: inC * outC)
        var db = [Float](repeating: 0, count: outC)
        linearBackward(dinp: &dx, dweight: &dw, dbias: &db, dout: r, inp: x, weight: w, rows: rows, inC: inC, outC: outC)
        check("linear.x", input: &x, analytic: dx, loss: { weightedSum(forward($0, w, b), r) })
        check("linear.w", input: &w, analytic: dw, loss: { weightedSum(forward(x, $0, b), r) })
        check("linear.b", input: &b, analytic: db, loss: { weightedSum(forward(x, w, $0), r) })
    }

    @Test func tiedHead() {
        var rng = NormalGenerator(seed: 3)
        let rows = 4, C = 6, V = 9
        var x = Buffer(rows * C, rng: &rng).values, wte = Buffer(V * C, rng: &rng).values
        let r = Buffer(rows * V, rng: &rng).values
        func forward(_ x: [Float], _ wte: [Float]) -> [Float] {
            var logits = [Float](repeating: 0, count: rows * V)
            tiedHeadForward(logits: &logits, inp: x, wte: wte, rows: rows, C: C, V: V)
            return logits
        }
        var dx = [Float](repeating: 0, count: rows * C), dwte = [Float](repeating: 0, count: V * C)
        tiedHeadBackward(dinp: &dx, dwte: &dwte, dlogits: r, inp: x, wte: wte, rows: rows, C: C, V: V)
        check("head.x", input: &x, analytic: dx, loss: { weightedSum(forward($0, wte), r) })
        check("head.wte", input: &wte, analytic: dwte, loss: { weightedSum(forward(x, $0), r) })
    }

    @Test func gelu() {
        var rng = NormalGenerator(seed: 4)
        let count = 37  // not a multiple of 8: exercises the vector body and the scalar tail
        var x = Buffer(count, scale: 2, rng: &rng).values
        let r = Buffer(count, rng: &rng).values
        func forward(_ x: [Float]) -> [Float] { forwardWithSlope(x).out }
        func forwardWithSlope(_ x: [Float]) -> (out: [Float], slope: [Float]) {
            var out = [Float](repeating: 0, count: count), slope = out
            geluForward(out: &out, slope: &slope, inp: x, count: count)
            return (out, slope)
        }
        // The tanh approximation itself, against Double.
        for (value, y) in zip(x, forward(x)) {
            let v = Double(value)
            let inner: Double = (2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v)
            let exact: Double = 0.5 * v * (1 + tanh(inner))
            #expect(abs(exact - Double(y)) < 1e-6)
        }
        var dx = [Float](repeating: 0, count: count)
        geluBackward(dinp: &dx, slope: forwardWithSlope(x).slope, dout: r, count: count)
        // The slope may overwrite the input in place, as the model does.
        var inPlace = x, inPlaceOut = [Float](repeating: 0, count: count)
        inPlace.withUnsafeMutableBufferPointer { geluForward(out: &inPlaceOut, slope: $0.baseAddress!, inp: $0.baseAddress!, count: count) }
        #expect(inPlace == forwardWithSlope(x).slope && inPlaceOut == forward(x))
        check("gelu.x", input: &x, analytic: dx, loss: { weightedSum(forward($0), r) }, h: 1e-3)
    }

    /// One tile and no padding to many: T = 37 spans ten row blocks and three
    /// column tiles, 20 channels per head two tiles.
    @Test(arguments: [(B: 2, T: 5, C: 8, NH: 2), (B: 1, T: 37, C: 40, NH: 2), (B: 2, T: 16, C: 64, NH: 2)])
    func attention(_ shape: (B: Int, T: Int, C: Int, NH: Int)) {
        var rng = NormalGenerator(seed: 5)
        let (B, T, C, NH) = shape
        var qkv = Buffer(B * T * 3 * C, rng: &rng).values
        let r = Buffer(B * T * C, rng: &rng).values
        func forward(_ qkv: [Float]) -> (out: [Float], att: [Float]) {
            var out = [Float](repeating: 0, count: B * T * C), att = [Float](repeating: 0, count: B * NH * T * T)
            attentionForward(out: &out, att: &att, qkv: qkv, lengths: [Int](repeating: T, count: B), C: C, NH: NH)
            return (out, att)
        }
        let (_, att) = forward(qkv)
        // Causality: probabilities above the diagonal are zero, rows sum to one.
        for row in 0..<(B * NH * T) {
            let t = row % T
            #expect(att[(row * T + t + 1)..<(row * T + T)].allSatisfy { $0 == 0 })
            #expect(abs(att[(row * T)..<(row * T + T)].reduce(0, +) - 1) < 1e-5)
        }
        // The output against attention computed entry by entry in Double.
        let hs = C / NH, out = forward(qkv).out
        for b in 0..<B {
            for h in 0..<NH {
                for t in 0..<T {
                    func at(_ row: Int, _ part: Int, _ d: Int) -> Double { Double(qkv[(b * T + row) * 3 * C + part * C + h * hs + d]) }
                    let scores = (0...t).map { j in (0..<hs).reduce(0.0) { $0 + at(t, 0, $1) * at(j, 1, $1) } / Double(hs).squareRoot() }
                    let weights = scores.map { exp($0 - scores.max()!) }, total = weights.reduce(0, +)
                    for d in 0..<hs {
                        let expected = (0...t).reduce(0.0) { $0 + weights[$1] / total * at($1, 2, d) }
                        #expect(abs(Double(out[(b * T + t) * C + h * hs + d]) - expected) < 1e-5)
                    }
                }
            }
        }
        var dqkv = [Float](repeating: 0, count: B * T * 3 * C)
        attentionBackward(dqkv: &dqkv, dout: r, qkv: qkv, att: att, lengths: [Int](repeating: T, count: B), C: C, NH: NH)
        check("attention.qkv", input: &qkv, analytic: dqkv, loss: { weightedSum(forward($0).out, r) })
    }

    @Test func crossEntropyWithMask() {
        var rng = NormalGenerator(seed: 6)
        let rows = 6, V = 7
        var logits = Buffer(rows * V, scale: 2, rng: &rng).values
        let targets: [Int32] = [0, 3, 6, 2, 2, 5]
        let weights: [Float] = [1, 0, 1, 1, 0, 1]
        func forward(_ logits: [Float]) -> (Float, [Float]) {
            var probs = [Float](repeating: 0, count: rows * V), losses = [Float](repeating: 0, count: rows)
            crossEntropyForward(probs: &probs, losses: &losses, logits: logits, targets: targets, rows: rows, V: V)
            return (weightedMeanLoss(losses: losses, weights: weights, rows: rows), probs)
        }
        let (loss, probs) = forward(logits)
        // Against a Double reference of the masked mean.
        var reference = 0.0
        for row in 0..<rows where weights[row] > 0 {
            let z = logits[(row * V)..<(row * V + V)].map(Double.init)
            let logSum = log(z.map { exp($0) }.reduce(0, +))
            reference += logSum - z[Int(targets[row])]
        }
        #expect(abs(Double(loss) - reference / 4) < 1e-5)
        var dlogits = [Float](repeating: 0, count: rows * V)
        crossEntropyBackward(dlogits: &dlogits, probs: probs, targets: targets, weights: weights,
                             totalWeight: weightSum(weights, rows: rows), rows: rows, V: V)
        #expect(dlogits[V..<(2 * V)].allSatisfy { $0 == 0 })  // masked row
        check("crossEntropy.logits", input: &logits, analytic: dlogits, loss: { Double(forward($0).0) }, h: 1e-2)
    }

    /// Sequences of 3, 2 and 1 positions back to back: positions restart at each.
    @Test func embedding() {
        var rng = NormalGenerator(seed: 7)
        let lengths = [3, 2, 1], rows = 6, C = 4, V = 5
        var wte = Buffer(V * C, rng: &rng).values, wpe = Buffer(3 * C, rng: &rng).values
        let tokens: [Int32] = [1, 4, 1, 0, 2, 4]
        let r = Buffer(rows * C, rng: &rng).values
        func forward(_ wte: [Float], _ wpe: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: rows * C)
            embeddingForward(out: &out, tokens: tokens, wte: wte, wpe: wpe, lengths: lengths, C: C)
            return out
        }
        let out = forward(wte, wpe)
        for (row, position) in [0, 1, 2, 0, 1, 0].enumerated() {
            let token = Int(tokens[row])
            #expect(Array(out[(row * C)..<(row * C + C)]) == (0..<C).map { wte[token * C + $0] + wpe[position * C + $0] })
        }
        var dwte = [Float](repeating: 0, count: V * C), dwpe = [Float](repeating: 0, count: 3 * C)
        embeddingBackward(dwte: &dwte, dwpe: &dwpe, dout: r, tokens: tokens, lengths: lengths, C: C)
        check("embedding.wte", input: &wte, analytic: dwte, loss: { weightedSum(forward($0, wpe), r) })
        check("embedding.wpe", input: &wpe, analytic: dwpe, loss: { weightedSum(forward(wte, $0), r) })
    }

    /// Sequences of different lengths back to back give, bit for bit, what
    /// each gives alone: forward outputs, kept probabilities and gradients.
    @Test func attentionOverPackedSequencesEqualsEachAlone() {
        var rng = NormalGenerator(seed: 8)
        let lengths = [5, 1, 13, 8], C = 24, NH = 2, rows = lengths.reduce(0, +)
        let qkv = Buffer(rows * 3 * C, rng: &rng).values, dout = Buffer(rows * C, rng: &rng).values
        func run(_ qkv: ArraySlice<Float>, _ dout: ArraySlice<Float>, _ lengths: [Int]) -> (out: [Float], att: [Float], dqkv: [Float]) {
            let rows = lengths.reduce(0, +), entries = lengths.reduce(0) { $0 + NH * $1 * $1 }
            var out = [Float](repeating: 0, count: rows * C), att = [Float](repeating: 0, count: entries)
            var dqkv = [Float](repeating: 0, count: rows * 3 * C)
            attentionForward(out: &out, att: &att, qkv: Array(qkv), lengths: lengths, C: C, NH: NH)
            attentionBackward(dqkv: &dqkv, dout: Array(dout), qkv: Array(qkv), att: att, lengths: lengths, C: C, NH: NH)
            return (out, att, dqkv)
        }
        let packed = run(qkv[...], dout[...], lengths)
        var row = 0, entry = 0
        for L in lengths {
            let alone = run(qkv[(row * 3 * C)..<((row + L) * 3 * C)], dout[(row * C)..<((row + L) * C)], [L])
            #expect(Array(packed.out[(row * C)..<((row + L) * C)]) == alone.out, "length \(L)")
            #expect(Array(packed.att[entry..<(entry + NH * L * L)]) == alone.att, "length \(L)")
            #expect(Array(packed.dqkv[(row * 3 * C)..<((row + L) * 3 * C)]) == alone.dqkv, "length \(L)")
            row += L; entry += NH * L * L
        }
    }

    /// The whole model: gradient of the masked loss for a sample of every tensor.
    @Test func wholeModel() {
        let config = GPT2Config(vocabSize: 11, contextLength: 8, width: 8, depth: 2, heads: 2)
        let model = GPT2Model(config: config)
        model.initialize(seed: 9)
        // Larger weights than GPT-2's 0.02 so every path carries signal.
        for i in 0..<model.layout.count { model.parameters[i] *= 10 }
        var rng = SplitMix64(seed: 10)
        let B = 2, T = 6
        let tokens = (0..<(B * T)).map { _ in Int32(rng.below(11)) }
        let targets = (0..<(B * T)).map { _ in Int32(rng.below(11)) }
        let weights = (0..<(B * T)).map { Float($0 % 3 == 0 ? 0 : 1) }
        model.forward(tokens: tokens, targets: targets, weights: weights, batch: B, length: T)
        model.zeroGradients()
        model.backward()
        let analytic = Array(model.gradients)
        var worst = 0.0
        for tensor in model.layout.tensors {
            for k in 0..<3 {
                let i = tensor.offset + (k * 7919) % tensor.count
                let saved = model.parameters[i]
                let h: Float = 1e-2
                model.parameters[i] = saved + h
                let plus = Double(model.forward(tokens: tokens, targets: targets, weights: weights, batch: B, length: T))
                model.parameters[i] = saved - h
                let minus = Double(model.forward(tokens: tokens, targets: targets, weights: weights, batch: B, length: T))
                model.parameters[i] = saved
                let numeric = (plus - minus) / Double(2 * h)
                let error = abs(numeric - Double(analytic[i]))
                worst = max(worst, error / (3e-3 + 0.03 * abs(numeric)))
                #expect(error < 3e-3 + 0.03 * abs(numeric), "\(tensor.name): analytic \(analytic[i]) vs numeric \(numeric)")
            }
        }
        #expect(worst < 1)
    }
}
