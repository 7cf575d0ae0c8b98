import Foundation

/// The architectures this core runs, from config.json's `model_type`.
public enum Architecture: String, Sendable, CaseIterable {
    case gpt2, gptNeoX = "gpt_neox", llama
}

/// The MLP nonlinearity, from `activation_function` / `hidden_act`.
public enum Activation: String, Sendable {
    /// 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))): `gelu_new`, `gelu_pytorch_tanh`, `gelu_fast`.
    case geluTanh
    /// 0.5·x·(1 + erf(x/√2)): `gelu`.
    case geluExact
    /// x·σ(x): `silu`, `swish`.
    case silu
    case relu

    init(huggingFaceName name: String) throws {
        switch name {
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": self = .geluTanh
        case "gelu": self = .geluExact
        case "silu", "swish": self = .silu
        case "relu": self = .relu
        default: throw InferenceError.invalidConfig("hidden activation '\(name)' is not supported")
        }
    }
}

/// The hyper-parameters of a decoder-only transformer, normalized across the
/// config.json dialects of gpt2, gpt_neox and llama and across transformers
/// versions (`rope_parameters` as well as `rotary_pct`/`rotary_emb_base`/`rope_theta`).
public struct ModelConfig: Sendable, Equatable {
    public var architecture: Architecture
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    /// Key/value heads (grouped-query attention); equals `headCount` otherwise.
    public var keyValueHeadCount: Int
    public var headDimension: Int
    public var intermediateSize: Int
    /// Learned positions (gpt2) or the trained context (rotary models).
    public var maxPositions: Int
    public var normEpsilon: Float
    public var activation: Activation
    /// Leading dimensions of each head that are rotated (0 for gpt2).
    public var rotaryDimensions: Int
    public var ropeTheta: Double
    public var parallelResidual: Bool
    public var tieWordEmbeddings: Bool
    public var attentionBias: Bool
    public var mlpBias: Bool
    public var bosTokenID: Int?
    public var eosTokenIDs: [Int]

    /// A GPT-2 configuration (the shapes of GPT-2 small by default).
    public static func gpt2(vocabularySize: Int = 50_257, contextLength: Int = 1024, width: Int = 768,
                            layers: Int = 12, heads: Int = 12) -> ModelConfig {
        ModelConfig(architecture: .gpt2, vocabularySize: vocabularySize, hiddenSize: width, layerCount: layers,
                    headCount: heads, keyValueHeadCount: heads, headDimension: width / heads,
                    intermediateSize: 4 * width, maxPositions: contextLength, normEpsilon: 1e-5,
                    activation: .geluTanh, rotaryDimensions: 0, ropeTheta: 10_000, parallelResidual: false,
                    tieWordEmbeddings: true, attentionBias: true, mlpBias: true, bosTokenID: nil, eosTokenIDs: [])
    }

    public init(architecture: Architecture, vocabularySize: Int, hiddenSize: Int, layerCount: Int, headCount: Int,
                keyValueHeadCount: Int, headDimension: Int, intermediateSize: Int, maxPositions: Int,
                normEpsilon: Float, activation: Activation, rotaryDimensions: Int, ropeTheta: Double,
                parallelResidual: Bool, tieWordEmbeddings: Bool, attentionBias: Bool, mlpBias: Bool,
                bosTokenID: Int?, eosTokenIDs: [Int]) {
        self.architecture = architecture
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.keyValueHeadCount = keyValueHeadCount
        self.headDimension = headDimension
        self.intermediateSize = intermediateSize
        self.maxPositions = maxPositions
        self.normEpsilon = normEpsilon
        self.activation = activation
        self.rotaryDimensions = rotaryDimensions
        self.ropeTheta = ropeTheta
        self.parallelResidual = parallelResidual
        self.tieWordEmbeddings = tieWordEmbeddings
        self.attentionBias = attentionBias
        self.mlpBias = mlpBias
        self.bosTokenID = bosTokenID
        self.eosTokenIDs = eosTokenIDs
    }

    /// Reads `config.json` from a model directory.
    public static func load(directory: URL) throws -> ModelConfig {
        let url = directory.appendingPathComponent("config.json")
        guard let data = try? Data(contentsOf: url) else {
            throw InferenceError.invalidConfig("\(url.path) cannot be read")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw InferenceError.invalidConfig("\(url.path) is not a JSON object")
        }
        return try ModelConfig(huggingFace: json)
    }

