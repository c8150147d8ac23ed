import Foundation
import GRDB
import GRDBSQLite

/// Steps a prepared statement through SQLite's C API, reading columns in place.
///
/// The analysis reads millions of rows (requests, RSS samples); GRDB's `Row` costs an allocation per row,
/// this costs none. Used only for the big scans.
struct RawCursor {
    private let statement: Statement
    private var minutePrefix = [UInt8](repeating: 0, count: 16)
    private var minuteMS: Int64?
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, sql: String, arguments: StatementArguments = []) throws {
        statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
    }

    /// Advances to the next row; false at the end.
    mutating func next() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw DatabaseError(
            resultCode: ResultCode(rawValue: rc),
            message: String(
                cString: sqlite3_errmsg(
                    sqlite3_db_handle(handle))))
    }

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
    func int(_ i: Int32) -> Int? { isNull(i) ? nil : Int(sqlite3_column_int64(handle, i)) }
    func double(_ i: Int32) -> Double { sqlite3_column_double(handle, i) }
    func optionalDouble(_ i: Int32) -> Double? { isNull(i) ? nil : sqlite3_column_double(handle, i) }

    func text(_ i: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        return String(cString: p)
    }

    /// The column's UTF-8 bytes, valid until the next step; nil for NULL.
    func rawText(_ i: Int32) -> (UnsafePointer<UInt8>, Int)? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        return (p, Int(sqlite3_column_bytes(handle, i)))
    }

    /// The column as a UTC timestamp in milliseconds (ISO-8601 text as memline stores it).
    ///
    /// memline writes `2026-11-22T01:38:20.123Z`; consecutive rows mostly share the minute, so the minute's value
    /// is cached and only seconds and milliseconds are read. Any other shape goes through the full parser.
    mutating func milliseconds(_ i: Int32) -> Int64? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, i))
        if n == 24, p[16] == 58, p[19] == 46, p[23] == 90, minuteMS != nil {
            var same = true
            for k in 0..<16 where minutePrefix[k] != p[k] {
                same = false
                break
            }
            if same, let base = minuteMS {
                var sec = 0
                var milli = 0
                var ok = true
                for k in 17...18 {
                    let d = Int(p[k]) - 48
                    if d < 0 || d > 9 { ok = false }
                    sec = sec * 10 + d
                }
                for k in 20...22 {
                    let d = Int(p[k]) - 48
                    if d < 0 || d > 9 { ok = false }
                    milli = milli * 10 + d
                }
                if ok { return base + Int64(sec * 1000 + milli) }
            }
        }
        guard let t = Timestamp.parseISO(bytes: UnsafeBufferPointer(start: p, count: n), zone: .utc)?.timestamp else {
            return nil
        }
        if n == 24, p[16] == 58, p[19] == 46, p[23] == 90 {
            for k in 0..<16 { minutePrefix[k] = p[k] }
            minuteMS = t.milliseconds - t.milliseconds.modulo(60_000)
        }
        return t.milliseconds
    }

    /// Compares the column's text with `other` without making a String.
    func textEquals(_ i: Int32, _ other: String?) -> Bool {
        guard let p = sqlite3_column_text(handle, i) else { return other == nil }
        guard var other else { return false }
        let n = Int(sqlite3_column_bytes(handle, i))
        return other.withUTF8 { buf in
            guard buf.count == n else { return false }
            guard n > 0, let base = buf.baseAddress else { return true }
            return memcmp(base, p, n) == 0
        }
    }
}

extension Int64 {
    /// The non-negative remainder (times before 1970 included).
    fileprivate func modulo(_ m: Int64) -> Int64 {
        let r = self % m
        return r < 0 ? r + m : r
    }
}
