import EmergeTestSupport
import Foundation
import InferenceCore
import TaskSuite
import Testing
@testable import Training

/// Training checkpoints broken as they get broken on disk — cut short,
/// mixed from two runs, edited by hand — are refused with a `CheckpointError`
/// that names the folder and the fault, never resumed.
@Suite struct CheckpointErrorTests {
    static let config = GPT2Config(vocabSize: 19, contextLength: 20, width: 16, depth: 2, heads: 2)
    static let task = ArithmeticTask(operation: .addition, digits: 2)
    static let options = TrainingOptions(steps: 4, batchSize: 4, learningRate: 3e-3, warmupSteps: 1, seed: 3)

    /// A checkpoint of one training step saved in `root/name`.
    static func saved(in root: URL, name: String = "run", config: GPT2Config = config) throws -> URL {
        let trainer = Trainer(config: config, vocabulary: .arithmetic, data: .generator(task), options: options)
        try trainer.trainStep()
        let directory = root.appendingPathComponent(name)
        try Checkpoint.save(trainer, to: directory)
        return directory
    }

    static func resumeError(_ directory: URL) -> String {
        do {
            _ = try Checkpoint.resume(from: directory, data: .generator(task), options: options)
            return "resumed"
        } catch let error as CheckpointError {
            return error.description
        } catch {
            return "not a CheckpointError: \(error)"
        }
    }

    static func truncate(_ file: URL, to fraction: Double) throws {
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: file)
    }

    @Test func aSavedCheckpointResumes() throws {
        let root = try makeTemporaryDirectory("training-ckpt")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(Self.resumeError(try Self.saved(in: root)) == "resumed")
    }

    @Test(arguments: ["model.safetensors", Checkpoint.stateFile])
    func aTruncatedFileIsNamedWithTheFolder(file: String) throws {
        let root = try makeTemporaryDirectory("training-ckpt")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try Self.saved(in: root)
        try Self.truncate(directory.appendingPathComponent(file), to: 0.6)
        let message = Self.resumeError(directory)
        #expect(message.hasPrefix("the checkpoint in \(directory.path) cannot be read: Malformed safetensors checkpoint \(file): "),
                "\(message)")
        #expect(message.contains("outside the") && message.contains("data section"), "\(message)")
    }

    /// The optimizer state of one model next to the weights of another.
    @Test func stateAndWeightsFromDifferentModelsAreRefused() throws {
        let root = try makeTemporaryDirectory("training-ckpt")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try Self.saved(in: root)
        let wider = GPT2Config(vocabSize: 19, contextLength: 20, width: 24, depth: 2, heads: 2)
        let other = try Self.saved(in: root, name: "other", config: wider)
        for file in ["model.safetensors", "config.json"] {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(file))
            try FileManager.default.copyItem(at: other.appendingPathComponent(file), to: directory.appendingPathComponent(file))
        }
        let small = GPT2Model(config: Self.config).layout.count, large = GPT2Model(config: wider).layout.count
        #expect(Self.resumeError(directory) == "\(Checkpoint.stateFile) in \(directory.path) holds optimizer moments for "
                + "\(small) parameters but the model beside it has \(large): they come from different models")
    }

    @Test func aStateWithoutItsStepIsIncomplete() throws {
        let root = try makeTemporaryDirectory("training-ckpt")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try Self.saved(in: root)
        let url = directory.appendingPathComponent(Checkpoint.stateFile)
        let state = try SafetensorsFile(url: url)
        var metadata = state.metadata
        metadata["step"] = "seven"
        let tensors = try ["adamw.m", "adamw.v"].map { (name: $0, shape: state.entries[$0]!.shape, values: try state.floats($0)) }
        try SafetensorsWriter.write(tensors: tensors, metadata: metadata, to: url)
        #expect(Self.resumeError(directory) == "\(Checkpoint.stateFile) in \(directory.path) is incomplete: it lacks a valid step")
    }

    @Test func aFolderWithoutACheckpoint() throws {
        let root = try makeTemporaryDirectory("training-ckpt")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(Self.resumeError(root.appendingPathComponent("never")) == "no checkpoint in \(root.appendingPathComponent("never").path)")
    }

    /// config.json fields the trainer cannot train with.
    static let invalidConfigs: [(key: String, json: String, message: String)] = [
        ("model_type", #""llama""#, "config.json model_type is llama, expected gpt2"),
        ("activation_function", #""relu""#, "activation_function relu is not supported for training (gelu_new only)"),
        ("n_inner", "48", "n_inner 48 is not 4 × n_embd"),
        ("n_head", #""two""#, "config.json lacks integer n_head"),
    ]

    @Test(arguments: invalidConfigs.indices)
    func aConfigTheTrainerCannotUseIsRefused(row: Int) throws {
        let (key, json, message) = Self.invalidConfigs[row]
        let root = try makeTemporaryDirectory("training-ckpt")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try Self.saved(in: root)
        let url = directory.appendingPathComponent("config.json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        config[key] = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        #expect(throws: CheckpointError.self) { _ = try GPT2Model.load(directory: directory) }
        #expect(Self.resumeError(directory) == "the checkpoint in \(directory.path) cannot be read: \(message)")
    }

    /// Weights that do not fit the config, or a head the trainer cannot tie.
    @Test func weightsThatDoNotFitTheModelAreRefused() throws {
        let root = try makeTemporaryDirectory("training-ckpt")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try Self.saved(in: root)
        let url = directory.appendingPathComponent("model.safetensors")
        let store = try SafetensorsStore(directory: directory)
        let tensors = try store.tensorNames.map { (name: $0, shape: store.shape(of: $0)!, values: try store.floats($0)) }
        func message(_ edited: [(name: String, shape: [Int], values: [Float])]) throws -> String {
            try SafetensorsWriter.write(tensors: edited, to: url)
            do { _ = try GPT2Model.load(directory: directory) } catch let error as CheckpointError { return error.description }
            return "loaded"
        }
        let name = "transformer.h.1.mlp.c_fc.weight"
        #expect(try message(tensors.map { $0.name == name ? (name, [64, 16], [Float](repeating: 0, count: 1024)) : $0 })
                == "\(name) has shape [64, 16], expected [16, 64]")
        #expect(try message(tensors.filter { $0.name != name }) == "weights lack \(name)")
        let untied = (name: "lm_head.weight", shape: [19, 16], values: [Float](repeating: 0.5, count: 19 * 16))
        #expect(try message(tensors + [untied]) == "unexpected tensor lm_head.weight (untied lm_head is not supported)")
        #expect(try message(tensors) == "loaded")
    }

    /// tokenizer.json files that are not a character vocabulary.
    @Test func aTokenizerThatIsNotACharacterVocabularyIsRefused() throws {
        func message(_ vocab: [String: Int]) -> String {
            let document: [String: Any] = ["model": ["type": "BPE", "vocab": vocab, "merges": [Any]()]]
            do {
                _ = try TokenizerFile.vocabulary(from: try JSONSerialization.data(withJSONObject: document))
                return "read"
            } catch { return "\(error)" }
        }
        #expect(message(["a": 0, "b": 1]) == "read")
        #expect(message(["a": 0, "Ġthe": 1]) == "tokenizer.json is not a character vocabulary (symbol Ġthe)")
        #expect(message(["a": 0, "b": 0]) == "tokenizer.json's ids are not 0…1, each once")
        #expect(message(["a": -1, "b": 1]) == "tokenizer.json's ids are not 0…1, each once")
        #expect((try? TokenizerFile.vocabulary(from: Data("{}".utf8))) == nil)
    }
}
