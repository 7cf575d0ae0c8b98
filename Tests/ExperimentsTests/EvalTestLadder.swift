import EmergeSupport
import EmergeTestSupport
import Foundation
import InferenceCore

/// Writes a random-weight GPT-2 in the Hugging Face layout (config.json,
/// model.safetensors, tokenizer.json with a byte-level vocabulary of the 256
/// bytes and no merges) so the eval runner loads it as it loads a ladder rung.
func writeRandomGPT2(to directory: URL, width: Int, layers: Int, seed: UInt64) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let vocabulary = 256, context = 256, heads = 2
    var rng = SplitMix64(seed: seed)
    func random(_ shape: [Int], scale: Float = 0.3) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, values: (0..<count).map { _ in
            Float(Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1) * scale
        })
    }
    func filled(_ count: Int, _ value: Float) -> Tensor { Tensor(shape: [count], values: Array(repeating: value, count: count)) }
    var tensors: [String: Tensor] = [
        "wte.weight": random([vocabulary, width]), "wpe.weight": random([context, width], scale: 0.05),
        "ln_f.weight": filled(width, 1), "ln_f.bias": filled(width, 0),
    ]
    for layer in 0..<layers {
        let p = "h.\(layer)."
        tensors[p + "ln_1.weight"] = filled(width, 1); tensors[p + "ln_1.bias"] = filled(width, 0)
        tensors[p + "ln_2.weight"] = filled(width, 1); tensors[p + "ln_2.bias"] = filled(width, 0)
        tensors[p + "attn.c_attn.weight"] = random([width, 3 * width]); tensors[p + "attn.c_attn.bias"] = filled(3 * width, 0)
        tensors[p + "attn.c_proj.weight"] = random([width, width]); tensors[p + "attn.c_proj.bias"] = filled(width, 0)
        tensors[p + "mlp.c_fc.weight"] = random([width, 4 * width]); tensors[p + "mlp.c_fc.bias"] = filled(4 * width, 0)
        tensors[p + "mlp.c_proj.weight"] = random([4 * width, width]); tensors[p + "mlp.c_proj.bias"] = filled(width, 0)
    }
    try SafetensorsWriter.write(tensors: tensors, to: directory.appendingPathComponent("model.safetensors"))
    let config: [String: Any] = [
        "model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": vocabulary, "n_positions": context,
        "n_embd": width, "n_layer": layers, "n_head": heads, "layer_norm_epsilon": 1e-5,
        "activation_function": "gelu_new", "tie_word_embeddings": true,
    ]
    try JSONSerialization.data(withJSONObject: config).write(to: directory.appendingPathComponent("config.json"))
    var vocab: [String: Int] = [:]
    for (byte, character) in byteLevelAlphabet().enumerated() { vocab[String(character)] = byte }
    let tokenizer: [String: Any] = [
        "model": ["type": "BPE", "vocab": vocab, "merges": [String]()],
        "pre_tokenizer": ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true],
        "added_tokens": [[String: Any]](),
    ]
    try JSONSerialization.data(withJSONObject: tokenizer).write(to: directory.appendingPathComponent("tokenizer.json"))
}

/// GPT-2's byte → printable character table (bytes_to_unicode).
private func byteLevelAlphabet() -> [Character] {
    let printable = Array(33...126) + Array(161...172) + Array(174...255)
    var next = 256
    return (0..<256).map { byte in
        if printable.contains(byte) { return Character(Unicode.Scalar(UInt32(byte))!) }
        defer { next += 1 }
        return Character(Unicode.Scalar(UInt32(next))!)
    }
}
