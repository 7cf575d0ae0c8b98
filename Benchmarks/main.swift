// emerge-bench: the benchmarks `make bench` runs in release mode.
//
// Usage: emerge-bench [GROUP ...] where GROUP is one of blas, store, metrics,
// fits, report, inference, training, eval, serving. No argument runs them all.
// Every group prints its figures beside the machine's measured sgemm peak.
import Foundation

let groups = Array(CommandLine.arguments.dropFirst())
func wants(_ name: String) -> Bool { groups.isEmpty || groups.contains(name) }

let peak = measureSgemmPeakGFLOPS()
print(String(format: "BLAS peak (OpenBLAS sgemm, measured now): %.1f GFLOP/s", peak))
if wants("store") { runStoreBenchmarks() }
if wants("metrics") { runMetricsBenchmarks() }
if wants("fits") { runFitsBenchmarks() }
if wants("report") { runReportBenchmarks() }
if wants("inference") { runInferenceBenchmarks() }
if wants("training") { runTrainingBenchmarks() }
if wants("eval") { runEvalBenchmarks() }
if wants("serving") { await runServingBenchmarks() }
