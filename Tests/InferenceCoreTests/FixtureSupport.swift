import Foundation
import InferenceCore

/// Paths and reference data of the Hugging Face fixtures copied into this test target.
enum Fixtures {
    static let models: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("models")
    static let modelNames = ["gpt2-tiny", "neox-tiny", "llama-tiny", "llama-tiny-bf16"]

    static func directory(_ name: String) -> URL { models.appendingPathComponent(name) }

    struct Sequence: Decodable {
        var text: String
        var ids: [Int]
        var target_logprobs: [Double]
        var top5_ids: [[Int]]
        var top5_logprobs: [[Double]]
        var entropy: [Double]
    }
    struct Greedy: Decodable {
        var prompt_ids: [Int]
        var greedy_ids: [Int]
    }
    struct Reference: Decodable {
        var model: String
        var vocab_size: Int
        var sequences: [Sequence]
        var greedy: Greedy
    }

    static func reference(_ name: String) throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: directory(name).appendingPathComponent("reference.json")))
    }

    /// Loaded once per model name; models are immutable and Sendable.
    static func model(_ name: String) throws -> CausalLM {
        try cache.withLock { models in
            if let model = models[name] { return model }
            let model = try CausalLM.load(directory: directory(name))
            models[name] = model
            return model
        }
    }
    private static let cache = LockedModels()
}

final class LockedModels: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [String: CausalLM] = [:]
    func withLock<T>(_ body: (inout [String: CausalLM]) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&models)
    }
}
