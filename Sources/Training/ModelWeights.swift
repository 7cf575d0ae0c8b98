import Foundation

extension GPT2Model {
    /// The parameters as named tensors in the Hugging Face layout (no
    /// separate `lm_head.weight`: it is tied to `transformer.wte.weight`).
    public func namedTensors() -> [(name: String, tensor: SafetensorsF32.Tensor)] {
        layout.tensors.map { ($0.name, SafetensorsF32.Tensor(shape: $0.shape, values: tensorValues($0))) }
    }

    /// Copies named tensors into the parameters. Every parameter must be
    /// present with its exact shape; `lm_head.weight`, if present, must equal
    /// the token embedding (the models are tied); other names are errors.
    public func load(tensors: [String: SafetensorsF32.Tensor]) throws {
        for tensor in layout.tensors {
            guard let source = tensors[tensor.name] else { throw CheckpointError("weights lack \(tensor.name)") }
            guard source.shape == tensor.shape else {
                throw CheckpointError("\(tensor.name) has shape \(source.shape), expected \(tensor.shape)")
            }
            source.values.withUnsafeBufferPointer {
                (parameters.baseAddress! + tensor.offset).update(from: $0.baseAddress!, count: tensor.count)
            }
        }
        for name in tensors.keys where layout.tensor(named: name) == nil {
            if name == "lm_head.weight", tensors[name]?.values == tensors["transformer.wte.weight"]?.values { continue }
            if name.hasSuffix(".attn.bias") || name.hasSuffix(".attn.masked_bias") { continue }  // old HF causal-mask buffers
            throw CheckpointError("unexpected tensor \(name) (untied lm_head is not supported)")
        }
    }

    /// Loads a Hugging Face GPT-2 directory (`config.json` + `model.safetensors`, F32).
    public static func load(directory: URL) throws -> GPT2Model {
        let config = try GPT2Config(huggingFaceJSON: Data(contentsOf: directory.appendingPathComponent("config.json")))
        let model = GPT2Model(config: config)
        try model.load(tensors: SafetensorsF32.read(directory.appendingPathComponent("model.safetensors")).tensors)
        return model
    }
}
