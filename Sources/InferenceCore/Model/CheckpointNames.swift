/// The tensor names a checkpoint of one architecture may use: every name
/// transformers itself loads for it, so a checkpoint saved any way
/// transformers saves one loads here too.
///
/// - The base model's tensors come with or without the base model's prefix
///   (transformers' `base_model_prefix`: `transformer.` for GPT-2,
///   `gpt_neox.` for GPT-NeoX, `model.` for Llama): transformers adds or
///   strips it when it loads a model with an LM head from the weights of one
///   without, or the other way round. One checkpoint uses one form
///   throughout; which one is read off its token embedding.
/// - An untied LM head may be stored under every name transformers maps onto
///   its `lm_head` module: for GPT-NeoX, `embed_out.weight` (what
///   `save_pretrained` writes) or `lm_head.weight` (the module's name, as
///   `state_dict()` gives it in transformers 5).
struct CheckpointNames: Sendable {
    /// The base model's prefix, dot included.
    var basePrefix: String
    /// The token embedding's name without the prefix; finding it with the
    /// prefix tells that the checkpoint uses the prefix.
    var embedding: String
    /// The names of an untied LM head, in the order they are looked up.
    var headNames: [String]

    static let gpt2 = CheckpointNames(basePrefix: "transformer.", embedding: "wte.weight", headNames: ["lm_head.weight"])
    static let gptNeoX = CheckpointNames(basePrefix: "gpt_neox.", embedding: "embed_in.weight",
                                         headNames: ["embed_out.weight", "lm_head.weight"])
    static let llama = CheckpointNames(basePrefix: "model.", embedding: "embed_tokens.weight", headNames: ["lm_head.weight"])

    static func of(_ architecture: Architecture) -> CheckpointNames {
        switch architecture {
        case .gpt2: return .gpt2
        case .gptNeoX: return .gptNeoX
        case .llama: return .llama
        }
    }

    /// The token embedding's name as `source` stores it.
    func embeddingName(in source: any TensorSource) -> String { prefix(in: source) + embedding }

    /// The prefix base-model tensors carry in `source`: `basePrefix` when its
    /// token embedding is stored under it, else none.
    func prefix(in source: any TensorSource) -> String {
        source.shape(of: basePrefix + embedding) != nil ? basePrefix : ""
    }
}
