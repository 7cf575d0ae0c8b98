import EmergeSupport
import Foundation
import InferenceCore
import TaskSuite

/// Checkpoints in the Hugging Face GPT-2 layout, plus the state to resume.
///
/// A checkpoint directory holds
/// - `config.json` — `GPT2LMHeadModel`, `gelu_new`, tied embeddings,
///   `bos/eos_token_id` = the newline's id when the vocabulary has one;
/// - `model.safetensors` — F32, Conv1D weights (in, out), no `lm_head.weight` (tied);
/// - `tokenizer.json` (+ `tokenizer_config.json`) — the character vocabulary
///   as a byte-level BPE without merges (see `TokenizerFile`);
/// - `training_state.safetensors` — AdamW moments `adamw.m`/`adamw.v` (flat,
///   layout order) with metadata: step, tokens, FLOPs, data-RNG state,
///   options (JSON).
///
/// `Checkpoint.save` writes into a temporary sibling and swaps it in, so a
/// directory on disk is always a complete checkpoint.
public enum Checkpoint {
    public static let stateFile = "training_state.safetensors"

    public static func save(_ trainer: Trainer, to directory: URL) throws {
        let manager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).saving-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        try writeModel(trainer.model, vocabulary: trainer.vocabulary, to: staging)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let metadata = [
            "format": "emerge-training-state-1",
            "step": String(trainer.step),
            "tokens_processed": String(trainer.tokensProcessed),
            "training_flops": String(trainer.flops),
            "adamw_step": String(trainer.optimizer.step),
            "data_rng_state": String(trainer.dataRNG.state),
            "options": String(decoding: try encoder.encode(trainer.options), as: UTF8.self),
        ]
        let count = trainer.model.layout.count
        try SafetensorsWriter.write(tensors: [
            ("adamw.m", [count], Array(trainer.optimizer.firstMoment)),
            ("adamw.v", [count], Array(trainer.optimizer.secondMoment)),
        ], metadata: metadata, to: staging.appendingPathComponent(stateFile))
        // Swap: old → .old, staging → directory, drop .old.
        let old = parent.appendingPathComponent(".\(directory.lastPathComponent).old")
        try? manager.removeItem(at: old)
        if manager.fileExists(atPath: directory.path) { try manager.moveItem(at: directory, to: old) }
        try manager.moveItem(at: staging, to: directory)
        try? manager.removeItem(at: old)
    }

    /// Writes config.json, model.safetensors, tokenizer.json and tokenizer_config.json.
    public static func writeModel(_ model: GPT2Model, vocabulary: CharVocabulary, to directory: URL) throws {
        let stop = vocabulary.id(of: "\n")
        let config = try JSONSerialization.data(withJSONObject: model.config.huggingFaceJSON(stopTokenId: stop),
                                                options: [.prettyPrinted, .sortedKeys])
        try config.write(to: directory.appendingPathComponent("config.json"))
        try SafetensorsWriter.write(tensors: model.namedTensors(), metadata: ["format": "pt"],
                                    to: directory.appendingPathComponent("model.safetensors"))
        try TokenizerFile.json(for: vocabulary).write(to: directory.appendingPathComponent("tokenizer.json"))
        let tokenizerConfig: [String: Any] = [
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": model.config.contextLength,
            "clean_up_tokenization_spaces": false,
        ]
        try JSONSerialization.data(withJSONObject: tokenizerConfig, options: [.prettyPrinted, .sortedKeys])
            .write(to: directory.appendingPathComponent("tokenizer_config.json"))
    }

    /// The checkpoint directory to read: `directory`, or the previous complete
    /// one if a save was interrupted between its two renames.
    public static func existing(_ directory: URL) -> URL? {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.appendingPathComponent(stateFile).path) { return directory }
        let old = directory.deletingLastPathComponent().appendingPathComponent(".\(directory.lastPathComponent).old")
        return manager.fileExists(atPath: old.appendingPathComponent(stateFile).path) ? old : nil
    }

    /// Restores a run saved by `save`. `data` must be the same source the
    /// run was started with; `options`, when given, must match the saved ones
    /// except possibly `steps` (to extend a run). Throws a `CheckpointError`
    /// naming the folder when the checkpoint is missing, damaged (a file that
    /// is truncated or not what it should be) or from another model or run.
    public static func resume(from directory: URL, data: TrainingData, options override: TrainingOptions? = nil) throws -> Trainer {
        guard let source = existing(directory) else { throw CheckpointError("no checkpoint in \(directory.path)") }
        let model: GPT2Model, vocabulary: CharVocabulary, state: SafetensorsFile
        do {
            model = try GPT2Model.load(directory: source)
            vocabulary = try TokenizerFile.vocabulary(from: Data(contentsOf: source.appendingPathComponent("tokenizer.json")))
            state = try SafetensorsFile(url: source.appendingPathComponent(stateFile))
        } catch {
            throw CheckpointError("the checkpoint in \(source.path) cannot be read: \(error)")
        }
        let metadata = state.metadata
        func value<T>(_ key: String, _ parse: (String) -> T?) throws -> T {
            guard let text = metadata[key], let value = parse(text) else {
                throw CheckpointError("\(stateFile) in \(source.path) is incomplete: it lacks a valid \(key)")
            }
            return value
        }
        let saved = try value("options") { try? JSONDecoder().decode(TrainingOptions.self, from: Data($0.utf8)) }
        let step = try value("step") { Int($0) }, adamStep = try value("adamw_step") { Int($0) }
        let rngState = try value("data_rng_state") { UInt64($0) }
        let tokens = try value("tokens_processed") { Double($0) }, flops = try value("training_flops") { Double($0) }
        let m: [Float], v: [Float]
        do { (m, v) = (try state.floats("adamw.m"), try state.floats("adamw.v")) } catch {
            throw CheckpointError("\(stateFile) in \(source.path) is incomplete: \(error)")
        }
        guard m.count == model.layout.count, v.count == model.layout.count else {
            throw CheckpointError("\(stateFile) in \(source.path) holds optimizer moments for \(m.count) parameters "
                                  + "but the model beside it has \(model.layout.count): they come from different models")
        }
        var options = saved
        if let override {
            var comparable = override
            comparable.steps = saved.steps
            guard comparable == saved else {
                throw CheckpointError("the checkpoint in \(source.path) was trained with different options")
            }
            options.steps = override.steps
        }
        let optimizer = AdamW(layout: model.layout, settings: options.adamW)
        optimizer.step = adamStep
        _ = optimizer.firstMoment.update(from: m)
        _ = optimizer.secondMoment.update(from: v)
        return Trainer(model: model, optimizer: optimizer, options: options, vocabulary: vocabulary, data: data,
                       step: step, tokensProcessed: tokens, flops: flops, dataRNG: SplitMix64(seed: rngState))
    }
}
