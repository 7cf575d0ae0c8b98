/// Where each named parameter tensor lives in the model's one flat Float32
/// buffer. Names and shapes are Hugging Face GPT-2's (`Conv1D` weights stored
/// (in, out)); the tied `lm_head.weight` is `transformer.wte.weight`.
public struct ParameterLayout: Sendable, Equatable {
    /// Where one named tensor sits in the flat buffer: its Hugging Face name,
    /// shape and first element's offset.
    public struct TensorSlot: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var offset: Int
        public var count: Int { shape.reduce(1, *) }
        /// Matrices (2-D) get weight decay under `WeightDecayPolicy.matricesOnly`.
        public var isMatrix: Bool { shape.count == 2 }
    }

    /// Offsets of one block's tensors.
    public struct Block: Sendable, Equatable {
        public var ln1Weight = 0, ln1Bias = 0, qkvWeight = 0, qkvBias = 0, attnProjWeight = 0, attnProjBias = 0
        public var ln2Weight = 0, ln2Bias = 0, fcWeight = 0, fcBias = 0, fcProjWeight = 0, fcProjBias = 0
    }

    public private(set) var tensors: [TensorSlot] = []
    public private(set) var tokenEmbedding = 0
    public private(set) var positionEmbedding = 0
    public private(set) var blocks: [Block] = []
    public private(set) var finalNormWeight = 0
    public private(set) var finalNormBias = 0
    public private(set) var count = 0

    public init(config: GPT2Config) {
        let c = config.width
        tokenEmbedding = add("transformer.wte.weight", [config.vocabSize, c])
        positionEmbedding = add("transformer.wpe.weight", [config.contextLength, c])
        for layer in 0..<config.depth {
            let p = "transformer.h.\(layer)."
            var block = Block()
            block.ln1Weight = add(p + "ln_1.weight", [c])
            block.ln1Bias = add(p + "ln_1.bias", [c])
            block.qkvWeight = add(p + "attn.c_attn.weight", [c, 3 * c])
            block.qkvBias = add(p + "attn.c_attn.bias", [3 * c])
            block.attnProjWeight = add(p + "attn.c_proj.weight", [c, c])
            block.attnProjBias = add(p + "attn.c_proj.bias", [c])
            block.ln2Weight = add(p + "ln_2.weight", [c])
            block.ln2Bias = add(p + "ln_2.bias", [c])
            block.fcWeight = add(p + "mlp.c_fc.weight", [c, 4 * c])
            block.fcBias = add(p + "mlp.c_fc.bias", [4 * c])
            block.fcProjWeight = add(p + "mlp.c_proj.weight", [4 * c, c])
            block.fcProjBias = add(p + "mlp.c_proj.bias", [c])
            blocks.append(block)
        }
        finalNormWeight = add("transformer.ln_f.weight", [c])
        finalNormBias = add("transformer.ln_f.bias", [c])
    }

    private mutating func add(_ name: String, _ shape: [Int]) -> Int {
        let tensor = TensorSlot(name: name, shape: shape, offset: count)
        tensors.append(tensor)
        count += tensor.count
        return tensor.offset
    }

    public func tensor(named name: String) -> TensorSlot? { tensors.first { $0.name == name } }
}
