import EmergeSupport
import EmergeTestSupport
import Foundation
import Testing
@testable import InferenceCore

/// The safetensors reader refuses every malformed file with a clear error.
@Suite struct CheckpointValidationTests {
    static let fixture = Fixtures.directory("gpt2-tiny").appendingPathComponent("model.safetensors")

    /// A safetensors image from a header object and a data section.
    static func image(header: [String: Any], data: Data) throws -> Data {
        let json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        return out + json + data
    }

    static func detail(_ body: () throws -> Void) -> String {
        do { try body() } catch let error as InferenceError { return error.description } catch { return "\(error)" }
        return "no error"
    }

    static func open(_ data: Data) throws { _ = try SafetensorsFile(data: data, url: URL(fileURLWithPath: "/t/model.safetensors")) }

    @Test func truncatedFiles() throws {
        let bytes = try Data(contentsOf: Self.fixture)
        #expect(Self.detail { try Self.open(bytes.prefix(5)) }.contains("truncated"))
        #expect(Self.detail { try Self.open(bytes.prefix(200)) }.contains("beyond the end"))
        // Cut inside the data section: the last tensors now point outside it.
        #expect(Self.detail { try Self.open(bytes.prefix(bytes.count - 100)) }.contains("outside"))
    }

    @Test func headerLengthBeyondFileOrCap() throws {
        var huge = Data()
        withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { huge.append(contentsOf: $0) }
        #expect(Self.detail { try Self.open(huge + Data(count: 16)) }.contains("exceeds"))
        var long = Data()
        withUnsafeBytes(of: UInt64(1000).littleEndian) { long.append(contentsOf: $0) }
        #expect(Self.detail { try Self.open(long + Data("{}".utf8)) }.contains("beyond the end"))
    }

    @Test func badJSON() throws {
        var d = Data()
        withUnsafeBytes(of: UInt64(5).littleEndian) { d.append(contentsOf: $0) }
        #expect(Self.detail { try Self.open(d + Data("{abc}".utf8)) }.contains("well-formed JSON"))
    }

    @Test func offsetsOutOfRangeOverlappingOrWrongSize() throws {
        let data = Data(count: 32)
        let outside = try Self.image(header: ["w": ["dtype": "F32", "shape": [4], "data_offsets": [24, 40]]], data: data)
        #expect(Self.detail { try Self.open(outside) } .contains("'w'"))
        #expect(Self.detail { try Self.open(outside) } .contains("outside"))
        let overlap = try Self.image(header: [
            "a": ["dtype": "F32", "shape": [4], "data_offsets": [0, 16]],
            "b": ["dtype": "F32", "shape": [4], "data_offsets": [8, 24]],
        ], data: data)
        #expect(Self.detail { try Self.open(overlap) } == "Malformed safetensors checkpoint model.safetensors: tensors 'a' and 'b' overlap.")
        let wrongSize = try Self.image(header: ["h": ["dtype": "BF16", "shape": [4], "data_offsets": [0, 16]]], data: data)
        #expect(Self.detail { try Self.open(wrongSize) }.contains("tensor 'h' holds 16 bytes but BF16 × [4] needs 8"))
        let reversed = try Self.image(header: ["r": ["dtype": "F32", "shape": [0], "data_offsets": [8, 4]]], data: data)
        #expect(Self.detail { try Self.open(reversed) }.contains("'r'"))
        let unknown = try Self.image(header: ["u": ["dtype": "Q4", "shape": [4], "data_offsets": [0, 2]]], data: data)
        #expect(Self.detail { try Self.open(unknown) }.contains("unknown dtype 'Q4'"))
        let negative = try Self.image(header: ["n": ["dtype": "F32", "shape": [-1], "data_offsets": [0, 4]]], data: data)
        #expect(Self.detail { try Self.open(negative) }.contains("'n'"))
    }

