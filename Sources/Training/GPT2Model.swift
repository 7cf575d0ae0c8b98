import EmergeSupport
import InferenceCore
import Foundation

/// A GPT-2 language model for training, over flat Float32 buffers
/// (llm.c style): parameters, gradients and activations are each one
/// contiguous block. A batch's padding is dropped (see `BatchLayout`) and the
/// sequences are split into one shard per core; each thread runs its shard
/// through the whole model, every linear layer one single-threaded sgemm over
/// the shard's rows.
///
/// Forward and backward are symmetric: `forward` runs embedding → blocks
/// (LN → attention → residual, LN → MLP → residual) → final LN → tied head →
/// cross-entropy and keeps what `backward` needs; `backward` walks the same
/// steps in reverse and accumulates into `gradients`.
public final class GPT2Model {
    public let config: GPT2Config
    public let layout: ParameterLayout
    /// All parameters in `layout` order.
    public let parameters: UnsafeMutableBufferPointer<Float>
    /// d(loss)/d(parameters) after `backward`, in `layout` order.
    public let gradients: UnsafeMutableBufferPointer<Float>
    private var activations: Activations?
    /// The batch shape of the last forward pass.
    public private(set) var lastBatch = 0, lastLength = 0
    /// Where the last forward pass put each sequence.
    private var lastLayout: BatchLayout?

    /// A model with all parameters zero; call `initialize(seed:)` or load weights.
    public init(config: GPT2Config) {
        self.config = config
        layout = ParameterLayout(config: config)
        parameters = .allocate(capacity: layout.count)
        parameters.initialize(repeating: 0)
        gradients = .allocate(capacity: layout.count)
        gradients.initialize(repeating: 0)
    }

    deinit { parameters.deallocate(); gradients.deallocate() }

    /// GPT-2 initialisation from a seed: weights and embeddings N(0, 0.02),
    /// residual output projections (`attn.c_proj`, `mlp.c_proj`) N(0, 0.02/√(2·depth)),
    /// biases 0, LayerNorm weights 1. Deterministic: same seed, same bits.
    public func initialize(seed: UInt64) {
        var normal = NormalGenerator(seed: seed)
        let projectionStd = 0.02 / (2.0 * Double(config.depth)).squareRoot()
        for tensor in layout.tensors {
            let values = parameters.baseAddress! + tensor.offset
            if tensor.name.hasSuffix("ln_1.weight") || tensor.name.hasSuffix("ln_2.weight") || tensor.name.hasSuffix("ln_f.weight") {
                values.update(repeating: 1, count: tensor.count)
            } else if tensor.shape.count == 1 {
                values.update(repeating: 0, count: tensor.count)
            } else {
                let std = tensor.name.hasSuffix("c_proj.weight") ? projectionStd : 0.02
                for i in 0..<tensor.count { values[i] = Float(normal.next() * std) }
            }
        }
    }

    public func zeroGradients() { gradients.update(repeating: 0) }

    private func buffers(for batch: BatchLayout) -> Activations {
        precondition(batch.longest <= config.contextLength, "sequence length \(batch.longest) exceeds the context \(config.contextLength)")
        // A smaller batch uses the front of the buffers it already has: a mix
        // ladder's batches change length almost every step, and reallocating
        // (and zeroing) every time cost ~4%.
        if let existing = activations, existing.fits(batch) { return existing }
        let fresh = Activations(config: config, parameterCount: layout.count,
                                rows: max(batch.rows, activations?.rows ?? 0),
                                attention: max(batch.attention, activations?.attention ?? 0))
        activations = fresh
        return fresh
    }

    /// Copies the real positions of each padded row (B·T, row-major) to the
    /// rows `batch` gives it.
    private func pack<Element>(_ padded: [Element], into packed: UnsafeMutablePointer<Element>, _ batch: BatchLayout, T: Int) {
        padded.withUnsafeBufferPointer { source in
            for (b, length) in batch.lengths.enumerated() {
                (packed + batch.rowStarts[b]).update(from: source.baseAddress! + b * T, count: length)
            }
        }
    }

