import Elicitation
import Experiments
import Foundation
import InferenceCore
import ResultsStore
import TaskSuite

/// Eval throughput of the standard strategy on a ladder-sized model (random
/// GPT-2, width 128, depth 4, character vocabulary): greedy answers plus the
/// teacher-forced target records, stored in a temporary store — what
/// `train-ladder` runs for every rung — and self-consistency (n = 5) for scale.
func runEvalBenchmarks() {
    do {
        let characters = Array("0123456789+-*= QA:\n.,'abcdefghijklmnopqrstuvwxyzLT")
        let config = ModelConfig.gpt2(vocabularySize: characters.count, contextLength: 256, width: 128, layers: 4, heads: 4)
        var state: UInt64 = 0x5EED
        func random(_ shape: [Int], scale: Float = 0.2) -> Tensor {
            Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
            })
        }
        func filled(_ n: Int, _ v: Float) -> Tensor { Tensor(shape: [n], values: Array(repeating: v, count: n)) }
        let d = config.hiddenSize
        var tensors: [String: Tensor] = ["wte.weight": random([config.vocabularySize, d]),
                                         "wpe.weight": random([config.maxPositions, d], scale: 0.02),
                                         "ln_f.weight": filled(d, 1), "ln_f.bias": filled(d, 0)]
        for layer in 0..<config.layerCount {
            let p = "h.\(layer)."
            for norm in ["ln_1", "ln_2"] { tensors[p + norm + ".weight"] = filled(d, 1); tensors[p + norm + ".bias"] = filled(d, 0) }
            for (name, i, o) in [("attn.c_attn", d, 3 * d), ("attn.c_proj", d, d), ("mlp.c_fc", d, 4 * d), ("mlp.c_proj", 4 * d, d)] {
                tensors[p + name + ".weight"] = random([i, o]); tensors[p + name + ".bias"] = filled(o, 0)
            }
        }
        let lm = try CausalLM(config: config, tensors: InMemoryTensors(tensors),
                              tokenizer: CharacterTokenizer(characters: characters))
        let model = EvalModel(textModel: InferenceCoreTextModel(model: lm, name: "bench-w128-d4"))
        let task = try EvalTask.resolve("add3", count: 400)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emerge-evalbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try ResultsDatabase(path: directory.appendingPathComponent("bench.sqlite").path)
        let runner = EvalRunner(database: database)
        print("eval (random GPT-2 128×4, \(lm.parameterCount) parameters, character vocabulary, add3):")
        let standard = try runner.run(model: model, task: task, configuration: EvalConfiguration(
            strategy: .standard, settings: StrategySettings(maxTokens: 6), chunkSize: 128))
        print(String(format: "  standard, 400 examples (greedy answer ≤ 6 tokens + teacher-forced target, stored): %.2f s, %.0f examples/s",
                     standard.seconds, Double(standard.evaluated) / standard.seconds))
        let consistency = try runner.run(model: model, task: task, configuration: EvalConfiguration(
            strategy: .selfConsistency, settings: StrategySettings(samples: 5, temperature: 0.7, maxTokens: 32), limit: 40))
        print(String(format: "  self-consistency n = 5, 40 examples (≤ 32 tokens per chain): %.2f s, %.1f examples/s",
                     consistency.seconds, Double(consistency.evaluated) / consistency.seconds))
    } catch {
        print("eval benchmark failed: \(error)")
    }
}
