import Elicitation
import Foundation
import InferenceCore
import ResultsStore

/// A model to evaluate: how to query it, what to call it in the store, and
/// the facts to store with it.
public struct EvalModel {
    public var textModel: any TextModel
    /// The stored model name.
    public var name: String
    /// Facts stored with the model's outputs. Facts already in the store win:
    /// the runner only sends those the store lacks, so evaluating a ladder
    /// rung never overwrites what training recorded.
    public var facts: ModelFacts
    /// The run's backend as stored (`local` for the inference core).
    public var backend: String

    public init(textModel: any TextModel, name: String? = nil, facts: ModelFacts = ModelFacts(),
                backend: String = "local") {
        self.textModel = textModel; self.name = name ?? textModel.name; self.facts = facts; self.backend = backend
    }

    /// Loads a model directory the inference core reads (a ladder rung or a
    /// Hugging Face checkpoint), named after the directory unless `name` is
    /// given; its parameter count and path become its facts.
    public static func load(directory: URL, name: String? = nil, family: String? = nil) throws -> EvalModel {
        let model = try CausalLM.load(directory: directory)
        let modelName = name ?? directory.standardizedFileURL.lastPathComponent
        let facts = ModelFacts(family: family, params: Double(model.parameterCount),
                               checkpoint: directory.standardizedFileURL.path)
        return EvalModel(textModel: InferenceCoreTextModel(model: model, name: modelName), name: modelName, facts: facts)
    }

    /// The rungs of a ladder directory: every immediate subdirectory holding
    /// a `config.json`, sorted by name.
    public static func ladderRungs(in directory: URL) throws -> [URL] {
        let manager = FileManager.default
        let entries = try manager.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.isDirectoryKey])
        return entries.filter { url in
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
                && manager.fileExists(atPath: url.appendingPathComponent("config.json").path)
        }.sorted { $0.lastPathComponent.localizedStandardCompare($1.lastPathComponent) == .orderedAscending }
    }
}
