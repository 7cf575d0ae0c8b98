/// Llama family (`model_type: llama`): RMSNorm, rotate-half RoPE on the whole
/// head with `rope_theta`, grouped-query attention (`num_key_value_heads`),
/// SwiGLU MLP, no biases unless `attention_bias`/`mlp_bias`, and an LM head
/// that is `lm_head.weight` or tied to `embed_tokens`, with or without the
/// `model.` prefix on the rest (`CheckpointNames.llama`). q/k/v are
/// concatenated once at load into one projection.
enum LlamaLoader {
    static func load(config c: ModelConfig, from source: any TensorSource) throws -> DecoderWeights {
        let read = WeightReader(source: source, names: .llama)
        let p = read.prefix
        let d = c.hiddenSize, hd = c.headDimension
        let qWidth = c.headCount * hd, kvWidth = c.keyValueHeadCount * hd
        var blocks: [DecoderWeights.Block] = []
        for i in 0..<c.layerCount {
            let b = "\(p)layers.\(i)."
            let q = try read.linear(b + "self_attn.q_proj", in: d, out: qWidth, bias: c.attentionBias)
            let k = try read.linear(b + "self_attn.k_proj", in: d, out: kvWidth, bias: c.attentionBias)
            let v = try read.linear(b + "self_attn.v_proj", in: d, out: kvWidth, bias: c.attentionBias)
            let fused = Linear(weight: q.weight + k.weight + v.weight,
                               bias: c.attentionBias ? q.bias! + k.bias! + v.bias! : nil,
                               inFeatures: d, outFeatures: qWidth + 2 * kvWidth, layout: .outIn)
            blocks.append(.init(
                attentionNorm: try read.rmsNorm(b + "input_layernorm", width: d, epsilon: c.normEpsilon),
                mlpNorm: try read.rmsNorm(b + "post_attention_layernorm", width: d, epsilon: c.normEpsilon),
                qkv: fused,
                attentionOutput: try read.linear(b + "self_attn.o_proj", in: qWidth, out: d, bias: c.attentionBias),
                mlp: .gated(gate: try read.linear(b + "mlp.gate_proj", in: d, out: c.intermediateSize, bias: c.mlpBias),
                            up: try read.linear(b + "mlp.up_proj", in: d, out: c.intermediateSize, bias: c.mlpBias),
                            down: try read.linear(b + "mlp.down_proj", in: c.intermediateSize, out: d, bias: c.mlpBias),
                            activation: c.activation)))
        }
        let embedding = try read.tensor(p + "embed_tokens.weight", shape: [c.vocabularySize, d])
        let headWeight = c.tieWordEmbeddings ? embedding : try read.head(shape: [c.vocabularySize, d])
        return DecoderWeights(
            config: c, tokenEmbedding: embedding, positionEmbedding: nil, blocks: blocks,
            finalNorm: try read.rmsNorm(p + "norm", width: d, epsilon: c.normEpsilon),
            head: Linear(weight: headWeight, bias: nil, inFeatures: d, outFeatures: c.vocabularySize, layout: .outIn))
    }
}
