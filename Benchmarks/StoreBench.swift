import EmergeSupport
import Foundation
import TaskSuite
import ResultsStore

/// Store benchmarks (docs/performance.md): ingest of per-token rows through the outputs
/// JSONL import (target ≥ 500,000 rows/s on a 1M-row file) and a full read
/// of those rows back into OutputRecords (what the metrics scan starts from).
func runStoreBenchmarks() {
    do {
        try storeBenchmark(models: 10, examples: 1000, tokensPerExample: 100)
    } catch {
        print("store benchmark failed: \(error)")
    }
}

private func storeBenchmark(models: Int, examples: Int, tokensPerExample: Int) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emerge-store-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("outputs.jsonl")
    let rows = models * examples * tokensPerExample

    // A realistic line: model facts, prompt/target/generation and per-token
    // records with id, text, log-prob, greedy flag, rank and entropy.
    var generator = SplitMix64(seed: 7)
    var text = ""
    text.reserveCapacity(rows * 110)
    for m in 0..<models {
        for e in 0..<examples {
            text += "{\"model\":\"bench-\(m)\",\"model_facts\":{\"family\":\"bench\",\"params\":\(1_000_000 * (m + 1)),\"tokens\":2e9},"
            text += "\"task\":\"bench-task\",\"example\":\(e),\"prompt\":\"question \(e)\",\"target\":\"answer\",\"generated\":\"answer\",\"target_tokens\":["
            for p in 0..<tokensPerExample {
                let id = Int(generator.next() % 5000)
                let logprob = -Double(generator.next() % 100_000) / 20_000
                let entropy = Double(generator.next() % 100_000) / 25_000
                if p > 0 { text += "," }
                text += "{\"token_id\":\(id),\"token\":\"tok\(id)\",\"logprob\":\(logprob),\"greedy\":\(id % 2 == 0),\"rank\":\(1 + id % 7),\"entropy\":\(entropy)}"
            }
            text += "]}\n"
        }
    }
    try text.write(to: file, atomically: false, encoding: .utf8)
    let megabytes = Double(text.utf8.count) / 1_048_576
    text = ""

    let store = try ResultsDatabase(path: dir.appendingPathComponent("bench.sqlite").path)
    var start = Date()
    var cpu = cpuSeconds()
    let summary = try store.importOutputsFile(atPath: file.path)
    let importSeconds = Date().timeIntervalSince(start)
    let importCPU = cpuSeconds() - cpu
    precondition(summary.tokenRows == rows, "imported \(summary.tokenRows) rows, expected \(rows)")
    print(String(format: "store: import --kind outputs, %d token rows (%.0f MB JSONL): %.2f s wall = %.0f rows/s (target ≥ 500000); %.2f s CPU = %.0f rows/CPU-s",
                 rows, megabytes, importSeconds, Double(rows) / importSeconds, importCPU, Double(rows) / importCPU))

    start = Date()
    cpu = cpuSeconds()
    try store.importOutputsFile(atPath: file.path)
    let againSeconds = Date().timeIntervalSince(start)
    let againCPU = cpuSeconds() - cpu
    print(String(format: "store: same file again (idempotent replace): %.2f s wall = %.0f rows/s; %.2f s CPU", againSeconds,
                 Double(rows) / againSeconds, againCPU))

    start = Date()
    cpu = cpuSeconds()
    var read = 0
    for run in try store.runs() {
        for output in try store.outputs(runID: run.id) { read += output.targetTokens?.count ?? 0 }
    }
    let readSeconds = Date().timeIntervalSince(start)
    let readCPU = cpuSeconds() - cpu
    precondition(read == rows, "read \(read) rows, expected \(rows)")
    print(String(format: "store: read all outputs back (outputs(runID:) over every run): %.2f s wall = %.0f rows/s; %.2f s CPU",
                 readSeconds, Double(read) / readSeconds, readCPU))
    let size = (try? FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int) ?? 0
    let wal = (try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int) ?? 0
    print(String(format: "store: file size %.1f MB (+ %.1f MB WAL) = %.1f bytes per token row",
                 Double(size) / 1_048_576, Double(wal) / 1_048_576, Double(size + wal) / Double(rows)))
}

/// CPU time used by this process so far (user + system), in seconds: on a
/// shared machine wall time measures the neighbours as much as the code.
private func cpuSeconds() -> Double {
    Double(clock()) / Double(CLOCKS_PER_SEC)
}

