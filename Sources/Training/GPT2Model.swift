import Foundation

/// A GPT-2 language model for training, over flat Float32 buffers
/// (llm.c style): parameters, gradients and activations are each one
/// contiguous block, every linear layer is one sgemm over all B·T rows.
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

    private func buffers(batch: Int, length: Int) -> Activations {
        precondition(length <= config.contextLength, "sequence length \(length) exceeds the context \(config.contextLength)")
        if let existing = activations, existing.batch == batch, existing.length == length { return existing }
        let fresh = Activations(config: config, batch: batch, length: length)
        activations = fresh
        return fresh
    }

    /// Runs the model on `tokens` (B·T, row-major) and returns the weighted
    /// mean cross-entropy of predicting `targets` (B·T) with per-position
    /// `weights` (B·T; 1 = trained on, 0 = ignored).
    @discardableResult
    public func forward(tokens: [Int32], targets: [Int32], weights: [Float], batch B: Int, length T: Int) -> Float {
        precondition(tokens.count == B * T && targets.count == B * T && weights.count == B * T, "batch shape mismatch")
        let a = buffers(batch: B, length: T)
        tokens.withUnsafeBufferPointer { a.tokens.update(from: $0.baseAddress!, count: B * T) }
        targets.withUnsafeBufferPointer { a.targets.update(from: $0.baseAddress!, count: B * T) }
        weights.withUnsafeBufferPointer { a.weights.pointer.update(from: $0.baseAddress!, count: B * T) }
        for i in 0..<(B * T) {
            precondition(tokens[i] >= 0 && Int(tokens[i]) < config.vocabSize && targets[i] >= 0 && Int(targets[i]) < config.vocabSize,
                         "token id out of range")
        }
        computeLogits(a, B: B, T: T)
        lastBatch = B; lastLength = T
        return crossEntropyForward(probs: a.probs.pointer, losses: a.losses.pointer, logits: a.logits.pointer,
                                   targets: a.targets, weights: a.weights.pointer, rows: B * T, V: config.vocabSize)
    }

    /// The logits (B·T × V, row-major) for `tokens` without computing a loss.
    public func logits(tokens: [Int32], batch B: Int, length T: Int) -> [Float] {
        let a = buffers(batch: B, length: T)
        tokens.withUnsafeBufferPointer { a.tokens.update(from: $0.baseAddress!, count: B * T) }
        computeLogits(a, B: B, T: T)
        return Array(UnsafeBufferPointer(start: a.logits.pointer, count: B * T * config.vocabSize))
    }

    private func computeLogits(_ a: Activations, B: Int, T: Int) {
        let C = config.width, V = config.vocabSize, rows = B * T, eps = config.layerNormEpsilon
        let p = parameters.baseAddress!
        embeddingForward(out: a.encoded.pointer, tokens: a.tokens, wte: p + layout.tokenEmbedding,
                         wpe: p + layout.positionEmbedding, B: B, T: T, C: C)
        var residual = UnsafePointer(a.encoded.pointer)
        for (l, w) in layout.blocks.enumerated() {
            let s = a.blocks[l]
            layerNormForward(out: s.ln1.pointer, mean: s.ln1Mean.pointer, rstd: s.ln1Rstd.pointer, inp: residual,
                             weight: p + w.ln1Weight, bias: p + w.ln1Bias, rows: rows, C: C, eps: eps)
            linearForward(out: s.qkv.pointer, inp: s.ln1.pointer, weight: p + w.qkvWeight, bias: p + w.qkvBias,
                          rows: rows, inC: C, outC: 3 * C)
            attentionForward(out: s.attnOut.pointer, att: s.att.pointer, qkv: s.qkv.pointer, B: B, T: T, C: C, NH: config.heads)
            linearForward(out: a.branch.pointer, inp: s.attnOut.pointer, weight: p + w.attnProjWeight,
                          bias: p + w.attnProjBias, rows: rows, inC: C, outC: C)
            residualForward(out: s.residual2.pointer, a: residual, b: a.branch.pointer, count: rows * C)
            layerNormForward(out: s.ln2.pointer, mean: s.ln2Mean.pointer, rstd: s.ln2Rstd.pointer, inp: s.residual2.pointer,
                             weight: p + w.ln2Weight, bias: p + w.ln2Bias, rows: rows, C: C, eps: eps)
            linearForward(out: s.fc.pointer, inp: s.ln2.pointer, weight: p + w.fcWeight, bias: p + w.fcBias,
                          rows: rows, inC: C, outC: 4 * C)
            geluForward(out: s.fcGelu.pointer, inp: s.fc.pointer, count: rows * 4 * C)
            linearForward(out: a.branch.pointer, inp: s.fcGelu.pointer, weight: p + w.fcProjWeight,
                          bias: p + w.fcProjBias, rows: rows, inC: 4 * C, outC: C)
            residualForward(out: s.residual3.pointer, a: s.residual2.pointer, b: a.branch.pointer, count: rows * C)
            residual = UnsafePointer(s.residual3.pointer)
        }
        layerNormForward(out: a.lnf.pointer, mean: a.lnfMean.pointer, rstd: a.lnfRstd.pointer, inp: residual,
                         weight: p + layout.finalNormWeight, bias: p + layout.finalNormBias, rows: rows, C: C, eps: eps)
        tiedHeadForward(logits: a.logits.pointer, inp: a.lnf.pointer, wte: p + layout.tokenEmbedding, rows: rows, C: C, V: V)
    }

    /// Accumulates d(loss of the last `forward`)/d(parameters) into `gradients`
    /// (call `zeroGradients()` first unless accumulating over micro-batches).
    public func backward() {
        guard let a = activations else { preconditionFailure("backward before forward") }
        let B = lastBatch, T = lastLength, C = config.width, V = config.vocabSize, rows = B * T
        let p = parameters.baseAddress!, g = gradients.baseAddress!
        crossEntropyBackward(dlogits: a.dLogits.pointer, probs: a.probs.pointer, targets: a.targets,
                             weights: a.weights.pointer, rows: rows, V: V)
        tiedHeadBackward(dinp: a.dNorm.pointer, dwte: g + layout.tokenEmbedding, dlogits: a.dLogits.pointer,
                         inp: a.lnf.pointer, wte: p + layout.tokenEmbedding, rows: rows, C: C, V: V)
        // dResidual carries d(loss)/d(residual stream) down through the blocks;
        // each branch's backward adds its contribution into it.
        a.dResidual.zero()
        let lastResidual = config.depth > 0 ? a.blocks[config.depth - 1].residual3.pointer : a.encoded.pointer
        layerNormBackward(dinp: a.dResidual.pointer, dweight: g + layout.finalNormWeight, dbias: g + layout.finalNormBias,
                          dout: a.dNorm.pointer, inp: lastResidual, weight: p + layout.finalNormWeight,
                          mean: a.lnfMean.pointer, rstd: a.lnfRstd.pointer, rows: rows, C: C)
        for l in stride(from: config.depth - 1, through: 0, by: -1) {
            let w = layout.blocks[l], s = a.blocks[l]
            let residual = l == 0 ? a.encoded.pointer : a.blocks[l - 1].residual3.pointer
            // MLP branch: residual3 = residual2 + proj(gelu(fc(ln2(residual2)))).
            linearBackward(dinp: a.dFC.pointer, dweight: g + w.fcProjWeight, dbias: g + w.fcProjBias,
                           dout: a.dResidual.pointer, inp: s.fcGelu.pointer, weight: p + w.fcProjWeight,
                           rows: rows, inC: 4 * C, outC: C)
            geluBackward(dinp: a.dFC.pointer, inp: s.fc.pointer, dout: a.dFC.pointer, count: rows * 4 * C)
            linearBackward(dinp: a.dNorm.pointer, dweight: g + w.fcWeight, dbias: g + w.fcBias, dout: a.dFC.pointer,
                           inp: s.ln2.pointer, weight: p + w.fcWeight, rows: rows, inC: C, outC: 4 * C)
            layerNormBackward(dinp: a.dResidual.pointer, dweight: g + w.ln2Weight, dbias: g + w.ln2Bias,
                              dout: a.dNorm.pointer, inp: s.residual2.pointer, weight: p + w.ln2Weight,
                              mean: s.ln2Mean.pointer, rstd: s.ln2Rstd.pointer, rows: rows, C: C)
            // Attention branch: residual2 = residual + proj(attention(qkv(ln1(residual)))).
            linearBackward(dinp: a.dNorm.pointer, dweight: g + w.attnProjWeight, dbias: g + w.attnProjBias,
                           dout: a.dResidual.pointer, inp: s.attnOut.pointer, weight: p + w.attnProjWeight,
                           rows: rows, inC: C, outC: C)
            attentionBackward(dqkv: a.dQKV.pointer, dout: a.dNorm.pointer, qkv: s.qkv.pointer, att: s.att.pointer,
                              scratch: a.dAtt.pointer, B: B, T: T, C: C, NH: config.heads)
            linearBackward(dinp: a.dNorm.pointer, dweight: g + w.qkvWeight, dbias: g + w.qkvBias, dout: a.dQKV.pointer,
                           inp: s.ln1.pointer, weight: p + w.qkvWeight, rows: rows, inC: C, outC: 3 * C)
            layerNormBackward(dinp: a.dResidual.pointer, dweight: g + w.ln1Weight, dbias: g + w.ln1Bias,
                              dout: a.dNorm.pointer, inp: residual, weight: p + w.ln1Weight,
                              mean: s.ln1Mean.pointer, rstd: s.ln1Rstd.pointer, rows: rows, C: C)
        }
        embeddingBackward(dwte: g + layout.tokenEmbedding, dwpe: g + layout.positionEmbedding,
                          dout: a.dResidual.pointer, tokens: a.tokens, B: B, T: T, C: C)
    }

    /// The probabilities of the last forward pass, row `row` (V values).
    public func probabilities(row: Int) -> [Float] {
        guard let a = activations else { return [] }
        return Array(UnsafeBufferPointer(start: a.probs.pointer + row * config.vocabSize, count: config.vocabSize))
    }

    /// Copies parameters in `layout` order.
    public func parameterArray() -> [Float] { Array(parameters) }

    /// The values of one named parameter tensor.
    public func tensorValues(_ tensor: ParameterLayout.Tensor, gradients useGradients: Bool = false) -> [Float] {
        let base = useGradients ? gradients.baseAddress! : parameters.baseAddress!
        return Array(UnsafeBufferPointer(start: base + tensor.offset, count: tensor.count))
    }
}
