import Foundation
import GRDB
import GRDBSQLite

/// A thin wrapper over a GRDB cached statement that binds and reads columns
/// through the SQLite C API. Used only on the per-token hot paths (import and
/// scan of millions of rows), where GRDB's per-value boxing would dominate;
/// the SQL is always a literal, values are always bound.
struct RawStatement {
    let statement: Statement
    let handle: OpaquePointer
    let connection: OpaquePointer

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection!
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(handle, i, v) }
    func bind(_ i: Int32, _ v: Int) { sqlite3_bind_int64(handle, i, Int64(v)) }
    func bind(_ i: Int32, _ v: Double) { sqlite3_bind_double(handle, i, v) }
    func bind(_ i: Int32, _ v: Int?) { if let v { bind(i, v) } else { sqlite3_bind_null(handle, i) } }
    func bind(_ i: Int32, _ v: Double?) {
        if let v, !v.isNaN { bind(i, v) } else { sqlite3_bind_null(handle, i) }
    }
    func bind(_ i: Int32, _ v: Bool?) { if let v { bind(i, v ? 1 : 0) } else { sqlite3_bind_null(handle, i) } }
    func bind(_ i: Int32, _ v: String?) {
        guard let v else { sqlite3_bind_null(handle, i); return }
        var s = v
        s.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(handle, i, base, Int32(chars.count), RawStatement.transient)
                } else {
                    _ = sqlite3_bind_text(handle, i, "", 0, RawStatement.transient)
                }
            }
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        if rc != SQLITE_DONE { throw error(rc) }
    }

    /// Steps once; true while a row is available.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw error(rc)
    }

    func reset() { sqlite3_reset(handle) }

    func error(_ rc: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)))
    }

    func isNull(_ c: Int32) -> Bool { sqlite3_column_type(handle, c) == SQLITE_NULL }
    func int64(_ c: Int32) -> Int64 { sqlite3_column_int64(handle, c) }
    func int(_ c: Int32) -> Int { Int(sqlite3_column_int64(handle, c)) }
    func double(_ c: Int32) -> Double { sqlite3_column_double(handle, c) }
    func optionalInt(_ c: Int32) -> Int? { isNull(c) ? nil : int(c) }
    func optionalDouble(_ c: Int32) -> Double? { isNull(c) ? nil : double(c) }
    func optionalBool(_ c: Int32) -> Bool? { isNull(c) ? nil : int64(c) != 0 }
    func optionalString(_ c: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, c) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, c))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
}

extension RawStatement {
    /// Binds the bytes of `values` as a blob (copied by SQLite).
    func bindBlob<T>(_ i: Int32, _ values: [T]) {
        values.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, i, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, Int32(raw.count),
                                  RawStatement.transientBlob)
        }
    }

    private static let transientBlob = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// A blob column copied into `count` values of T; nil when NULL or of the wrong size.
    func blob<T>(_ c: Int32, as: T.Type, count: Int) -> [T]? {
        guard let p = sqlite3_column_blob(handle, c) else { return count == 0 && !isNull(c) ? [] : nil }
        let bytes = Int(sqlite3_column_bytes(handle, c))
        guard bytes == count * MemoryLayout<T>.stride else { return nil }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            memcpy(buffer.baseAddress!, p, bytes)
            initialized = count
        }
    }
}