    /// Parses a Hugging Face config.json object.
    public init(huggingFace json: [String: Any]) throws {
        let keys = ConfigKeys(json)
        guard let type = json["model_type"] as? String else { throw InferenceError.invalidConfig("config.json has no model_type") }
        guard let architecture = Architecture(rawValue: type) else { throw InferenceError.unsupportedArchitecture(type) }
        self.architecture = architecture
        vocabularySize = try keys.int("vocab_size")
        bosTokenID = keys.optionalInt("bos_token_id")
        if let list = json["eos_token_id"] as? [NSNumber] { eosTokenIDs = list.map(\.intValue) }
        else { eosTokenIDs = keys.optionalInt("eos_token_id").map { [$0] } ?? [] }
        let rope = json["rope_parameters"] as? [String: Any] ?? json["rope_scaling"] as? [String: Any]
        if let ropeType = (rope?["rope_type"] ?? rope?["type"]) as? String, ropeType != "default" {
            throw InferenceError.invalidConfig("rope type '\(ropeType)' is not supported (only default RoPE)")
        }
        let ropeTheta = (rope?["rope_theta"] as? NSNumber)?.doubleValue
        switch architecture {
        case .gpt2:
            hiddenSize = try keys.int("n_embd")
            layerCount = try keys.int("n_layer")
            headCount = try keys.int("n_head")
            keyValueHeadCount = headCount
            intermediateSize = keys.optionalInt("n_inner") ?? 4 * hiddenSize
            maxPositions = try keys.int("n_positions")
            normEpsilon = keys.float("layer_norm_epsilon", default: 1e-5)
            activation = try Activation(huggingFaceName: json["activation_function"] as? String ?? "gelu_new")
            rotaryDimensions = 0
            self.ropeTheta = 10_000
            parallelResidual = false
            tieWordEmbeddings = json["tie_word_embeddings"] as? Bool ?? true
            attentionBias = true
            mlpBias = true
        case .gptNeoX:
            hiddenSize = try keys.int("hidden_size")
            layerCount = try keys.int("num_hidden_layers")
            headCount = try keys.int("num_attention_heads")
            keyValueHeadCount = headCount
            intermediateSize = keys.optionalInt("intermediate_size") ?? 4 * hiddenSize
            maxPositions = keys.optionalInt("max_position_embeddings") ?? 2048
            normEpsilon = keys.float("layer_norm_eps", default: 1e-5)
            activation = try Activation(huggingFaceName: json["hidden_act"] as? String ?? "gelu")
            let fraction = (rope?["partial_rotary_factor"] as? NSNumber)?.doubleValue
                ?? (json["rotary_pct"] as? NSNumber)?.doubleValue ?? 0.25
            rotaryDimensions = Int(Double(hiddenSize / headCount) * fraction)
            self.ropeTheta = ropeTheta ?? (json["rotary_emb_base"] as? NSNumber)?.doubleValue
                ?? (json["rope_theta"] as? NSNumber)?.doubleValue ?? 10_000
            parallelResidual = json["use_parallel_residual"] as? Bool ?? true
            tieWordEmbeddings = json["tie_word_embeddings"] as? Bool ?? false
            attentionBias = json["attention_bias"] as? Bool ?? true
            mlpBias = true
        case .llama:
            hiddenSize = try keys.int("hidden_size")
            layerCount = try keys.int("num_hidden_layers")
            headCount = try keys.int("num_attention_heads")
            keyValueHeadCount = keys.optionalInt("num_key_value_heads") ?? headCount
            intermediateSize = try keys.int("intermediate_size")
            maxPositions = keys.optionalInt("max_position_embeddings") ?? 2048
            normEpsilon = keys.float("rms_norm_eps", default: 1e-6)
            activation = try Activation(huggingFaceName: json["hidden_act"] as? String ?? "silu")
            self.ropeTheta = ropeTheta ?? (json["rope_theta"] as? NSNumber)?.doubleValue ?? 10_000
            parallelResidual = false
            tieWordEmbeddings = json["tie_word_embeddings"] as? Bool ?? false
            attentionBias = json["attention_bias"] as? Bool ?? false
            mlpBias = json["mlp_bias"] as? Bool ?? false
            rotaryDimensions = 0  // set below, once the head dimension is known
        }
        guard headCount > 0, hiddenSize > 0, layerCount > 0, vocabularySize > 0, keyValueHeadCount > 0,
              headCount % keyValueHeadCount == 0 else {
            throw InferenceError.invalidConfig("sizes must be positive and heads divisible by key/value heads")
        }
        // GPT-2 and GPT-NeoX split the hidden state evenly across heads (transformers refuses such a config too).
        guard architecture == .llama || hiddenSize % headCount == 0 else {
            throw InferenceError.invalidConfig("the hidden size \(hiddenSize) is not divisible by the \(headCount) attention heads")
        }
        headDimension = architecture == .llama ? (keys.optionalInt("head_dim") ?? hiddenSize / headCount) : hiddenSize / headCount
        if architecture == .llama { rotaryDimensions = headDimension }
        guard headDimension > 0, rotaryDimensions % 2 == 0, rotaryDimensions <= headDimension else {
            throw InferenceError.invalidConfig("head dimension \(headDimension) and rotary dimensions \(rotaryDimensions) are inconsistent")
        }
    }
}

/// Typed look-ups into a config.json object with clear errors.
private struct ConfigKeys {
    let json: [String: Any]
    init(_ json: [String: Any]) { self.json = json }
    func optionalInt(_ key: String) -> Int? { (json[key] as? NSNumber)?.intValue }
    func int(_ key: String) throws -> Int {
        guard let value = optionalInt(key) else { throw InferenceError.invalidConfig("config.json lacks integer '\(key)'") }
        return value
    }
    func float(_ key: String, default value: Float) -> Float { (json[key] as? NSNumber)?.floatValue ?? value }
}
