import Foundation

/// The element types a safetensors file may declare, with their sizes in bytes.
/// Only `F32`, `F16` and `BF16` can be read as weights; the others are known so
/// that their byte counts can still be validated.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"
    case u16 = "U16", u32 = "U32", u64 = "U64", f8e4m3 = "F8_E4M3", f8e5m2 = "F8_E5M2"

    public var byteSize: Int {
        switch self {
        case .f64, .i64, .u64: return 8
        case .f32, .i32, .u32: return 4
        case .f16, .bf16, .i16, .u16: return 2
        case .i8, .u8, .bool, .f8e4m3, .f8e5m2: return 1
        }
    }
}

/// One tensor's entry in a safetensors header.
public struct SafetensorsEntry: Sendable, Equatable {
    public var name: String
    public var dtype: SafetensorsDType
    public var shape: [Int]
    /// Byte range inside the data section (after the 8-byte length and the header).
    public var dataRange: Range<Int>
    public var elementCount: Int { shape.reduce(1, *) }
}

/// A memory-mapped safetensors file whose header has been fully validated:
/// the header length is capped (100 MB) and inside the file, the JSON is
/// well formed, every tensor's dtype is known, its byte count equals
/// dtype size × shape, its offsets lie inside the data section, and no two
/// tensors overlap. Each violation is an `InferenceError.malformedCheckpoint`
/// naming the tensor.
public struct SafetensorsFile: @unchecked Sendable {
    /// Largest header accepted, as in the reference implementation.
    public static let maximumHeaderLength = 100_000_000

    public let url: URL
    public let entries: [String: SafetensorsEntry]
    public let metadata: [String: String]
    private let data: Data
    private let dataStart: Int

    /// Maps the file and validates its header; throws on any violation.
    public init(url: URL) throws {
        let name = url.lastPathComponent
        func fail(_ detail: String) -> InferenceError { .malformedCheckpoint(file: name, detail: detail) }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw fail("cannot be read (\(error.localizedDescription))")
        }
        try self.init(data: data, url: url)
    }

    /// Validates an in-memory image of a safetensors file (used by tests and `init(url:)`).
    public init(data: Data, url: URL) throws {
        let name = url.lastPathComponent
        func fail(_ detail: String) -> InferenceError { .malformedCheckpoint(file: name, detail: detail) }
        self.url = url
        self.data = data
        guard data.count >= 8 else { throw fail("the file is truncated: \(data.count) bytes, shorter than the 8-byte header length") }
        let headerLength64: UInt64 = data.withUnsafeBytes { raw in
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        }
        guard headerLength64 <= UInt64(Self.maximumHeaderLength) else {
            throw fail("the header length \(headerLength64) exceeds the \(Self.maximumHeaderLength)-byte limit")
        }
        let headerLength = Int(headerLength64)
        guard 8 + headerLength <= data.count else {
            throw fail("the header length \(headerLength) runs beyond the end of the \(data.count)-byte file (truncated?)")
        }
        dataStart = 8 + headerLength
        let dataSize = data.count - dataStart
        let headerBytes = data.subdata(in: (data.startIndex + 8)..<(data.startIndex + dataStart))
        guard let json = try? JSONSerialization.jsonObject(with: headerBytes, options: []),
              let header = json as? [String: Any] else {
            throw fail("the header is not a well-formed JSON object")
        }
        var entries: [String: SafetensorsEntry] = [:]
        var metadata: [String: String] = [:]
        for (key, value) in header {
            if key == "__metadata__" {
                guard let dict = value as? [String: Any] else { throw fail("__metadata__ is not an object") }
                for (k, v) in dict { metadata[k] = (v as? String) ?? "\(v)" }
                continue
            }
            guard let info = value as? [String: Any] else { throw fail("tensor '\(key)' has no descriptor object") }
            guard let dtypeName = info["dtype"] as? String else { throw fail("tensor '\(key)' has no dtype") }
            guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
                throw fail("tensor '\(key)' has unknown dtype '\(dtypeName)'")
            }
            guard let shape = Self.integers(info["shape"]) else {
                throw fail("tensor '\(key)' has a shape that is not a list of non-negative integers")
            }
            guard let offsets = Self.integers(info["data_offsets"]), offsets.count == 2 else {
                throw fail("tensor '\(key)' has data_offsets that are not two non-negative integers")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin <= end else { throw fail("tensor '\(key)' has data_offsets [\(begin), \(end)] that end before they begin") }
            guard end <= dataSize else {
                throw fail("tensor '\(key)' has data_offsets [\(begin), \(end)] outside the \(dataSize)-byte data section")
            }
            var count = dtype.byteSize
            for dim in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dim)
                guard !overflow else { throw fail("tensor '\(key)' has a shape \(shape) too large to address") }
                count = product
            }
            guard count == end - begin else {
                throw fail("tensor '\(key)' holds \(end - begin) bytes but \(dtypeName) × \(shape) needs \(count)")
            }
            entries[key] = SafetensorsEntry(name: key, dtype: dtype, shape: shape, dataRange: begin..<end)
        }
        let ordered = entries.values.filter { !$0.dataRange.isEmpty }.sorted { $0.dataRange.lowerBound < $1.dataRange.lowerBound }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.dataRange.lowerBound < previous.dataRange.upperBound {
            throw fail("tensors '\(previous.name)' and '\(next.name)' overlap")
        }
        self.entries = entries
        self.metadata = metadata
    }

    private static func integers(_ value: Any?) -> [Int]? {
        guard let list = value as? [Any] else { return nil }
        var result: [Int] = []
        result.reserveCapacity(list.count)
        for item in list {
            guard let number = item as? NSNumber else { return nil }
            let double = number.doubleValue
            // Reject fractions, negatives and values beyond 2^53.
            guard double >= 0, double <= 9_007_199_254_740_992,
                  double == double.rounded() else { return nil }
            result.append(number.intValue)
        }
        return result
    }

    /// The tensor's values converted to Float32 (F32, F16 and BF16 only).
    public func floats(_ name: String) throws -> [Float] {
        guard let entry = entries[name] else {
            throw InferenceError.missingTensor(name: name, checkpoint: url.lastPathComponent)
        }
        let count = entry.elementCount
        let start = dataStart + entry.dataRange.lowerBound
        return try data.withUnsafeBytes { raw -> [Float] in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[start..<(start + entry.dataRange.count)])
            switch entry.dtype {
            case .f32:
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes) }
                    initialized = count
                }
            case .bf16:
                return HalfPrecision.bfloat16ToFloat(bytes, count: count)
            case .f16:
                return HalfPrecision.float16ToFloat(bytes, count: count)
            default:
                throw InferenceError.malformedCheckpoint(
                    file: url.lastPathComponent,
                    detail: "tensor '\(name)' has dtype \(entry.dtype.rawValue), which cannot be read as weights")
            }
        }
    }
}
