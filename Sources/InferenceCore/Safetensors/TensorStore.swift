import Foundation

/// A named Float32 tensor held in memory (row-major, `values.count == shape.reduce(1, *)`).
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Float]
    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "tensor values must match its shape")
        self.shape = shape
        self.values = values
    }
}

/// Where an architecture reads its weights from: a checkpoint on disk or
/// tensors already in memory (a freshly trained model, a benchmark).
public protocol TensorSource {
    /// A label for error messages (a path, or "in-memory").
    var sourceName: String { get }
    /// The tensor's shape, or nil when absent.
    func shape(of name: String) -> [Int]?
    /// The tensor's values as Float32; throws `missingTensor` when absent.
    func floats(_ name: String) throws -> [Float]
    /// The stored element type (nil when absent; in-memory tensors are F32).
    func dtype(of name: String) -> SafetensorsDType?
}

extension TensorSource {
    public func dtype(of name: String) -> SafetensorsDType? { shape(of: name) == nil ? nil : .f32 }
}

/// Tensors held in a dictionary, e.g. from training.
public struct InMemoryTensors: TensorSource, Sendable {
    public var tensors: [String: Tensor]
    public init(_ tensors: [String: Tensor]) { self.tensors = tensors }
    public var sourceName: String { "in-memory tensors" }
    public func shape(of name: String) -> [Int]? { tensors[name]?.shape }
    public func floats(_ name: String) throws -> [Float] {
        guard let tensor = tensors[name] else { throw InferenceError.missingTensor(name: name, checkpoint: sourceName) }
        return tensor.values
    }
}

/// The safetensors weights of a Hugging Face model directory: either one
/// `model.safetensors`, or the shards listed in `model.safetensors.index.json`
/// (`{"weight_map": {tensor: file}}`). Every file is memory-mapped and
/// validated when the store opens.
public struct SafetensorsStore: TensorSource, @unchecked Sendable {
    public let directory: URL
    private let files: [SafetensorsFile]
    private let fileOfTensor: [String: Int]

    public init(directory: URL) throws {
        self.directory = directory
        let fm = FileManager.default
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        let single = directory.appendingPathComponent("model.safetensors")
        if fm.fileExists(atPath: index.path) {
            guard let data = try? Data(contentsOf: index),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let weightMap = json["weight_map"] as? [String: String] else {
                throw InferenceError.malformedCheckpoint(file: index.lastPathComponent, detail: "it has no weight_map object of tensor → file names")
            }
            var shardNames = Array(Set(weightMap.values)).sorted()
            shardNames = shardNames.filter { !$0.isEmpty }
            var files: [SafetensorsFile] = []
            var position: [String: Int] = [:]
            for shard in shardNames {
                guard !shard.contains("/"), !shard.hasPrefix(".") else {
                    throw InferenceError.malformedCheckpoint(file: index.lastPathComponent, detail: "shard name '\(shard)' points outside the model directory")
                }
                position[shard] = files.count
                files.append(try SafetensorsFile(url: directory.appendingPathComponent(shard)))
            }
            var fileOfTensor: [String: Int] = [:]
            for (tensor, shard) in weightMap {
                guard let i = position[shard], files[i].entries[tensor] != nil else {
                    throw InferenceError.malformedCheckpoint(file: shard, detail: "tensor '\(tensor)' is listed in the index but not stored in the shard")
                }
                fileOfTensor[tensor] = i
            }
            self.files = files
            self.fileOfTensor = fileOfTensor
        } else if fm.fileExists(atPath: single.path) {
            let file = try SafetensorsFile(url: single)
            files = [file]
            fileOfTensor = Dictionary(uniqueKeysWithValues: file.entries.keys.map { ($0, 0) })
        } else {
            throw InferenceError.malformedCheckpoint(file: directory.path, detail: "the directory has neither model.safetensors nor model.safetensors.index.json")
        }
    }

    public var sourceName: String { directory.lastPathComponent }
    public var tensorNames: [String] { fileOfTensor.keys.sorted() }

    public func shape(of name: String) -> [Int]? {
        fileOfTensor[name].flatMap { files[$0].entries[name]?.shape }
    }

    public func dtype(of name: String) -> SafetensorsDType? {
        fileOfTensor[name].flatMap { files[$0].entries[name]?.dtype }
    }

    public func floats(_ name: String) throws -> [Float] {
        guard let i = fileOfTensor[name] else { throw InferenceError.missingTensor(name: name, checkpoint: sourceName) }
        return try files[i].floats(name)
    }
}
