import Foundation

/// A minimal Float32 safetensors reader and writer: enough for checkpoints
/// and optimizer state. (The general reader with F16/BF16 lives in InferenceCore.)
///
/// Format: 8-byte little-endian header length, a JSON header mapping tensor
/// names to `{dtype, shape, data_offsets}` (plus an optional string map
/// `__metadata__`), then the raw little-endian data.
public enum SafetensorsF32 {
    public struct Tensor: Equatable, Sendable {
        public var shape: [Int]
        public var values: [Float]
        public init(shape: [Int], values: [Float]) { self.shape = shape; self.values = values }
    }

    /// Writes the tensors (sorted by name) and string metadata to `url` atomically.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to url: URL) throws {
        let sorted = tensors.sorted { $0.name < $1.name }
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for (name, tensor) in sorted {
            precondition(tensor.shape.reduce(1, *) == tensor.values.count, "shape of \(name) does not match its values")
            let bytes = tensor.values.count * 4
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        var headerData = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while headerData.count % 8 != 0 { headerData.append(0x20) }
        var data = Data(capacity: 8 + headerData.count + offset)
        withUnsafeBytes(of: UInt64(headerData.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(headerData)
        for (_, tensor) in sorted {
            tensor.values.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt32.self) { words in
                    var little = [UInt32](repeating: 0, count: words.count)
                    for i in 0..<words.count { little[i] = words[i].littleEndian }
                    little.withUnsafeBytes { data.append(contentsOf: $0) }
                }
            }
        }
        try data.write(to: url, options: .atomic)
    }

    /// Reads every tensor (F32 only) and the metadata of the file at `url`.
    public static func read(_ url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let data = try Data(contentsOf: url)
        guard data.count >= 8 else { throw CheckpointError("\(url.lastPathComponent) is too short to be safetensors") }
        let headerLength = data.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        guard headerLength > 0, 8 + headerLength <= data.count,
              let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + headerLength))) as? [String: Any] else {
            throw CheckpointError("\(url.lastPathComponent) has an invalid safetensors header")
        }
        let body = 8 + headerLength
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" { metadata = value as? [String: String] ?? [:]; continue }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw CheckpointError("\(url.lastPathComponent): malformed entry for \(name)")
            }
            guard dtype == "F32" else { throw CheckpointError("\(url.lastPathComponent): \(name) is \(dtype); only F32 is supported here") }
            let count = shape.reduce(1, *)
            guard offsets[1] - offsets[0] == count * 4, body + offsets[1] <= data.count else {
                throw CheckpointError("\(url.lastPathComponent): \(name) has inconsistent offsets")
            }
            var values = [Float](repeating: 0, count: count)
            data.withUnsafeBytes { raw in
                for i in 0..<count {
                    let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: body + offsets[0] + 4 * i, as: UInt32.self))
                    values[i] = Float(bitPattern: bits)
                }
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        return (tensors, metadata)
    }
}
