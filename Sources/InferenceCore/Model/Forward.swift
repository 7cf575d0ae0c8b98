import Dispatch
import EmergeSupport
import Foundation

extension DecoderWeights {
    /// Runs `newTokens` (batch × count, row-major) through every block,
    /// appending their keys and values to `cache` at positions
    /// `cache.length ..< cache.length + count`, and returns the final-normed
    /// hidden states (batch·count × hidden). Token ids must be in range.
    /// Without a cache the tokens start at position 0 and attention reads keys
    /// and values straight from each layer's projection (scoring: nothing is
    /// reused, so nothing is stored). `parallel` spreads attention and the
    /// activations over the cores (false when the caller runs one shard per core).
    func forward(newTokens: [Int], batch: Int, cache: KVCache?, parallel: Bool = true) -> [Float] {
        let c = config, d = c.hiddenSize, hd = c.headDimension
        let count = newTokens.count / batch, rows = newTokens.count, start = cache?.length ?? 0
        precondition(count * batch == rows && start + count <= (cache?.capacity ?? count), "cache too small for the new tokens")
        let qWidth = c.headCount * hd, kvWidth = c.keyValueHeadCount * hd, qkvWidth = qWidth + 2 * kvWidth

        var x = [Float](repeating: 0, count: rows * d)
        tokenEmbedding.withUnsafeBufferPointer { table in
            x.withUnsafeMutableBufferPointer { out in
                for r in 0..<rows {
                    (out.baseAddress! + r * d).update(from: table.baseAddress! + newTokens[r] * d, count: d)
                }
            }
        }
        if let positions = positionEmbedding {
            positions.withUnsafeBufferPointer { table in
                x.withUnsafeMutableBufferPointer { out in
                    for r in 0..<rows {
                        Elementwise.add(table.baseAddress! + (start + r % count) * d, into: out.baseAddress! + r * d, count: d)
                    }
                }
            }
        }
        let rotary = c.rotaryDimensions > 0 ? RotaryEmbedding(dimensions: c.rotaryDimensions, theta: c.ropeTheta,
                                                                 bfloat16Frequencies: storedAsBFloat16) : nil
        let rotaryTables = rotary.map { r in (0..<count).map { r.angles(position: start + $0) } }

        var normed = [Float](repeating: 0, count: rows * d)
        var qkv = [Float](repeating: 0, count: rows * qkvWidth)
        var attention = [Float](repeating: 0, count: rows * qWidth)
        var projected = [Float](repeating: 0, count: rows * d)
        var mlpOut = [Float](repeating: 0, count: rows * d)
        let intermediate = blocks.first?.mlp.intermediateSize ?? 0
        var hidden = [Float](repeating: 0, count: rows * intermediate)
        var hidden2 = [Float](repeating: 0, count: isGated ? rows * intermediate : 0)

        for (layer, block) in blocks.enumerated() {
            normalize(block.attentionNorm, x, rows: rows, into: &normed)
            normed.withUnsafeBufferPointer { n in
                qkv.withUnsafeMutableBufferPointer { block.qkv.apply(n.baseAddress!, rows: rows, out: $0.baseAddress!) }
            }
            qkv.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                for r in 0..<rows {
                    let row = base + r * qkvWidth, t = r % count, b = r / count
                    if let rotary, let tables = rotaryTables {
                        tables[t].cos.withUnsafeBufferPointer { cosine in
                            tables[t].sin.withUnsafeBufferPointer { sine in
                                rotary.apply(row, heads: c.headCount, headDimension: hd, cos: cosine.baseAddress!, sin: sine.baseAddress!)
                                rotary.apply(row + qWidth, heads: c.keyValueHeadCount, headDimension: hd, cos: cosine.baseAddress!, sin: sine.baseAddress!)
                            }
                        }
                    }
                    if let cache {
                        cache.key(layer, sequence: b, position: start + t).update(from: row + qWidth, count: kvWidth)
                        cache.value(layer, sequence: b, position: start + t).update(from: row + qWidth + kvWidth, count: kvWidth)
                    }
                }
                // Keys and values of sequence b from position 0, and the distance between positions.
                let keys: [UnsafePointer<Float>], values: [UnsafePointer<Float>], stride: Int
                if let cache {
                    keys = (0..<batch).map { UnsafePointer(cache.key(layer, sequence: $0, position: 0)) }
                    values = (0..<batch).map { UnsafePointer(cache.value(layer, sequence: $0, position: 0)) }
                    stride = cache.width
                } else {
                    keys = (0..<batch).map { UnsafePointer(base + $0 * count * qkvWidth + qWidth) }
                    values = (0..<batch).map { UnsafePointer(base + $0 * count * qkvWidth + qWidth + kvWidth) }
                    stride = qkvWidth
                }
                attention.withUnsafeMutableBufferPointer { out in
                    attend(queries: UnsafePointer(base), queryStride: qkvWidth, keys: keys, values: values, kvStride: stride,
                           batch: batch, count: count, start: start, parallel: parallel, out: out.baseAddress!)
                }
            }
            attention.withUnsafeBufferPointer { a in
                projected.withUnsafeMutableBufferPointer { block.attentionOutput.apply(a.baseAddress!, rows: rows, out: $0.baseAddress!) }
            }
            if c.parallelResidual {
                normalize(block.mlpNorm, x, rows: rows, into: &normed)
                runMLP(block.mlp, normed, rows: rows, hidden: &hidden, hidden2: &hidden2, out: &mlpOut, parallel: parallel)
                x.withUnsafeMutableBufferPointer { xs in
                    Elementwise.add(projected, into: xs.baseAddress!, count: rows * d)
                    Elementwise.add(mlpOut, into: xs.baseAddress!, count: rows * d)
                }
            } else {
                x.withUnsafeMutableBufferPointer { Elementwise.add(projected, into: $0.baseAddress!, count: rows * d) }
                normalize(block.mlpNorm, x, rows: rows, into: &normed)
                runMLP(block.mlp, normed, rows: rows, hidden: &hidden, hidden2: &hidden2, out: &mlpOut, parallel: parallel)
                x.withUnsafeMutableBufferPointer { Elementwise.add(mlpOut, into: $0.baseAddress!, count: rows * d) }
            }
        }
        cache?.length = start + count
        normalize(finalNorm, x, rows: rows, into: &normed)
        return normed
    }

    private var isGated: Bool {
        if case .gated = blocks.first?.mlp { return true }
        return false
    }

    private func normalize(_ norm: Norm, _ x: [Float], rows: Int, into out: inout [Float]) {
        let d = config.hiddenSize
        x.withUnsafeBufferPointer { xs in
            norm.weight.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { o in
                    switch norm.kind {
                    case .layerNorm:
                        if let bias = norm.bias {
                            bias.withUnsafeBufferPointer { b in
                                Elementwise.layerNorm(xs.baseAddress!, rows: rows, width: d, weight: w.baseAddress!,
                                                      bias: b.baseAddress!, epsilon: norm.epsilon, out: o.baseAddress!)
                            }
                        } else {
                            Elementwise.layerNorm(xs.baseAddress!, rows: rows, width: d, weight: w.baseAddress!,
                                                  bias: nil, epsilon: norm.epsilon, out: o.baseAddress!)
                        }
                    case .rmsNorm:
                        Elementwise.rmsNorm(xs.baseAddress!, rows: rows, width: d, weight: w.baseAddress!,
                                            epsilon: norm.epsilon, out: o.baseAddress!)
                    }
                }
            }
        }
    }

    private func runMLP(_ mlp: MLP, _ input: [Float], rows: Int, hidden: inout [Float], hidden2: inout [Float],
                        out: inout [Float], parallel: Bool) {
        input.withUnsafeBufferPointer { inp in
            hidden.withUnsafeMutableBufferPointer { h in
                switch mlp {
                case .dense(let up, let down, let activation):
                    up.apply(inp.baseAddress!, rows: rows, out: h.baseAddress!)
                    Elementwise.activate(activation, h.baseAddress!, count: rows * up.outFeatures, parallel: parallel)
                    out.withUnsafeMutableBufferPointer { down.apply(h.baseAddress!, rows: rows, out: $0.baseAddress!) }
                case .gated(let gate, let up, let down, let activation):
                    gate.apply(inp.baseAddress!, rows: rows, out: h.baseAddress!)
                    hidden2.withUnsafeMutableBufferPointer { h2 in
                        up.apply(inp.baseAddress!, rows: rows, out: h2.baseAddress!)
                        Elementwise.gatedProduct(activation, gate: h.baseAddress!, up: h2.baseAddress!,
                                                 count: rows * up.outFeatures, parallel: parallel)
                    }
                    out.withUnsafeMutableBufferPointer { down.apply(h.baseAddress!, rows: rows, out: $0.baseAddress!) }
                }
            }
        }
    }

    /// Causal multi-head attention of the new queries over positions
    /// 0 ..< start + count, one (sequence, head) pair per concurrent task with
    /// the SIMD kernel (measured faster than per-head sgemm, which contends
    /// for the OpenBLAS thread pool); grouped-query heads share their
    /// key/value head. `keys[b]`, `values[b]`: sequence b's rows from position
    /// 0, `kvStride` floats apart. Writes (batch·count × heads·headDim).
    private func attend(queries: UnsafePointer<Float>, queryStride: Int, keys: [UnsafePointer<Float>],
                        values: [UnsafePointer<Float>], kvStride: Int,
                        batch: Int, count: Int, start: Int, parallel: Bool, out: UnsafeMutablePointer<Float>) {
        let c = config, hd = c.headDimension, heads = c.headCount
        let group = heads / c.keyValueHeadCount, outStride = heads * hd
        let scale = 1 / Float(hd).squareRoot()
        nonisolated(unsafe) let queries = queries, out = out, keys = keys, values = values
        let attendHead: @Sendable (Int) -> Void = { task in
            let b = task / heads, h = task % heads, g = h / group
            let q = queries + b * count * queryStride + h * hd
            let k = keys[b] + g * hd, v = values[b] + g * hd
            let o = out + b * count * outStride + h * hd
            AttentionKernel.attend(q: q, queryStride: queryStride, k: k, v: v, kvStride: kvStride,
                                   out: o, outStride: outStride, count: count, start: start, headDimension: hd, scale: scale)
        }
        if parallel {
            parallelFor(batch * heads, attendHead)
        } else {
            for task in 0..<(batch * heads) { attendHead(task) }
        }
    }
}
