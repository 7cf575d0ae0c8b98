/// The weights of a decoder-only transformer in the one form the forward
/// pass runs: each architecture's loader (GPT2.swift, GPTNeoX.swift,
/// Llama.swift) maps its checkpoint names and quirks onto this.
struct DecoderWeights: Sendable {
    struct Norm: Sendable {
        enum Kind: Sendable { case layerNorm, rmsNorm }
        var kind: Kind
        var weight: [Float]
        var bias: [Float]?
        var epsilon: Float
    }

    enum MLP: Sendable {
        /// down(act(up(x))): GPT-2, GPT-NeoX.
        case dense(up: Linear, down: Linear, activation: Activation)
        /// down(act(gate(x)) · up(x)): Llama's SwiGLU.
        case gated(gate: Linear, up: Linear, down: Linear, activation: Activation)

        var intermediateSize: Int {
            switch self {
            case .dense(let up, _, _): return up.outFeatures
            case .gated(_, let up, _, _): return up.outFeatures
            }
        }
    }

    struct Block: Sendable {
        var attentionNorm: Norm
        var mlpNorm: Norm
        /// Fused projection whose output row is [q (heads·d) | k (kvHeads·d) | v (kvHeads·d)].
        var qkv: Linear
        var attentionOutput: Linear
        var mlp: MLP
    }

    var config: ModelConfig
    /// (vocabulary × hidden), row-major.
    var tokenEmbedding: [Float]
    /// (positions × hidden) for learned absolute positions (GPT-2), else nil.
    var positionEmbedding: [Float]?
    var blocks: [Block]
    var finalNorm: Norm
    /// (vocabulary × hidden) in `.outIn` layout; shares storage with the
    /// token embedding when the head is tied.
    var head: Linear
    /// The checkpoint stored BF16 weights (see `RotaryEmbedding.init`).
    var storedAsBFloat16 = false

    /// Multiply-adds per token of all dense layers (excluding attention scores).
    var denseMultiplyAddsPerToken: Int {
        blocks.reduce(head.multiplyAdds) { total, block in
            var sum = total + block.qkv.multiplyAdds + block.attentionOutput.multiplyAdds
            switch block.mlp {
            case .dense(let up, let down, _): sum += up.multiplyAdds + down.multiplyAdds
            case .gated(let gate, let up, let down, _): sum += gate.multiplyAdds + up.multiplyAdds + down.multiplyAdds
            }
            return sum
        }
    }
}

/// Reads named tensors with shape checks, for the architecture loaders.
struct WeightReader {
    let source: any TensorSource
    let names: CheckpointNames
    /// What base-model tensor names start with in this checkpoint (see `CheckpointNames`).
    let prefix: String

    init(source: any TensorSource, names: CheckpointNames) {
        self.source = source; self.names = names; prefix = names.prefix(in: source)
    }

    func has(_ name: String) -> Bool { source.shape(of: name) != nil }

    /// The untied LM head under the first of `names.headNames` the checkpoint
    /// stores; missing (naming every accepted name) when it stores none.
    func head(shape: [Int]) throws -> [Float] {
        guard let name = names.headNames.first(where: has) else {
            throw InferenceError.missingTensor(name: names.headNames.joined(separator: "' or '"),
                                               checkpoint: source.sourceName)
        }
        return try tensor(name, shape: shape)
    }

    func tensor(_ name: String, shape: [Int]) throws -> [Float] {
        guard let found = source.shape(of: name) else {
            throw InferenceError.missingTensor(name: name, checkpoint: source.sourceName)
        }
        guard found == shape else { throw InferenceError.shapeMismatch(name: name, expected: shape, found: found) }
        return try source.floats(name)
    }

    /// An `nn.Linear` (weight (out, in)) with an optional bias.
    func linear(_ prefix: String, in inFeatures: Int, out outFeatures: Int, bias: Bool) throws -> Linear {
        Linear(weight: try tensor(prefix + ".weight", shape: [outFeatures, inFeatures]),
               bias: bias ? try tensor(prefix + ".bias", shape: [outFeatures]) : nil,
               inFeatures: inFeatures, outFeatures: outFeatures, layout: .outIn)
    }

    func layerNorm(_ prefix: String, width: Int, epsilon: Float) throws -> DecoderWeights.Norm {
        .init(kind: .layerNorm, weight: try tensor(prefix + ".weight", shape: [width]),
              bias: try tensor(prefix + ".bias", shape: [width]), epsilon: epsilon)
    }

    func rmsNorm(_ prefix: String, width: Int, epsilon: Float) throws -> DecoderWeights.Norm {
        .init(kind: .rmsNorm, weight: try tensor(prefix + ".weight", shape: [width]), bias: nil, epsilon: epsilon)
    }
}
