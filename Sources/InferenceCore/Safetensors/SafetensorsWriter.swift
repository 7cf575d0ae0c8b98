import Foundation

/// Writes Float32 tensors in the safetensors format (header JSON padded to a
/// multiple of 8 bytes, tensors stored back to back in the order given),
/// readable by Hugging Face `safetensors` and by `SafetensorsFile`.
public enum SafetensorsWriter {
    /// Writes `tensors` (name, shape, row-major values) to `url`, replacing it atomically.
    /// Throws when a name repeats or a value count does not match its shape.
    public static func write(tensors: [(name: String, shape: [Int], values: [Float])],
                             metadata: [String: String] = ["format": "pt"], to url: URL) throws {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for tensor in tensors {
            guard header[tensor.name] == nil, tensor.name != "__metadata__" else {
                throw InferenceError.writeFailed("tensor name '\(tensor.name)' appears twice")
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 }), tensor.shape.reduce(1, *) == tensor.values.count else {
                throw InferenceError.writeFailed("tensor '\(tensor.name)' has \(tensor.values.count) values for shape \(tensor.shape)")
            }
            let bytes = tensor.values.count * 4
            header[tensor.name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for tensor in tensors {
            tensor.values.withUnsafeBufferPointer { buffer in
                // Float32 is stored little-endian; x86-64 and arm64 already are.
                out.append(UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: UInt8.self),
                                               count: buffer.count * 4))
            }
        }
        do { try out.write(to: url, options: .atomic) } catch {
            throw InferenceError.writeFailed("\(url.path): \(error.localizedDescription)")
        }
    }

    /// Convenience for a dictionary of tensors, written in sorted name order.
    public static func write(tensors: [String: Tensor], to url: URL) throws {
        try write(tensors: tensors.keys.sorted().map { ($0, tensors[$0]!.shape, tensors[$0]!.values) }, to: url)
    }
}
