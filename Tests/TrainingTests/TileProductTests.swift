import Foundation
import Testing
@testable import Training

/// The attention heads' register-tile product against a Double reference on
/// seeded random shapes, sub-ranges of terms and partial tile counts.
@Suite struct TileProductTests {
    @Test func agreesWithTheDoubleReferenceWhereAskedAndLeavesTheRest() {
        var rng = NormalGenerator(seed: 9)
        for trial in 0..<60 {
            let m = 1 + trial % 23, k = 1 + (trial * 7) % 41, n = 1 + (trial * 5) % 37
            let a = TileScratch(rows: m, columns: k), b = TileScratch(rows: k, columns: n), c = TileScratch(rows: m, columns: n)
            let aValues = (0..<(m * k)).map { _ in Float(rng.next()) }, bValues = (0..<(k * n)).map { _ in Float(rng.next()) }
            a.load(aValues, rows: m, width: k, stride: k)
            b.load(bValues, rows: k, width: n, stride: n)
            let sentinel: Float = 12345
            c.pointer.update(repeating: sentinel, count: c.rows * c.columns)
            let blocks = (m + 3) / 4, tiles = c.columns / 16
            let scale: Float = trial % 2 == 0 ? 1 : 0.25
            func terms(_ block: Int) -> Range<Int> { (block % 3)..<max(block % 3, k - block % 2) }
            func columnTiles(_ block: Int) -> Int { min(tiles, 1 + block % 3) }
            tileProduct(a, b, into: c, scale: scale, rowBlocks: blocks, terms: terms, columnTiles: columnTiles)
            for i in 0..<c.rows {
                for j in 0..<c.columns {
                    let value = c.pointer[i * c.columns + j]
                    guard j / 16 < columnTiles(i / 4) else { #expect(value == sentinel); continue }
                    var expected = 0.0
                    if i < m && j < n {
                        for t in terms(i / 4) { expected += Double(aValues[i * k + t]) * Double(bValues[t * n + j]) }
                    }
                    #expect(abs(Double(value) - Double(scale) * expected) < 1e-4, "trial \(trial) at (\(i), \(j))")
                }
            }
        }
    }

    /// Reading A transposed in place gives the same bits as multiplying by a transposed copy.
    @Test func transposingAEqualsATransposedCopy() {
        var rng = NormalGenerator(seed: 10)
        for (m, k, n) in [(5, 7, 3), (13, 13, 20), (32, 32, 32)] {
            let values = (0..<(k * m)).map { _ in Float(rng.next()) }  // Aᵀ: k × m
            let stored = TileScratch(rows: k, columns: m), copy = TileScratch(rows: m, columns: k)
            stored.load(values, rows: k, width: m, stride: m)
            copy.loadTransposed(values, rows: k, width: m, stride: m)
            let b = TileScratch(rows: k, columns: n)
            b.load((0..<(k * n)).map { _ in Float(rng.next()) }, rows: k, width: n, stride: n)
            let viaCopy = TileScratch(rows: m, columns: n), inPlace = TileScratch(rows: m, columns: n)
            let blocks = (m + 3) / 4, tiles = viaCopy.columns / 16
            func terms(_ block: Int) -> Range<Int> { min(k, block)..<k }
            tileProduct(copy, b, into: viaCopy, rowBlocks: blocks, terms: terms, columnTiles: { _ in tiles })
            tileProduct(stored, b, into: inPlace, transposingA: true, rowBlocks: blocks, terms: terms, columnTiles: { _ in tiles })
            for i in 0..<m {
                for j in 0..<n { #expect(inPlace.pointer[i * inPlace.columns + j] == viaCopy.pointer[i * viaCopy.columns + j]) }
            }
        }
    }

    @Test func transposedLoadsAndStoresRoundTrip() {
        let rows = 5, width = 3, stride = 7
        let source = (0..<(rows * stride)).map(Float.init)
        let s = TileScratch(rows: width, columns: rows)
        s.loadTransposed(source, rows: rows, width: width, stride: stride)
        #expect(s.rows == 4 && s.columns == 16)
        for r in 0..<rows { for c in 0..<width { #expect(s.pointer[c * s.columns + r] == source[r * stride + c]) } }
        var out = [Float](repeating: -1, count: width * 9)
        s.store(to: &out, rows: width, width: rows, stride: 9)
        for c in 0..<width { for r in 0..<rows { #expect(out[c * 9 + r] == source[r * stride + c]) } }
        #expect(out[5] == -1 && out[8] == -1)
    }
}
