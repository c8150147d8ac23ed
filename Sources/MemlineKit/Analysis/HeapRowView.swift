import GRDB
import GRDBSQLite

/// One `heap_objects` row as the diff reads it, straight from SQLite's column buffers.
///
/// Byte buffers are valid only during the scan callback that received the view: hash them or copy
/// them into a `String` there. Reading columns in place keeps a 1M-object snapshot scan well under a second.
struct HeapRowView {
    static let columns = "id, address, type, class_address, file, line_no, generation, memsize, class_name, gem, name"

    let handle: OpaquePointer

    var id: Int64 { sqlite3_column_int64(handle, 0) }
    var address: Int64 { sqlite3_column_int64(handle, 1) }
    var type: UnsafeRawBufferPointer { bytes(2) ?? UnsafeRawBufferPointer(start: nil, count: 0) }
    var classAddress: Int64? { integer(3) }
    var file: UnsafeRawBufferPointer? { bytes(4) }
    var lineNo: Int64? { integer(5) }
    var generation: Int64? { integer(6) }
    var memsize: Int64 { sqlite3_column_int64(handle, 7) }
    var className: UnsafeRawBufferPointer? { bytes(8) }
    var gem: UnsafeRawBufferPointer? { bytes(9) }
    var name: UnsafeRawBufferPointer? { bytes(10) }

    private func integer(_ i: Int32) -> Int64? {
        sqlite3_column_type(handle, i) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, i)
    }

    private func bytes(_ i: Int32) -> UnsafeRawBufferPointer? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i)))
    }

    static func string(_ b: UnsafeRawBufferPointer?) -> String? {
        b.map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: - Identity and group keys

    /// Address, type, class, allocation site and generation: two rows of different snapshots with the same
    /// identity are taken to be the same object; an address reused by a new object differs in one of them.
    var identity: Int {
        var h = Hasher()
        h.combine(address)
        h.combine(bytes: type)
        h.combine(classAddress ?? 0)
        if let file { h.combine(bytes: file) } else { h.combine(0xF11E) }
        h.combine(lineNo ?? -1)
        h.combine(generation ?? -1)
        return h.finalize()
    }

    /// The key of this row in `grouping`, as a hash of its display text (see `display(_:)`).
    func key(_ grouping: HeapGrouping) -> Int {
        var h = Hasher()
        h.combine(grouping.rawValue)
        switch grouping {
        case .site:
            if let file {
                h.combine(bytes: file)
                h.combine(lineNo ?? -1)
            } else {
                h.combine(-2)
            }
        case .className:
            if let className {
                h.combine(bytes: className)
            } else {
                var fallback = classFallback
                fallback.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
            }
        case .type:
            h.combine(bytes: type)
        case .gem:
            if let gem { h.combine(bytes: gem) } else { h.combine(-2) }
        }
        return h.finalize()
    }

    /// The text of this row's group in `grouping`.
    func display(_ grouping: HeapGrouping) -> String {
        switch grouping {
        case .site:
            guard let file else { return "(untraced)" }
            return "\(String(decoding: file, as: UTF8.self)):\(lineNo.map(String.init) ?? "?")"
        case .className:
            return HeapRowView.string(className) ?? classFallback
        case .type:
            return String(decoding: type, as: UTF8.self)
        case .gem:
            return HeapRowView.string(gem) ?? "(untraced)"
        }
    }

    /// The class shown for an object whose class has no name in the dump.
    var classFallback: String {
        let type = String(decoding: self.type, as: UTF8.self)
        switch type {
        case "CLASS": return "Class"
        case "MODULE": return "Module"
        case "IMEMO", "ICLASS", "NODE", "ZOMBIE", "MOVED", "NONE": return type
        default:
            guard let classAddress else { return type }
            return "(anonymous class 0x\(String(UInt64(bitPattern: classAddress), radix: 16)))"
        }
    }
}

extension MemlineDatabase {
    /// Calls `body` with every object of `snapshot`, in dump order.
    static func scanHeapObjects(_ db: Database, snapshot: Int64, _ body: (HeapRowView) throws -> Void) throws {
        let statement = try db.makeStatement(
            sql: "SELECT \(HeapRowView.columns) FROM heap_objects WHERE snapshot_id = ? ORDER BY id")
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, snapshot)
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
            }
            try body(HeapRowView(handle: handle))
        }
    }

    /// Calls `body` with every (from, to) reference of `snapshot`.
    static func scanHeapRefs(_ db: Database, snapshot: Int64, _ body: (Int64, Int64) throws -> Void) throws {
        let statement = try db.makeStatement(
            sql: "SELECT from_address, to_address FROM heap_refs WHERE snapshot_id = ?")
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, snapshot)
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
            }
            try body(sqlite3_column_int64(handle, 0), sqlite3_column_int64(handle, 1))
        }
    }
}
