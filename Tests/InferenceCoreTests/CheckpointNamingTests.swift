import EmergeTestSupport
import Foundation
import Testing
@testable import InferenceCore

/// A copy of a fixture model (a real transformers output) in `directory`,
/// with its tensors and config.json edited as a checkpoint saved another
/// way, or broken, would have them.
func fixtureVariant(_ fixture: String, in directory: URL,
                    tensors edit: (inout [(name: String, shape: [Int], values: [Float])]) -> Void = { _ in },
                    config editConfig: (inout [String: Any]) -> Void = { _ in }) throws -> URL {
    let source = Fixtures.directory(fixture)
    let target = directory.appendingPathComponent(fixture + "-variant")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: source.appendingPathComponent("tokenizer.json"),
                                     to: target.appendingPathComponent("tokenizer.json"))
    var config = try #require(try JSONSerialization.jsonObject(
        with: Data(contentsOf: source.appendingPathComponent("config.json"))) as? [String: Any])
    editConfig(&config)
    try JSONSerialization.data(withJSONObject: config).write(to: target.appendingPathComponent("config.json"))
    let store = try SafetensorsStore(directory: source)
    var tensors = try store.tensorNames.map { (name: $0, shape: store.shape(of: $0)!, values: try store.floats($0)) }
    edit(&tensors)
    try SafetensorsWriter.write(tensors: tensors, to: target.appendingPathComponent("model.safetensors"))
    return target
}

/// Every tensor name transformers itself loads for an architecture loads
/// here too (`CheckpointNames`): a GPT-NeoX head saved as `lm_head.weight`
/// (transformers 5's `state_dict()` name) as well as `embed_out.weight`
/// (`save_pretrained`'s), and base-model tensors with or without the base
/// model's prefix.
@Suite struct CheckpointNamingTests {
    static let ids = Array(0..<24).map { ($0 * 53 + 7) % 1024 }

    func renamed(_ rename: @escaping (String) -> String) -> (inout [(name: String, shape: [Int], values: [Float])]) -> Void {
        { tensors in tensors = tensors.map { (name: rename($0.name), shape: $0.shape, values: $0.values) } }
    }

    func dropPrefix(_ prefix: String) -> (String) -> String {
        { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
    }

    @Test func gptNeoXHeadSavedAsLmHeadLoads() throws {
        let dir = try makeTemporaryDirectory("inference-names")
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try fixtureVariant("neox-tiny", in: dir, tensors: renamed { $0 == "embed_out.weight" ? "lm_head.weight" : $0 })
        #expect(try SafetensorsStore(directory: variant).shape(of: "embed_out.weight") == nil)
        let original = try Fixtures.model("neox-tiny")
        #expect(try CausalLM.load(directory: variant).score(ids: Self.ids) == original.score(ids: Self.ids))
    }

    @Test(arguments: [("neox-tiny", "gpt_neox."), ("llama-tiny", "model."), ("gpt2-tiny", "transformer.")])
    func baseModelTensorsWithoutThePrefixLoad(fixture: String, prefix: String) throws {
        let dir = try makeTemporaryDirectory("inference-names")
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try fixtureVariant(fixture, in: dir, tensors: renamed(dropPrefix(prefix)))
        #expect(try SafetensorsStore(directory: variant).tensorNames.allSatisfy { !$0.hasPrefix(prefix) })
        let original = try Fixtures.model(fixture)
        #expect(try CausalLM.load(directory: variant).score(ids: Self.ids) == original.score(ids: Self.ids))
    }

    @Test func bothRenamingsAtOnce() throws {
        let dir = try makeTemporaryDirectory("inference-names")
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try fixtureVariant("neox-tiny", in: dir, tensors: renamed { name in
            name == "embed_out.weight" ? "lm_head.weight" : (name.hasPrefix("gpt_neox.") ? String(name.dropFirst(9)) : name)
        })
        let original = try Fixtures.model("neox-tiny")
        #expect(try CausalLM.load(directory: variant).score(ids: Self.ids) == original.score(ids: Self.ids))
    }

    @Test func aHeadUnderNoAcceptedNameIsMissingNamingEveryOne() throws {
        let dir = try makeTemporaryDirectory("inference-names")
        defer { try? FileManager.default.removeItem(at: dir) }
        let variant = try fixtureVariant("neox-tiny", in: dir, tensors: renamed { $0 == "embed_out.weight" ? "head.weight" : $0 })
        let error = InferenceError.missingTensor(name: "embed_out.weight' or 'lm_head.weight", checkpoint: variant.lastPathComponent)
        #expect(throws: error) { _ = try CausalLM.load(directory: variant) }
        #expect(error.description
                == "Tensor 'embed_out.weight' or 'lm_head.weight' is missing from checkpoint \(variant.lastPathComponent).")
    }
}
