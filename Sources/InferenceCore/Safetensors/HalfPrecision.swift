/// Conversions of 16-bit floating-point storage to Float32 (exact: both
/// formats are subsets of Float32). Little-endian storage, as safetensors
/// requires.
enum HalfPrecision {
    /// BF16 is the upper half of a Float32: shift the bits into place.
    static func bfloat16ToFloat(_ bytes: UnsafeRawBufferPointer, count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                buffer[i] = Float(bitPattern: UInt32(bits) << 16)
            }
            initialized = count
        }
    }

    /// IEEE half precision, subnormals and infinities included.
    static func float16ToFloat(_ bytes: UnsafeRawBufferPointer, count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                buffer[i] = halfToFloat(bits)
            }
            initialized = count
        }
    }

    /// Rounds to the nearest BF16 value (ties to even), returned as Float32.
    static func roundToBFloat16(_ x: Float) -> Float {
        guard x.isFinite else { return x }
        let bits = x.bitPattern
        let rounded = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000
        return Float(bitPattern: rounded)
    }

    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = (h & 0x8000) != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = Float(h & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
