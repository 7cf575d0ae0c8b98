// emerge-bench: the benchmarks `make bench` runs in release mode.
//
// Usage: emerge-bench [GROUP ...] where GROUP is one of blas, store, metrics,
// fits, predict, report, mirage, realdata, inference, training, eval, serving. No argument runs them all,
// each in a fresh process of its own: a group's memory figures (peak RSS
// while scoring) then never include what an earlier group left on the heap.
// Every group prints its figures beside the machine's measured sgemm peak.
import Foundation

let allGroups = ["store", "metrics", "fits", "predict", "report", "mirage", "realdata", "inference", "training", "eval", "serving"]
let groups = Array(CommandLine.arguments.dropFirst())
if let unknown = groups.first(where: { !allGroups.contains($0) && $0 != "blas" }) {
    FileHandle.standardError.write(Data("emerge-bench: unknown group '\(unknown)'; groups: blas, \(allGroups.joined(separator: ", "))\n".utf8))
    exit(2)
}

if groups.isEmpty {
    // This executable again, once per group.
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var failed = false
    for group in allGroups {
        let child = Process()
        child.executableURL = me
        child.arguments = [group]
        do {
            try child.run()
            child.waitUntilExit()
            failed = failed || child.terminationStatus != 0
        } catch {
            FileHandle.standardError.write(Data("emerge-bench: could not run group \(group): \(error)\n".utf8))
            failed = true
        }
    }
    exit(failed ? 1 : 0)
}

let peak = measureSgemmPeakGFLOPS()
print(String(format: "BLAS peak (OpenBLAS sgemm, measured now): %.1f GFLOP/s", peak))
if groups.contains("store") { runStoreBenchmarks() }
if groups.contains("metrics") { runMetricsBenchmarks() }
if groups.contains("fits") { runFitsBenchmarks() }
if groups.contains("predict") { runPredictBenchmarks() }
if groups.contains("report") { runReportBenchmarks() }
if groups.contains("mirage") { runMirageBenchmarks() }
if groups.contains("realdata") { runRealDataBenchmarks() }
if groups.contains("inference") { runInferenceBenchmarks() }
if groups.contains("training") { runTrainingBenchmarks() }
if groups.contains("eval") { runEvalBenchmarks() }
if groups.contains("serving") { await runServingBenchmarks() }
