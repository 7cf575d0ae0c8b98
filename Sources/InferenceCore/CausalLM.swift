import Foundation

/// A decoder-only causal language model on the CPU (OpenBLAS, Float32):
/// GPT-2, GPT-NeoX/Pythia or Llama-family weights with their tokenizer.
/// Immutable once loaded, so one instance may serve concurrent callers; the
/// same call gives the same bits however other calls interleave with it
/// (see `withBLASThreading`).
///
/// Scoring lives in `CausalLM+Scoring.swift`, generation in
/// `CausalLM+Generation.swift`.
public final class CausalLM: Sendable {
    public let config: ModelConfig
    public let tokenizer: any TextTokenizer
    let weights: DecoderWeights

    /// Builds a model from named tensors laid out as the Hugging Face
    /// checkpoint of `config.architecture` names them (e.g. `transformer.h.0.attn.c_attn.weight`).
    /// F32 arrays are shared, not copied. Throws on a missing tensor or a wrong shape.
    public init(config: ModelConfig, tensors: any TensorSource, tokenizer: any TextTokenizer) throws {
        self.config = config
        self.tokenizer = tokenizer
        var weights: DecoderWeights
        switch config.architecture {
        case .gpt2: weights = try GPT2Loader.load(config: config, from: tensors)
        case .gptNeoX: weights = try GPTNeoXLoader.load(config: config, from: tensors)
        case .llama: weights = try LlamaLoader.load(config: config, from: tensors)
        }
        let embedding = CheckpointNames.of(config.architecture).embeddingName(in: tensors)
        weights.storedAsBFloat16 = tensors.dtype(of: embedding) == .bf16
        self.weights = weights
    }

    init(config: ModelConfig, tokenizer: any TextTokenizer, weights: DecoderWeights) {
        self.config = config
        self.tokenizer = tokenizer
        self.weights = weights
    }

    /// Whether the dense-layer weights are held in BF16 (see `withBFloat16Weights()`).
    public var usesBFloat16Weights: Bool { weights.head.bfloat16 != nil }

    /// The same model with every dense layer and the LM head rounded to BF16
    /// (round to nearest even) and held in half the memory. Generation then
    /// streams half the bytes per token; activations, sums, norms and
    /// embeddings stay Float32. Log-probabilities move by the rounding of the
    /// weights (about 1e-2 on a Float32 checkpoint; ~1e-5 on one stored as BF16,
    /// whose weights are already exact in BF16).
    public func withBFloat16Weights() -> CausalLM {
        var w = weights
        w.head = w.head.roundedToBFloat16()
        w.blocks = w.blocks.map { block in
            var b = block
            b.qkv = b.qkv.roundedToBFloat16()
            b.attentionOutput = b.attentionOutput.roundedToBFloat16()
            switch b.mlp {
            case .dense(let up, let down, let activation):
                b.mlp = .dense(up: up.roundedToBFloat16(), down: down.roundedToBFloat16(), activation: activation)
            case .gated(let gate, let up, let down, let activation):
                b.mlp = .gated(gate: gate.roundedToBFloat16(), up: up.roundedToBFloat16(),
                               down: down.roundedToBFloat16(), activation: activation)
            }
            return b
        }
        return CausalLM(config: config, tokenizer: tokenizer, weights: w)
    }

    /// Loads a Hugging Face model directory: `config.json`, `model.safetensors`
    /// (or sharded with `model.safetensors.index.json`; F32, F16 or BF16,
    /// converted to F32) and `tokenizer.json` (byte-level BPE).
    public static func load(directory: URL) throws -> CausalLM {
        let config = try ModelConfig.load(directory: directory)
        let tokenizer = try ByteLevelBPETokenizer(contentsOf: directory.appendingPathComponent("tokenizer.json"))
        return try CausalLM(config: config, tensors: try SafetensorsStore(directory: directory), tokenizer: tokenizer)
    }

    /// The id that ends a text: config.json's `eos_token_id` when inside the
    /// vocabulary, else the tokenizer's end-of-text token.
    public var endOfTextTokenID: Int? {
        if let id = config.eosTokenIDs.first, id < config.vocabularySize { return id }
        return tokenizer.endOfTextTokenID
    }

    /// Number of weights (tied matrices counted once).
    public var parameterCount: Int {
        var total = weights.tokenEmbedding.count + (weights.positionEmbedding?.count ?? 0) + weights.finalNorm.weight.count
            + (weights.finalNorm.bias?.count ?? 0)
        if !config.tieWordEmbeddings { total += weights.head.multiplyAdds }
        for block in weights.blocks {
            let linears: [Linear]
            switch block.mlp {
            case .dense(let up, let down, _): linears = [block.qkv, block.attentionOutput, up, down]
            case .gated(let gate, let up, let down, _): linears = [block.qkv, block.attentionOutput, gate, up, down]
            }
            total += linears.reduce(0) { $0 + $1.multiplyAdds + ($1.bias?.count ?? 0) }
            for norm in [block.attentionNorm, block.mlpNorm] { total += norm.weight.count + (norm.bias?.count ?? 0) }
        }
        return total
    }

    /// Floating-point operations of one forward pass over `tokens` tokens in
    /// the dense layers and the LM head (2 per multiply-add; attention
    /// scores excluded), as used for throughput figures.
    public func denseFLOPs(tokens: Int) -> Double {
        2 * Double(weights.denseMultiplyAddsPerToken) * Double(tokens)
    }

    func validate(_ ids: [Int]) throws {
        for id in ids where id < 0 || id >= config.vocabularySize {
            throw InferenceError.tokenOutOfRange(id: id, vocabularySize: config.vocabularySize)
        }
        if weights.positionEmbedding != nil && ids.count > config.maxPositions {
            throw InferenceError.contextTooLong(length: ids.count, maximum: config.maxPositions)
        }
    }

    func newCache(batch: Int, capacity: Int) -> KVCache {
        KVCache(layers: config.layerCount, batch: batch, capacity: capacity,
                width: config.keyValueHeadCount * config.headDimension)
    }

    /// The raw next-token logits after every position of `ids` (ids.count × vocabulary).
    public func logits(ids: [Int]) throws -> [[Float]] {
        try validate(ids)
        guard !ids.isEmpty else { return [] }
        let v = config.vocabularySize
        var flat = [Float](repeating: 0, count: ids.count * v)
        withBLASThreading(.pool) {
            let hidden = weights.forward(newTokens: ids, batch: 1, cache: nil)
            hidden.withUnsafeBufferPointer { h in
                flat.withUnsafeMutableBufferPointer { weights.head.apply(h.baseAddress!, rows: ids.count, out: $0.baseAddress!) }
            }
        }
        return (0..<ids.count).map { Array(flat[($0 * v)..<(($0 + 1) * v)]) }
    }
}
