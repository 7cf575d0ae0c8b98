import EmergeSupport
import Foundation

extension ResultsDatabase {
    /// Imports an outputs JSONL file (one OutputRecord per line; blank lines
    /// skipped) in one transaction. The file is memory-mapped; a parser thread
    /// reads it line by line and hands batches of records to the writer, so
    /// parsing and SQLite work overlap and memory stays flat for large files.
    /// A malformed line aborts the import with a StoreError naming the file,
    /// line and column; nothing is written.
    @discardableResult
    public func importOutputsFile(atPath path: String) throws -> ImportSummary {
        let data = try readFile(path)
        let name = (path as NSString).lastPathComponent
        let queue = RecordBatchQueue(capacity: 8)
        let parser = Thread { parseOutputs(data, file: name, into: queue) }
        parser.stackSize = 8 << 20
        parser.start()
        defer { queue.cancel() } // stops the parser if the writer gives up early
        return try writeTransaction(retry: false) { w in
            while true {
                switch queue.take() {
                case .records(let batch):
                    for (record, line) in batch {
                        do {
                            try w.writeOutput(record, source: path)
                        } catch let e as StoreError {
                            throw StoreError(file: name, line: line, e.message)
                        } catch {
                            throw StoreError(file: name, line: line, "could not store this output: \(error).")
                        }
                    }
                case .failure(let error):
                    throw error
                case .end:
                    return w.summary
                }
            }
        }
    }
}

/// Parses every line of `data` into batches of records for the writer.
private func parseOutputs(_ data: Data, file: String, into queue: RecordBatchQueue) {
    data.withUnsafeBytes { raw in
        let bytes = raw.bindMemory(to: UInt8.self)
        guard let base = bytes.baseAddress else { _ = queue.put(.end); return }
        var batch: [(OutputRecord, Int)] = []
        batch.reserveCapacity(RecordBatchQueue.batchSize)
        do {
            try forEachLine(in: bytes) { range, line in
                var s = JSONScanner(base: base, range: range, line: line)
                s.skipWhitespace()
                if s.atEnd { return }
                do {
                    let record = try OutputRecordParser.parse(&s)
                    try s.expectEnd("the line (one JSON object per line)")
                    batch.append((record, line))
                } catch let e as JSONSyntaxError {
                    throw StoreError(file: file, line: e.line, column: e.column, e.message + ".")
                }
                if batch.count == RecordBatchQueue.batchSize {
                    guard queue.put(.records(batch)) else { throw CancellationError() }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { guard queue.put(.records(batch)) else { return } }
            _ = queue.put(.end)
        } catch let error as StoreError {
            if !batch.isEmpty { guard queue.put(.records(batch)) else { return } }
            _ = queue.put(.failure(error))
        } catch {
            return // cancelled by the writer
        }
    }
}

/// A bounded single-producer, single-consumer hand-off between the parser
/// thread and the writer.
final class RecordBatchQueue: @unchecked Sendable {
    enum Item: Sendable {
        case records([(OutputRecord, Int)])
        case failure(StoreError)
        case end
    }
    static let batchSize = 128
    private let condition = NSCondition()
    private var items: [Item] = []
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the consumer has cancelled.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

/// Reads a whole file (memory-mapped when possible) or throws a one-sentence StoreError.
func readFile(_ path: String) throws -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw StoreError(file: path, "no such file.")
    }
    guard !isDirectory.boolValue else { throw StoreError(file: path, "expected a file, found a folder.") }
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
        throw StoreError(file: path, "cannot read the file: \(error.localizedDescription)")
    }
}
