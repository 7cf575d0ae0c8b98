import Foundation

extension ResultsDatabase {
    /// Imports an outputs JSONL file (one OutputRecord per line; blank lines
    /// skipped) in one transaction. The file is memory-mapped and parsed line
    /// by line straight into the store, so memory stays flat for large files.
    /// A malformed line aborts the import with a StoreError naming the file,
    /// line and column; nothing is written.
    @discardableResult
    public func importOutputsFile(atPath path: String) throws -> ImportSummary {
        let data = try readFile(path)
        let name = (path as NSString).lastPathComponent
        return try writeTransaction { w in
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                guard let base = bytes.baseAddress else { return }
                try forEachLine(in: bytes) { range, line in
                    var s = JSONScanner(base: base, range: range, line: line)
                    s.skipWhitespace()
                    if s.atEnd { return }
                    let record: OutputRecord
                    do {
                        record = try OutputRecordParser.parse(&s)
                        try s.expectEnd("the line (one JSON object per line)")
                    } catch let e as JSONSyntaxError {
                        throw StoreError(file: name, line: e.line, column: e.column, e.message + ".")
                    }
                    do {
                        try w.writeOutput(record, source: path)
                    } catch let e as StoreError {
                        throw StoreError(file: name, line: line, e.message)
                    } catch {
                        throw StoreError(file: name, line: line, "could not store this output: \(error).")
                    }
                }
            }
            return w.summary
        }
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