    /// Runs the model on `tokens` (B·T, row-major) and returns the weighted
    /// mean cross-entropy of predicting `targets` (B·T) with per-position
    /// `weights` (B·T; 1 = trained on, 0 = ignored).
    ///
    /// `lengths` (B values in 1…T) says how many positions of each row are
    /// real; the rest is padding, which must have weight 0, and is dropped
    /// before the first layer: no real position can see it (causal) and no
    /// loss reaches it, so the loss is the padded batch's, computed over the
    /// real positions only (to rounding: sums over fewer rows group
    /// differently). Without `lengths` every position is real.
    @discardableResult
    public func forward(tokens: [Int32], targets: [Int32], weights: [Float], batch B: Int, length T: Int,
                        lengths: [Int]? = nil) -> Float {
        precondition(tokens.count == B * T && targets.count == B * T && weights.count == B * T, "batch shape mismatch")
        for i in 0..<(B * T) {
            precondition(tokens[i] >= 0 && Int(tokens[i]) < config.vocabSize && targets[i] >= 0 && Int(targets[i]) < config.vocabSize,
                         "token id out of range")
        }
        let lengths = lengths ?? [Int](repeating: T, count: B)
        precondition(lengths.count == B, "one length per sequence")
        for (b, length) in lengths.enumerated() {
            precondition(length >= 1 && length <= T, "sequence length \(length) outside 1…\(T)")
            precondition(weights[(b * T + length)..<(b * T + T)].allSatisfy { $0 == 0 }, "padding past a sequence's length must have weight 0")
        }
        let batchLayout = BatchLayout(lengths: lengths, heads: config.heads)
        let a = buffers(for: batchLayout)
        pack(tokens, into: a.tokens, batchLayout, T: T)
        pack(targets, into: a.targets, batchLayout, T: T)
        pack(weights, into: a.weights.pointer, batchLayout, T: T)
        lastBatch = B; lastLength = T; lastLayout = batchLayout
        let V = config.vocabSize
        withBLASThreading(.perCore) {
            parallelFor(batchLayout.shards.count) { s in
                let sequences = batchLayout.shards[s], rows = batchLayout.rows(of: sequences), first = rows.lowerBound
                computeLogits(a, batchLayout, sequences: sequences)
                crossEntropyForward(probs: a.probs.pointer + first * V, losses: a.losses.pointer + first, logits: a.logits.pointer + first * V,
                                    targets: a.targets + first, rows: rows.count, V: V)
            }
        }
        return weightedMeanLoss(losses: a.losses.pointer, weights: a.weights.pointer, rows: batchLayout.rows)
    }

    /// The logits (B·T × V, row-major) for `tokens` without computing a loss.
    public func logits(tokens: [Int32], batch B: Int, length T: Int) -> [Float] {
        let batchLayout = BatchLayout(lengths: [Int](repeating: T, count: B), heads: config.heads)
        let a = buffers(for: batchLayout)
        pack(tokens, into: a.tokens, batchLayout, T: T)
        withBLASThreading(.perCore) {
            parallelFor(batchLayout.shards.count) { s in computeLogits(a, batchLayout, sequences: batchLayout.shards[s]) }
        }
        return Array(UnsafeBufferPointer(start: a.logits.pointer, count: B * T * config.vocabSize))
    }

