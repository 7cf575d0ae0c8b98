import CBLAS
import Foundation

/// The machine's single-precision matrix-multiply peak as OpenBLAS reaches
/// it: the best of six 1536³ `cblas_sgemm` calls after four untimed ones, in GFLOP/s (2 FLOPs per
/// multiply-add). Measured once per process and cached; every benchmark
/// prints it beside its own figures.
func measureSgemmPeakGFLOPS() -> Double {
    if let cached = SgemmPeak.value { return cached }
    let n = 1536
    var a = [Float](repeating: 0, count: n * n), b = a, c = a
    for i in 0..<(n * n) { a[i] = Float(i % 97) * 0.01; b[i] = Float(i % 89) * 0.01 }
    // Untimed calls first: the first ones in a process start OpenBLAS's
    // threads and let the clock ramp up (they measured ~60% of the rest).
    var best = Double.infinity
    for round in 0..<10 {
        let start = DispatchTime.now().uptimeNanoseconds
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                                1, pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                }
            }
        }
        if round >= 4 { best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
    }
    let gflops = 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    SgemmPeak.value = gflops
    return gflops
}

private enum SgemmPeak {
    nonisolated(unsafe) static var value: Double?
}
