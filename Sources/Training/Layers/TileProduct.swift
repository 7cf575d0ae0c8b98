// Products of the small matrices of one attention head (T × T scores,
// T × head-size values), written out as 4 × 16 register tiles.
//
// At T = 32 and 32 channels per head each product is 32k multiply-adds:
// too small for sgemm, whose per-call set-up (packing, zeroing C, its
// dispatch) cost more than the arithmetic, and a row-at-a-time loop leaves
// the FMA units waiting on horizontal sums. A 4 × 16 tile keeps eight
// eight-lane accumulators in registers and reads per step one row of B
// (two vectors) and four entries of A: enough independent work to keep
// both multiply pipes busy on AVX2.
//
// Operands live in padded scratch (`TileScratch`): rows rounded up to 4,
// columns to 16, the padding zero, so every tile is whole and no load
// strays outside its buffer. Callers copy strided views in and results out;
// the copies are O(T·hs) against the O(T²·hs) products.

/// A row-major scratch matrix whose rows and columns are padded to the
/// tile (4 rows, 16 columns) and whose padding stays zero.
final class TileScratch {
    let rows: Int, columns: Int
    let pointer: UnsafeMutablePointer<Float>

    /// Room for a `rows` × `columns` matrix (rounded up to whole tiles).
    init(rows: Int, columns: Int) {
        self.rows = (rows + 3) / 4 * 4
        self.columns = (columns + 15) / 16 * 16
        pointer = .allocate(capacity: self.rows * self.columns)
        pointer.initialize(repeating: 0, count: self.rows * self.columns)
    }
    deinit { pointer.deallocate() }

    /// Copies `count` rows of `width` values, `stride` apart, into the top-left corner.
    func load(_ source: UnsafePointer<Float>, rows count: Int, width: Int, stride: Int) {
        for r in 0..<count { copyRow(source + r * stride, to: pointer + r * columns, width) }
    }

    /// Copies the transpose of a `count` × `width` matrix (rows `stride` apart) into the corner.
    func loadTransposed(_ source: UnsafePointer<Float>, rows count: Int, width: Int, stride: Int) {
        for r in 0..<count {
            let row = source + r * stride
            for c in 0..<width { pointer[c * columns + r] = row[c] }
        }
    }

    /// Copies the top-left `count` × `width` corner out to rows `stride` apart.
    func store(to destination: UnsafeMutablePointer<Float>, rows count: Int, width: Int, stride: Int) {
        for r in 0..<count { copyRow(pointer + r * columns, to: destination + r * stride, width) }
    }
}

/// Copies `n` floats eight lanes at a time: rows here are a few dozen
/// floats, where a `memmove` call per row cost more than the copy.
@inline(__always)
func copyRow(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, _ n: Int) {
    @inline(__always) func step(_ i: Int, _ lanes: Int) { store(load(source + i, lanes), destination + i, lanes) }
    forEachVector(n, step)
}

/// C = α · A · B over whole tiles (A read as its transpose when
/// `transposingA`: entry (i, k) is then `a`'s entry (k, i), so Pᵀ·dY needs no
/// transposed copy of P): for row block i (rows 4i ..< 4i + 4) the
/// sum runs over `terms(i)` (a sub-range of A's columns, where the caller
/// knows the rest of A's row block is zero) and covers the first
/// `columnTiles(i)` tiles of 16 columns (the rest of C's row block is left
/// as it was). `rowBlocks` ≤ a.rows / 4; B holds at least the rows `terms`
/// names. C's entries are computed as Σ_k a_ik·b_kj in increasing k, each
/// product rounded then added (no fused multiply-add: the same bits on
/// every x86-64 build).
@inline(__always)
func tileProduct(_ a: TileScratch, _ b: TileScratch, into c: TileScratch, scale: Float = 1, transposingA: Bool = false,
                 rowBlocks: Int, terms: (Int) -> Range<Int>, columnTiles: (Int) -> Int) {
    let ldb = b.columns, ldc = c.columns
    // Entry (i, k) of A is at a.pointer + i·rowStep + k·termStep.
    let rowStep = transposingA ? 1 : a.columns, termStep = transposingA ? a.columns : 1
    let pb = UnsafeRawPointer(b.pointer), pc = UnsafeMutableRawPointer(c.pointer)
    for block in 0..<rowBlocks {
        let r0 = block * 4, range = terms(block)
        let a0 = a.pointer + r0 * rowStep, a1 = a0 + rowStep, a2 = a1 + rowStep, a3 = a2 + rowStep
        for tile in 0..<columnTiles(block) {
            let column = tile * 16
            var c00 = Float8(), c01 = Float8(), c10 = Float8(), c11 = Float8()
            var c20 = Float8(), c21 = Float8(), c30 = Float8(), c31 = Float8()
            for k in range {
                let row = (k * ldb + column) * 4, term = k * termStep
                let b0 = pb.loadUnaligned(fromByteOffset: row, as: Float8.self)
                let b1 = pb.loadUnaligned(fromByteOffset: row + 32, as: Float8.self)
                let x0 = Float8(repeating: a0[term]), x1 = Float8(repeating: a1[term])
                let x2 = Float8(repeating: a2[term]), x3 = Float8(repeating: a3[term])
                c00 += x0 * b0; c01 += x0 * b1
                c10 += x1 * b0; c11 += x1 * b1
                c20 += x2 * b0; c21 += x2 * b1
                c30 += x3 * b0; c31 += x3 * b1
            }
            let out = (r0 * ldc + column) * 4, step = ldc * 4
            pc.storeBytes(of: c00 * scale, toByteOffset: out, as: Float8.self)
            pc.storeBytes(of: c01 * scale, toByteOffset: out + 32, as: Float8.self)
            pc.storeBytes(of: c10 * scale, toByteOffset: out + step, as: Float8.self)
            pc.storeBytes(of: c11 * scale, toByteOffset: out + step + 32, as: Float8.self)
            pc.storeBytes(of: c20 * scale, toByteOffset: out + 2 * step, as: Float8.self)
            pc.storeBytes(of: c21 * scale, toByteOffset: out + 2 * step + 32, as: Float8.self)
            pc.storeBytes(of: c30 * scale, toByteOffset: out + 3 * step, as: Float8.self)
            pc.storeBytes(of: c31 * scale, toByteOffset: out + 3 * step + 32, as: Float8.self)
        }
    }
}