    /// Forward through embedding, blocks, final LayerNorm and tied head for
    /// the given sequences (one shard) of the batch laid out as `batch`.
    private func computeLogits(_ a: Activations, _ batch: BatchLayout, sequences: Range<Int>) {
        let C = config.width, V = config.vocabSize, NH = config.heads, eps = config.layerNormEpsilon
        let shardRows = batch.rows(of: sequences), first = shardRows.lowerBound, rows = shardRows.count
        let lengths = Array(batch.lengths[sequences]), firstAttention = batch.attentionStarts[sequences.lowerBound]
        /// This shard's rows of a per-position buffer whose rows hold `width` values.
        func shard(_ buffer: FloatBuffer, _ width: Int = C) -> UnsafeMutablePointer<Float> { buffer.pointer + first * width }
        let p = parameters.baseAddress!
        embeddingForward(out: shard(a.encoded), tokens: a.tokens + first, wte: p + layout.tokenEmbedding,
                         wpe: p + layout.positionEmbedding, lengths: lengths, C: C)
        var residual = UnsafePointer(shard(a.encoded))
        for (l, w) in layout.blocks.enumerated() {
            let s = a.blocks[l]
            layerNormForward(out: shard(s.ln1), mean: shard(s.ln1Mean, 1), rstd: shard(s.ln1Rstd, 1), inp: residual,
                             weight: p + w.ln1Weight, bias: p + w.ln1Bias, rows: rows, C: C, eps: eps)
            linearForward(out: shard(s.qkv, 3 * C), inp: shard(s.ln1), weight: p + w.qkvWeight, bias: p + w.qkvBias,
                          rows: rows, inC: C, outC: 3 * C)
            attentionForward(out: shard(s.attnOut), att: s.att.pointer + firstAttention, qkv: shard(s.qkv, 3 * C),
                             lengths: lengths, C: C, NH: NH)
            linearForward(out: shard(s.residual2), inp: shard(s.attnOut), weight: p + w.attnProjWeight,
                          bias: p + w.attnProjBias, rows: rows, inC: C, outC: C, residual: residual)
            layerNormForward(out: shard(s.ln2), mean: shard(s.ln2Mean, 1), rstd: shard(s.ln2Rstd, 1), inp: shard(s.residual2),
                             weight: p + w.ln2Weight, bias: p + w.ln2Bias, rows: rows, C: C, eps: eps)
            linearForward(out: shard(s.fcSlope, 4 * C), inp: shard(s.ln2), weight: p + w.fcWeight, bias: p + w.fcBias,
                          rows: rows, inC: C, outC: 4 * C)
            geluForward(out: shard(s.fcGelu, 4 * C), slope: shard(s.fcSlope, 4 * C), inp: shard(s.fcSlope, 4 * C),
                        count: rows * 4 * C)
            linearForward(out: shard(s.residual3), inp: shard(s.fcGelu, 4 * C), weight: p + w.fcProjWeight,
                          bias: p + w.fcProjBias, rows: rows, inC: 4 * C, outC: C, residual: shard(s.residual2))
            residual = UnsafePointer(shard(s.residual3))
        }
        layerNormForward(out: shard(a.lnf), mean: shard(a.lnfMean, 1), rstd: shard(a.lnfRstd, 1), inp: residual,
                         weight: p + layout.finalNormWeight, bias: p + layout.finalNormBias, rows: rows, C: C, eps: eps)
        tiedHeadForward(logits: shard(a.logits, V), inp: shard(a.lnf), wte: p + layout.tokenEmbedding, rows: rows, C: C, V: V)
    }

    /// Accumulates d(loss of the last `forward`)/d(parameters) into `gradients`
    /// (call `zeroGradients()` first unless accumulating over micro-batches).
    public func backward() {
        guard let a = activations, let batch = lastLayout else { preconditionFailure("backward before forward") }
        let totalWeight = weightSum(a.weights.pointer, rows: batch.rows)
        withBLASThreading(.perCore) {
            parallelFor(batch.shards.count) { s in
                // Shard 0 accumulates straight into `gradients`, the others into their own zeroed buffers.
                let g = s == 0 ? gradients.baseAddress! : a.shardGradients[s - 1].pointer
                if s > 0 { a.shardGradients[s - 1].zero() }
                backward(a, batch, sequences: batch.shards[s], totalWeight: totalWeight, into: g)
            }
        }
        // Add the other shards' gradients in shard order: the sum never depends on thread timing.
        let g = gradients.baseAddress!, used = a.shardGradients.prefix(batch.shards.count - 1)
        parallelRows(layout.count, grain: 16384) { range in
            for shard in used {
                add(shard.pointer + range.lowerBound, into: g + range.lowerBound, range.count)
            }
        }
    }

