import Foundation

/// The shape of a GPT-2 model: pre-norm blocks, learned positions, GELU
/// (tanh approximation), tied input/output embeddings — the Hugging Face
/// `GPT2LMHeadModel` architecture.
public struct GPT2Config: Codable, Sendable, Equatable, Hashable {
    public var vocabSize: Int
    /// The most positions the model has embeddings for (`n_positions`).
    public var contextLength: Int
    /// Residual stream width (`n_embd`).
    public var width: Int
    /// Number of transformer blocks (`n_layer`).
    public var depth: Int
    /// Attention heads per block (`n_head`); must divide `width`.
    public var heads: Int
    public var layerNormEpsilon: Float

    public init(vocabSize: Int, contextLength: Int, width: Int, depth: Int, heads: Int, layerNormEpsilon: Float = 1e-5) {
        precondition(width % heads == 0, "width must be a multiple of heads")
        self.vocabSize = vocabSize; self.contextLength = contextLength; self.width = width
        self.depth = depth; self.heads = heads; self.layerNormEpsilon = layerNormEpsilon
    }

    /// Total parameters (the tied output matrix counted once).
    public var parameterCount: Int { ParameterLayout(config: self).count }

    /// Parameters outside the token and position embeddings (Kaplan et al.'s N).
    public var nonEmbeddingParameterCount: Int { parameterCount - (vocabSize + contextLength) * width }

    /// The Hugging Face `config.json` of this model. `stopTokenId`, when given,
    /// becomes `bos_token_id`/`eos_token_id` (the newline for the task models).
    public func huggingFaceJSON(stopTokenId: Int? = nil) -> [String: Any] {
        var json: [String: Any] = [
            "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2",
            "activation_function": "gelu_new", "n_embd": width, "n_layer": depth, "n_head": heads,
            "n_positions": contextLength, "n_ctx": contextLength, "vocab_size": vocabSize, "n_inner": NSNull(),
            "layer_norm_epsilon": Double(layerNormEpsilon), "initializer_range": 0.02,
            "attn_pdrop": 0.0, "embd_pdrop": 0.0, "resid_pdrop": 0.0, "scale_attn_weights": true,
            "scale_attn_by_inverse_layer_idx": false, "reorder_and_upcast_attn": false,
            "tie_word_embeddings": true, "use_cache": true, "dtype": "float32", "torch_dtype": "float32",
        ]
        if let stopTokenId { json["bos_token_id"] = stopTokenId; json["eos_token_id"] = stopTokenId }
        return json
    }

    /// Reads a Hugging Face GPT-2 `config.json` (model_type gpt2, gelu_new, no n_inner).
    public init(huggingFaceJSON data: Data) throws {
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CheckpointError("config.json is not a JSON object")
        }
        guard (json["model_type"] as? String) == "gpt2" else {
            throw CheckpointError("config.json model_type is \(json["model_type"] ?? "missing"), expected gpt2")
        }
        if let activation = json["activation_function"] as? String, activation != "gelu_new" {
            throw CheckpointError("activation_function \(activation) is not supported for training (gelu_new only)")
        }
        if let inner = json["n_inner"] as? Int, let width = json["n_embd"] as? Int, inner != 4 * width {
            throw CheckpointError("n_inner \(inner) is not 4 × n_embd")
        }
        func integer(_ key: String) throws -> Int {
            guard let value = json[key] as? Int else { throw CheckpointError("config.json lacks integer \(key)") }
            return value
        }
        self.init(vocabSize: try integer("vocab_size"), contextLength: try integer("n_positions"),
                  width: try integer("n_embd"), depth: try integer("n_layer"), heads: try integer("n_head"),
                  layerNormEpsilon: Float((json["layer_norm_epsilon"] as? Double) ?? 1e-5))
    }
}

/// A checkpoint that cannot be read or written.
public struct CheckpointError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
