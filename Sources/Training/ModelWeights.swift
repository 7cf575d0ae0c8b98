import Foundation
import InferenceCore

extension GPT2Model {
    /// The parameters as named tensors in the Hugging Face layout, in layout
    /// order (no separate `lm_head.weight`: it is tied to `transformer.wte.weight`).
    public func namedTensors() -> [(name: String, shape: [Int], values: [Float])] {
        layout.tensors.map { ($0.name, $0.shape, tensorValues($0)) }
    }

    /// Copies the parameters from `store` (F32, F16 or BF16). Every parameter
    /// must be present with its exact shape; `lm_head.weight`, if present, must
    /// equal the token embedding (the models are tied); other names are errors.
    public func load(from store: SafetensorsStore) throws {
        for tensor in layout.tensors {
            guard let shape = store.shape(of: tensor.name) else { throw CheckpointError("weights lack \(tensor.name)") }
            guard shape == tensor.shape else {
                throw CheckpointError("\(tensor.name) has shape \(shape), expected \(tensor.shape)")
            }
            try store.floats(tensor.name).withUnsafeBufferPointer {
                (parameters.baseAddress! + tensor.offset).update(from: $0.baseAddress!, count: tensor.count)
            }
        }
        for name in store.tensorNames where layout.tensor(named: name) == nil {
            if name == "lm_head.weight", try store.floats(name) == store.floats("transformer.wte.weight") { continue }
            if name.hasSuffix(".attn.bias") || name.hasSuffix(".attn.masked_bias") { continue }  // old HF causal-mask buffers
            throw CheckpointError("unexpected tensor \(name) (untied lm_head is not supported)")
        }
    }

    /// Loads a Hugging Face GPT-2 directory (`config.json` + `model.safetensors`
    /// or its shards).
    public static func load(directory: URL) throws -> GPT2Model {
        let config = try GPT2Config(huggingFaceJSON: Data(contentsOf: directory.appendingPathComponent("config.json")))
        let model = GPT2Model(config: config)
        try model.load(from: SafetensorsStore(directory: directory))
        return model
    }
}