    /// The backward pass of `computeLogits` and the loss for one shard's
    /// sequences, accumulating parameter gradients into `g` (layout order).
    private func backward(_ a: Activations, _ batch: BatchLayout, sequences: Range<Int>, totalWeight: Double,
                          into g: UnsafeMutablePointer<Float>) {
        let C = config.width, V = config.vocabSize, NH = config.heads
        let shardRows = batch.rows(of: sequences), first = shardRows.lowerBound, rows = shardRows.count
        let lengths = Array(batch.lengths[sequences]), firstAttention = batch.attentionStarts[sequences.lowerBound]
        func shard(_ buffer: FloatBuffer, _ width: Int = C) -> UnsafeMutablePointer<Float> { buffer.pointer + first * width }
        let p = parameters.baseAddress!
        crossEntropyBackward(dlogits: shard(a.dLogits, V), probs: shard(a.probs, V), targets: a.targets + first,
                             weights: shard(a.weights, 1), totalWeight: totalWeight, rows: rows, V: V)
        tiedHeadBackward(dinp: shard(a.dNorm), dwte: g + layout.tokenEmbedding, dlogits: shard(a.dLogits, V),
                         inp: shard(a.lnf), wte: p + layout.tokenEmbedding, rows: rows, C: C, V: V)
        // dResidual carries d(loss)/d(residual stream) down through the blocks;
        // each branch's backward adds its contribution into it.
        let dResidual = shard(a.dResidual)
        dResidual.update(repeating: 0, count: rows * C)
        let lastResidual = config.depth > 0 ? a.blocks[config.depth - 1].residual3 : a.encoded
        layerNormBackward(dinp: dResidual, dweight: g + layout.finalNormWeight, dbias: g + layout.finalNormBias,
                          dout: shard(a.dNorm), inp: shard(lastResidual), weight: p + layout.finalNormWeight,
                          mean: shard(a.lnfMean, 1), rstd: shard(a.lnfRstd, 1), rows: rows, C: C)
        for l in stride(from: config.depth - 1, through: 0, by: -1) {
            let w = layout.blocks[l], s = a.blocks[l]
            let residual = l == 0 ? a.encoded : a.blocks[l - 1].residual3
            // MLP branch: residual3 = residual2 + proj(gelu(fc(ln2(residual2)))).
            linearBackward(dinp: shard(a.dFC, 4 * C), dweight: g + w.fcProjWeight, dbias: g + w.fcProjBias,
                           dout: dResidual, inp: shard(s.fcGelu, 4 * C), weight: p + w.fcProjWeight,
                           rows: rows, inC: 4 * C, outC: C)
            geluBackward(dinp: shard(a.dFC, 4 * C), slope: shard(s.fcSlope, 4 * C), dout: shard(a.dFC, 4 * C), count: rows * 4 * C)
            linearBackward(dinp: shard(a.dNorm), dweight: g + w.fcWeight, dbias: g + w.fcBias, dout: shard(a.dFC, 4 * C),
                           inp: shard(s.ln2), weight: p + w.fcWeight, rows: rows, inC: C, outC: 4 * C)
            layerNormBackward(dinp: dResidual, dweight: g + w.ln2Weight, dbias: g + w.ln2Bias,
                              dout: shard(a.dNorm), inp: shard(s.residual2), weight: p + w.ln2Weight,
                              mean: shard(s.ln2Mean, 1), rstd: shard(s.ln2Rstd, 1), rows: rows, C: C)
            // Attention branch: residual2 = residual + proj(attention(qkv(ln1(residual)))).
            linearBackward(dinp: shard(a.dNorm), dweight: g + w.attnProjWeight, dbias: g + w.attnProjBias,
                           dout: dResidual, inp: shard(s.attnOut), weight: p + w.attnProjWeight,
                           rows: rows, inC: C, outC: C)
            attentionBackward(dqkv: shard(a.dQKV, 3 * C), dout: shard(a.dNorm), qkv: shard(s.qkv, 3 * C),
                              att: s.att.pointer + firstAttention, lengths: lengths, C: C, NH: NH)
            linearBackward(dinp: shard(a.dNorm), dweight: g + w.qkvWeight, dbias: g + w.qkvBias, dout: shard(a.dQKV, 3 * C),
                           inp: shard(s.ln1), weight: p + w.qkvWeight, rows: rows, inC: C, outC: 3 * C)
            layerNormBackward(dinp: dResidual, dweight: g + w.ln1Weight, dbias: g + w.ln1Bias,
                              dout: shard(a.dNorm), inp: shard(residual), weight: p + w.ln1Weight,
                              mean: shard(s.ln1Mean, 1), rstd: shard(s.ln1Rstd, 1), rows: rows, C: C)
        }
        embeddingBackward(dwte: g + layout.tokenEmbedding, dwpe: g + layout.positionEmbedding,
                          dout: dResidual, tokens: a.tokens + first, lengths: lengths, C: C)
    }

    /// The probabilities of the last forward pass at padded position `row`
    /// (b·T + t; V values), or none for padding (t past sequence b's length).
    public func probabilities(row: Int) -> [Float] {
        guard let a = activations, let batch = lastLayout, lastLength > 0 else { return [] }
        let b = row / lastLength, t = row % lastLength
        guard b < batch.lengths.count, t < batch.lengths[b] else { return [] }
        let packed = batch.rowStarts[b] + t
        return Array(UnsafeBufferPointer(start: a.probs.pointer + packed * config.vocabSize, count: config.vocabSize))
    }

    /// Copies parameters in `layout` order.
    public func parameterArray() -> [Float] { Array(parameters) }

    /// The values of one named parameter tensor.
    public func tensorValues(_ tensor: ParameterLayout.TensorSlot, gradients useGradients: Bool = false) -> [Float] {
        let base = useGradients ? gradients.baseAddress! : parameters.baseAddress!
        return Array(UnsafeBufferPointer(start: base + tensor.offset, count: tensor.count))
    }
}
