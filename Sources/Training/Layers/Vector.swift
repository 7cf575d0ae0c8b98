// Eight-lane helpers for the elementwise kernels. Every kernel is written
// once over `Float8`, as a nested `@inline(__always)` function `step(i, lanes)`
// that `forEachVector` calls for each group of 8 values; the last group may
// be partial (fewer than 8 lanes): `load`/`store` then touch only the lanes
// that exist, and the missing lanes read as 0 (or a chosen padding).
// Reductions add lanes in a fixed order, so results are bit-reproducible.

typealias Float8 = SIMD8<Float>

/// Calls `body(i, lanes)` for i = 0, 8, 16, … < n, where `lanes` = min(8, n − i).
///
/// The full groups and the partial one are separate call sites, so once
/// `body` (an always-inline function) is inlined into each, `lanes` is a
/// constant and the main loop is plain full-width vector code.
@inline(__always)
func forEachVector(_ n: Int, _ body: (_ i: Int, _ lanes: Int) -> Void) {
    var i = 0
    while i + 8 <= n { body(i, 8); i += 8 }
    if i < n { body(i, n - i) }
}

/// Loads `lanes` ≤ 8 floats (unaligned); the remaining lanes hold `padding`.
@inline(__always)
func load(_ pointer: UnsafePointer<Float>, _ lanes: Int, padding: Float = 0) -> Float8 {
    if lanes == 8 { return UnsafeRawPointer(pointer).loadUnaligned(as: Float8.self) }
    var value = Float8(repeating: padding)
    for lane in 0..<lanes { value[lane] = pointer[lane] }
    return value
}

/// Stores the first `lanes` ≤ 8 lanes of `value` (unaligned).
@inline(__always)
func store(_ value: Float8, _ pointer: UnsafeMutablePointer<Float>, _ lanes: Int) {
    if lanes == 8 { UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Float8.self); return }
    for lane in 0..<lanes { pointer[lane] = value[lane] }
}

/// Σ x[i] over n values.
@inline(__always)
func sum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var total = Float8()
    @inline(__always) func step(_ i: Int, _ lanes: Int) { total += load(x + i, lanes) }
    forEachVector(n, step)
    return total.sum()
}

/// max x[i] over n ≥ 1 values (exact, so the lane order cannot change it).
@inline(__always)
func largest(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var top = Float8(repeating: -.greatestFiniteMagnitude)
    // A compare and a blend: the standard library's `pointwiseMax` runs lane by lane.
    @inline(__always) func step(_ i: Int, _ lanes: Int) {
        let value = load(x + i, lanes, padding: -.greatestFiniteMagnitude)
        top.replace(with: value, where: value .> top)
    }
    forEachVector(n, step)
    // Lane by lane here too: `SIMD.max()` is a generic call that is not inlined.
    var result = top[0]
    for lane in 1..<8 where top[lane] > result { result = top[lane] }
    return result
}

/// Σ a[i]·b[i] over n values.
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var total = Float8()
    @inline(__always) func step(_ i: Int, _ lanes: Int) { total += load(a + i, lanes) * load(b + i, lanes) }
    forEachVector(n, step)
    return total.sum()
}

/// y[i] += x[i] over n values.
@inline(__always)
func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ n: Int) {
    @inline(__always) func step(_ i: Int, _ lanes: Int) { store(load(y + i, lanes) + load(x + i, lanes), y + i, lanes) }
    forEachVector(n, step)
}
