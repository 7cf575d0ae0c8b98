/// GPT-NeoX / Pythia (`model_type: gpt_neox`): rotary embeddings on the first
/// `rotary_pct` of each head, LayerNorm with biases, exact-erf GELU by
/// default, parallel residual (x + attn(ln₁x) + mlp(ln₂x)) unless disabled,
/// and an untied head stored as `embed_out.weight` or `lm_head.weight`, with
/// or without the `gpt_neox.` prefix on the rest (`CheckpointNames.gptNeoX`).
/// The fused `query_key_value` projection is
/// interleaved per head — rows ordered (head, {q,k,v}, dim) — and is
/// regrouped once at load into [all q | all k | all v].
enum GPTNeoXLoader {
    static func load(config c: ModelConfig, from source: any TensorSource) throws -> DecoderWeights {
        let read = WeightReader(source: source, names: .gptNeoX)
        let p = read.prefix
        let d = c.hiddenSize, heads = c.headCount, hd = c.headDimension
        var blocks: [DecoderWeights.Block] = []
        for i in 0..<c.layerCount {
            let b = "\(p)layers.\(i)."
            let interleaved = try read.linear(b + "attention.query_key_value", in: d, out: 3 * d, bias: c.attentionBias)
            blocks.append(.init(
                attentionNorm: try read.layerNorm(b + "input_layernorm", width: d, epsilon: c.normEpsilon),
                mlpNorm: try read.layerNorm(b + "post_attention_layernorm", width: d, epsilon: c.normEpsilon),
                qkv: regroup(interleaved, heads: heads, headDimension: hd),
                attentionOutput: try read.linear(b + "attention.dense", in: d, out: d, bias: c.attentionBias),
                mlp: .dense(up: try read.linear(b + "mlp.dense_h_to_4h", in: d, out: c.intermediateSize, bias: true),
                            down: try read.linear(b + "mlp.dense_4h_to_h", in: c.intermediateSize, out: d, bias: true),
                            activation: c.activation)))
        }
        let embedding = try read.tensor(p + "embed_in.weight", shape: [c.vocabularySize, d])
        let headWeight = c.tieWordEmbeddings ? embedding : try read.head(shape: [c.vocabularySize, d])
        return DecoderWeights(
            config: c, tokenEmbedding: embedding, positionEmbedding: nil, blocks: blocks,
            finalNorm: try read.layerNorm(p + "final_layer_norm", width: d, epsilon: c.normEpsilon),
            head: Linear(weight: headWeight, bias: nil, inFeatures: d, outFeatures: c.vocabularySize, layout: .outIn))
    }

    /// Output rows (h, part, j) → (part, h, j) for the weight and the bias.
    private static func regroup(_ linear: Linear, heads: Int, headDimension hd: Int) -> Linear {
        var result = linear
        let width = linear.inFeatures
        func source(_ row: Int) -> Int {
            let part = row / (heads * hd), h = (row / hd) % heads, j = row % hd
            return (h * 3 + part) * hd + j
        }
        result.weight = [Float](unsafeUninitializedCapacity: linear.weight.count) { out, n in
            linear.weight.withUnsafeBufferPointer { w in
                for row in 0..<linear.outFeatures {
                    (out.baseAddress! + row * width).initialize(from: w.baseAddress! + source(row) * width, count: width)
                }
            }
            n = linear.weight.count
        }
        if let bias = linear.bias { result.bias = (0..<bias.count).map { bias[source($0)] } }
        return result
    }
}
