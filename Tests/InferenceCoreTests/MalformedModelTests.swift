import EmergeTestSupport
import Foundation
import Testing
@testable import InferenceCore

/// Real fixture checkpoints broken the way checkpoints get broken — a tensor
/// of the wrong shape, a config.json with an unusable field — are refused
/// with the error that names the fault.
@Suite struct MalformedModelTests {
    typealias Tensors = [(name: String, shape: [Int], values: [Float])]

    /// `tensors` with the tensor `name` replaced by one of `shape` (zeros).
    static func reshaped(_ name: String, to shape: [Int]) -> (inout Tensors) -> Void {
        { tensors in
            let i = tensors.firstIndex { $0.name == name }!
            tensors[i] = (name: name, shape: shape, values: [Float](repeating: 0, count: shape.reduce(1, *)))
        }
    }

    static let wrongShapes: [(fixture: String, tensor: String, expected: [Int], found: [Int])] = [
        // One column short of n_embd × 3·n_embd.
        ("gpt2-tiny", "transformer.h.0.attn.c_attn.weight", [64, 192], [64, 191]),
        // Stored as (in, out) like GPT-2's Conv1D instead of nn.Linear's (out, in).
        ("neox-tiny", "gpt_neox.layers.1.attention.query_key_value.weight", [192, 64], [64, 192]),
        // A head for another vocabulary.
        ("llama-tiny", "lm_head.weight", [1024, 64], [1000, 64]),
        ("llama-tiny", "model.layers.0.self_attn.k_proj.weight", [32, 64], [64, 64]),
    ]

    @Test(arguments: wrongShapes.indices)
    func aTensorOfTheWrongShapeIsAShapeMismatch(row: Int) throws {
        let (fixture, tensor, expected, found) = Self.wrongShapes[row]
        let dir = try makeTemporaryDirectory("inference-malformed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try fixtureVariant(fixture, in: dir, tensors: Self.reshaped(tensor, to: found))
        let error = InferenceError.shapeMismatch(name: tensor, expected: expected, found: found)
        #expect(throws: error) { _ = try CausalLM.load(directory: variant) }
        #expect(error.description == "Tensor '\(tensor)' has shape \(found) but the configuration needs \(expected).")
    }

    /// (fixture, key, its new value as JSON text, the detail of the expected error)
    static let invalidConfigs: [(fixture: String, key: String, json: String, detail: String)] = [
        ("gpt2-tiny", "n_head", "5", "the hidden size 64 is not divisible by the 5 attention heads"),
        ("neox-tiny", "num_attention_heads", "3", "the hidden size 64 is not divisible by the 3 attention heads"),
        ("gpt2-tiny", "n_layer", "0", "sizes must be positive and heads divisible by key/value heads"),
        ("llama-tiny", "num_key_value_heads", "3", "sizes must be positive and heads divisible by key/value heads"),
        ("gpt2-tiny", "vocab_size", #""1024""#, "config.json lacks integer 'vocab_size'"),
        ("gpt2-tiny", "activation_function", #""swish-ish""#, "hidden activation 'swish-ish' is not supported"),
        ("llama-tiny", "rope_parameters", #"{"rope_type": "linear", "factor": 2.0, "rope_theta": 10000.0}"#,
         "rope type 'linear' is not supported (only default RoPE)"),
        // A quarter of 16 is 4 rotary dimensions; 0.5625 gives 9, which cannot be rotated in pairs.
        ("neox-tiny", "rope_parameters", #"{"rope_type": "default", "partial_rotary_factor": 0.5625, "rope_theta": 10000}"#,
         "head dimension 16 and rotary dimensions 9 are inconsistent"),
    ]

    @Test(arguments: invalidConfigs.indices)
    func aConfigWithAnUnusableFieldIsAnInvalidConfig(row: Int) throws {
        let (fixture, key, json, detail) = Self.invalidConfigs[row]
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let dir = try makeTemporaryDirectory("inference-malformed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try fixtureVariant(fixture, in: dir, config: { $0[key] = value })
        #expect(throws: InferenceError.invalidConfig(detail)) { _ = try CausalLM.load(directory: variant) }
    }

    @Test func aConfigThatIsNotAJSONObjectIsAnInvalidConfig() throws {
        let dir = try makeTemporaryDirectory("inference-malformed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try fixtureVariant("gpt2-tiny", in: dir)
        let config = variant.appendingPathComponent("config.json")
        try Data("[\"model_type\", \"gpt2\"]".utf8).write(to: config)
        #expect(throws: InferenceError.invalidConfig("\(config.path) is not a JSON object")) {
            _ = try CausalLM.load(directory: variant)
        }
        try FileManager.default.removeItem(at: config)
        #expect(throws: InferenceError.invalidConfig("\(config.path) cannot be read")) {
            _ = try CausalLM.load(directory: variant)
        }
        #expect(InferenceError.invalidConfig("x").description == "Invalid model configuration: x.")
    }
}
