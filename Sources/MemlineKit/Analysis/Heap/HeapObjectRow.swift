import GRDB
import GRDBSQLite

/// One `heap_object_rows` row as the diff reads it, straight from SQLite's column buffers.
///
/// Byte buffers are valid only during the scan callback that received the row. Reading the stored
/// rows of one id range (not the `heap_objects` view) keeps a million-object scan near 0.3 s.
struct HeapObjectRow {
    let handle: OpaquePointer
    /// Whether the scan selected `name` and `refs` (`HeapObjectRow.scan(… details: true)`).
    let details: Bool

    var address: Int64 { sqlite3_column_int64(handle, 0) }
    var type: UnsafeRawBufferPointer { bytes(1) ?? UnsafeRawBufferPointer(start: nil, count: 0) }
    var classAddress: Int64? { integer(2) }
    var siteID: Int64? { integer(3) }
    var generation: Int64? { integer(4) }
    var memsize: Int64 { sqlite3_column_int64(handle, 5) }
    var name: UnsafeRawBufferPointer? { details ? bytes(6) : nil }
    var refs: UnsafeRawBufferPointer? { details ? bytes(7) : nil }

    /// NULL is selected as `Int64.min` (see `scan`): one call per column instead of two.
    private func integer(_ i: Int32) -> Int64? {
        let value = sqlite3_column_int64(handle, i)
        return value == Int64.min ? nil : value
    }

    private func bytes(_ i: Int32) -> UnsafeRawBufferPointer? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i)))
    }

    /// Calls `body` with each address of `refs` (`[140737488355328,140737488355368]`).
    func forEachReference(_ body: (Int64) -> Void) {
        guard let refs else { return }
        var value: Int64 = 0
        var negative = false
        var inNumber = false
        for byte in refs {
            if byte >= 0x30, byte <= 0x39 {
                value = value &* 10 &+ Int64(byte - 0x30)
                inNumber = true
            } else if byte == 0x2D {
                negative = true
            } else {
                if inNumber { body(negative ? 0 &- value : value) }
                value = 0
                negative = false
                inNumber = false
            }
        }
        if inNumber { body(negative ? 0 &- value : value) }
    }

    /// Calls `body` with every object of `snapshot`, in dump order; `details` also reads `name` and `refs`.
    static func scan(
        _ db: Database, snapshot: Int64, details: Bool, _ body: (HeapObjectRow) throws -> Void
    ) throws {
        guard
            let range = try Row.fetchOne(
                db, sql: "SELECT first_object_id, last_object_id FROM heap_snapshots WHERE id = ?",
                arguments: [snapshot]),
            let first = range[0] as Int64?, let last = range[1] as Int64?
        else { return }
        // Int64.min stands for NULL; no object address, site id or generation is that.
        let null = "-9223372036854775808"
        let columns =
            "address, type, ifnull(class_address, \(null)), ifnull(site_id, \(null)), "
            + "ifnull(generation, \(null)), memsize" + (details ? ", name, refs" : "")
        let statement = try db.makeStatement(
            sql: "SELECT \(columns) FROM heap_object_rows WHERE id BETWEEN ? AND ? ORDER BY id")
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, first)
        sqlite3_bind_int64(handle, 2, last)
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
            }
            try body(HeapObjectRow(handle: handle, details: details))
        }
    }
}
