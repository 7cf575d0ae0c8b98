/// GPT-2 (`model_type: gpt2`): learned absolute positions, pre-LayerNorm
/// blocks, `Conv1D` weights stored (in, out) — used as is through the BLAS
/// transpose flag — and an LM head tied to `wte` unless `lm_head.weight` is
/// stored. Tensor names may carry a `transformer.` prefix or not (`CheckpointNames.gpt2`).
enum GPT2Loader {
    static func load(config c: ModelConfig, from source: any TensorSource) throws -> DecoderWeights {
        let read = WeightReader(source: source, names: .gpt2)
        let p = read.prefix
        let d = c.hiddenSize
        func conv1D(_ name: String, in inFeatures: Int, out outFeatures: Int) throws -> Linear {
            Linear(weight: try read.tensor(name + ".weight", shape: [inFeatures, outFeatures]),
                   bias: try read.tensor(name + ".bias", shape: [outFeatures]),
                   inFeatures: inFeatures, outFeatures: outFeatures, layout: .inOut)
        }
        let embedding = try read.tensor(p + "wte.weight", shape: [c.vocabularySize, d])
        var blocks: [DecoderWeights.Block] = []
        for i in 0..<c.layerCount {
            let b = "\(p)h.\(i)."
            blocks.append(.init(
                attentionNorm: try read.layerNorm(b + "ln_1", width: d, epsilon: c.normEpsilon),
                mlpNorm: try read.layerNorm(b + "ln_2", width: d, epsilon: c.normEpsilon),
                qkv: try conv1D(b + "attn.c_attn", in: d, out: 3 * d),
                attentionOutput: try conv1D(b + "attn.c_proj", in: d, out: d),
                mlp: .dense(up: try conv1D(b + "mlp.c_fc", in: d, out: c.intermediateSize),
                            down: try conv1D(b + "mlp.c_proj", in: c.intermediateSize, out: d),
                            activation: c.activation)))
        }
        // GPT-2 checkpoints usually leave the tied head out even when the config says untied.
        let headWeight = (!c.tieWordEmbeddings && CheckpointNames.gpt2.headNames.contains(where: read.has))
            ? try read.head(shape: [c.vocabularySize, d]) : embedding
        return DecoderWeights(
            config: c, tokenEmbedding: embedding,
            positionEmbedding: try read.tensor(p + "wpe.weight", shape: [c.maxPositions, d]),
            blocks: blocks, finalNorm: try read.layerNorm(p + "ln_f", width: d, epsilon: c.normEpsilon),
            head: Linear(weight: headWeight, bias: nil, inFeatures: d, outFeatures: c.vocabularySize, layout: .outIn))
    }
}