    @Test func missingTensorAndUnknownArchitecture() throws {
        let dir = try makeTemporaryDirectory("inference-ckpt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = Fixtures.directory("gpt2-tiny")
        for name in ["config.json", "tokenizer.json"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let store = try SafetensorsStore(directory: source)
        var tensors = try store.tensorNames.map { ($0, store.shape(of: $0)!, try store.floats($0)) }
        tensors.removeAll { $0.0 == "transformer.h.1.mlp.c_fc.weight" }
        try SafetensorsWriter.write(tensors: tensors.map { (name: $0.0, shape: $0.1, values: $0.2) },
                                    to: dir.appendingPathComponent("model.safetensors"))
        #expect(Self.detail { _ = try CausalLM.load(directory: dir) }
                == "Tensor 'transformer.h.1.mlp.c_fc.weight' is missing from checkpoint \(dir.lastPathComponent).")

        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("config.json"))) as! [String: Any]
        config["model_type"] = "mamba"
        try JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent("config.json"))
        #expect(throws: InferenceError.unsupportedArchitecture("mamba")) { _ = try CausalLM.load(directory: dir) }
    }

    @Test func writerRoundTripsAndShardsLoad() throws {
        let dir = try makeTemporaryDirectory("inference-ckpt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = Fixtures.directory("neox-tiny")
        for name in ["config.json", "tokenizer.json"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        // Split the checkpoint into two shards with an index.
        let store = try SafetensorsStore(directory: source)
        let names = store.tensorNames
        var weightMap: [String: String] = [:]
        for (k, part) in [names.filter { $0.contains("layers.1") }, names.filter { !$0.contains("layers.1") }].enumerated() {
            let file = "model-0000\(k + 1)-of-00002.safetensors"
            try SafetensorsWriter.write(tensors: try part.map { (name: $0, shape: store.shape(of: $0)!, values: try store.floats($0)) },
                                        to: dir.appendingPathComponent(file))
            for name in part { weightMap[name] = file }
        }
        try JSONSerialization.data(withJSONObject: ["metadata": [:] as [String: Any], "weight_map": weightMap])
            .write(to: dir.appendingPathComponent("model.safetensors.index.json"))
        let sharded = try CausalLM.load(directory: dir)
        let original = try Fixtures.model("neox-tiny")
        let ids = Array(0..<20).map { ($0 * 37) % 1024 }
        #expect(try sharded.score(ids: ids) == original.score(ids: ids))
        let reread = try SafetensorsFile(url: dir.appendingPathComponent("model-00001-of-00002.safetensors"))
        #expect(reread.metadata["format"] == "pt")
        #expect(try reread.floats("gpt_neox.layers.1.mlp.dense_h_to_4h.bias") == store.floats("gpt_neox.layers.1.mlp.dense_h_to_4h.bias"))
    }

    /// Why `bytes` break the safetensors format, or nil when they do not —
    /// the format's rules stated independently of the reader: an 8-byte
    /// little-endian header length (at most 100 MB, inside the file), a JSON
    /// object header, `__metadata__` an object, every other entry an object
    /// with a known dtype, a shape and two data offsets of non-negative
    /// integers, the offsets ordered and inside the data section, the byte
    /// count equal to dtype size × shape, and no two tensors overlapping.
    static func formatViolation(_ bytes: Data) -> String? {
        let sizes = ["F64": 8, "I64": 8, "U64": 8, "F32": 4, "I32": 4, "U32": 4, "F16": 2, "BF16": 2, "I16": 2,
                     "U16": 2, "I8": 1, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1]
        guard bytes.count >= 8 else { return "shorter than the length prefix" }
        let length = bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= 100_000_000, 8 + Int(length) <= bytes.count else { return "header length beyond the file" }
        let dataSize = bytes.count - 8 - Int(length)
        guard let header = try? JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + Int(length)))) as? [String: Any] else {
            return "header is not a JSON object"
        }
        func integers(_ value: Any?) -> [Int]? {
            guard let list = value as? [Any] else { return nil }
            let numbers = list.compactMap { ($0 as? NSNumber)?.doubleValue }
            guard numbers.count == list.count, numbers.allSatisfy({ $0 >= 0 && $0 <= 9_007_199_254_740_992 && $0 == $0.rounded() }) else { return nil }
            return numbers.map { Int($0) }
        }
        var ranges: [Range<Int>] = []
        for (name, value) in header {
            if name == "__metadata__" {
                if !(value is [String: Any]) { return "metadata is not an object" }
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String, let size = sizes[dtype],
                  let shape = integers(entry["shape"]), let offsets = integers(entry["data_offsets"]), offsets.count == 2
            else { return "entry \(name) is malformed" }
            guard offsets[0] <= offsets[1], offsets[1] <= dataSize else { return "entry \(name) lies outside the data" }
            var count = size
            for dimension in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                if overflow { return "entry \(name) is too large" }
                count = product
            }
            guard count == offsets[1] - offsets[0] else { return "entry \(name) has the wrong byte count" }
            if offsets[1] > offsets[0] { ranges.append(offsets[0]..<offsets[1]) }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        for (a, b) in zip(ranges, ranges.dropFirst()) where b.lowerBound < a.upperBound { return "tensors overlap" }
        return nil
    }

    /// Mutates the fixture's header bytes and length prefix at random. Each
    /// mutated file must open exactly when it still follows the format
    /// (`formatViolation`), and then read every float tensor whole; every
    /// other file is refused as a malformed checkpoint naming the file. A
    /// truncated file never opens.
    @Test func fuzzedHeadersOpenExactlyWhenTheyFollowTheFormat() throws {
        let original = try Data(contentsOf: Self.fixture)
        #expect(Self.formatViolation(original) == nil)
        let headerLength = Int(original.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var rng = SplitMix64(seed: 20_260_611)
        var opened = 0, refused = 0
        let alphabet = Array("0123456789,:[]{}\" -.eEFBI".utf8)
        for iteration in 0..<3000 {
            var bytes = [UInt8](original)
            let mutation = Int.random(in: 0..<5, using: &rng)
            switch mutation {
            case 0:  // overwrite a few header bytes with JSON-ish characters
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[8 + Int.random(in: 0..<headerLength, using: &rng)] = alphabet.randomElement(using: &rng)!
                }
            case 1:  // random bytes anywhere in the header
                bytes[8 + Int.random(in: 0..<headerLength, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 2:  // a different length prefix
                let value = UInt64.random(in: 0...UInt64(original.count + 64), using: &rng)
                withUnsafeBytes(of: value.littleEndian) { for i in 0..<8 { bytes[i] = $0[i] } }
            case 3:  // truncate
                bytes.removeLast(Int.random(in: 1..<bytes.count, using: &rng))
            default:  // change a digit of some number in the header
                let digits = (8..<(8 + headerLength)).filter { bytes[$0] >= 48 && bytes[$0] <= 57 }
                bytes[digits.randomElement(using: &rng)!] = UInt8.random(in: 48...57, using: &rng)
            }
            let data = Data(bytes)
            let violation = Self.formatViolation(data)
            if mutation == 3 { #expect(violation != nil, "iteration \(iteration): a truncated file follows the format") }
            do {
                let file = try SafetensorsFile(data: data, url: URL(fileURLWithPath: "/fuzz/model.safetensors"))
                opened += 1
                #expect(violation == nil, "iteration \(iteration) opened a file that breaks the format: \(violation ?? "")")
                for (name, entry) in file.entries where [.f32, .f16, .bf16].contains(entry.dtype) {
                    #expect(try file.floats(name).count == entry.elementCount, "iteration \(iteration): \(name)")
                }
            } catch let error as InferenceError {
                refused += 1
                #expect(violation != nil, "iteration \(iteration) refused a well-formed file: \(error)")
                guard case .malformedCheckpoint(let file, _) = error else {
                    Issue.record("iteration \(iteration): \(error) is not a malformed-checkpoint error"); continue
                }
                #expect(file == "model.safetensors")
            }
        }
        // Both outcomes occur often, so the comparison above is not vacuous.
        #expect(opened > 100 && refused > 1000, "opened \(opened), refused \(refused)")
    }
}
