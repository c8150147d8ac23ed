import Foundation
import GRDB

/// The allocation sites of `heap_sites` by their bytes, so each object row stores a site id.
///
/// Looked up with the dump line's own bytes (no `String` per object): the last site is compared first
/// (objects allocated together sit together), then a hash of file, line and method. New sites are
/// inserted with their gem. Sites are shared by all snapshots, so the table starts from the stored ones.
final class HeapSiteTable {
    private struct Entry {
        var id: Int64
        var file: [UInt8]
        var line: Int?
        var method: [UInt8]?
    }

    private var entries: [Entry] = []
    /// Hash of (file, line, method) → index in `entries` of the first site with that hash.
    private var byHash: [Int: Int] = [:]
    /// Sites whose hash was taken by a different site (practically never), by their text.
    private var collided: [String: Int64] = [:]
    private var last = -1
    private let insert: Statement

    init(db: Database) throws {
        insert = try db.makeStatement(sql: "INSERT INTO heap_sites (file, line_no, method, gem) VALUES (?, ?, ?, ?)")
        let rows = try Row.fetchCursor(db, sql: "SELECT id, file, line_no, method FROM heap_sites ORDER BY id")
        while let row = try rows.next() {
            let file: String = row["file"]
            let method: String? = row["method"]
            remember(
                Entry(
                    id: row["id"], file: Array(file.utf8), line: row["line_no"], method: method.map { Array($0.utf8) }))
        }
    }

    /// The id of the site, inserting it when new.
    func id(
        db: Database, file: UnsafeBufferPointer<UInt8>, line: Int?, method: UnsafeBufferPointer<UInt8>?
    ) throws -> Int64 {
        if last >= 0, matches(entries[last], file, line, method) { return entries[last].id }
        let hash = Self.hash(file, line, method)
        if let index = byHash[hash] {
            if matches(entries[index], file, line, method) {
                last = index
                return entries[index].id
            }
            let text = Self.text(file, line, method)
            if let id = collided[text] { return id }
            let id = try store(db: db, file: file, line: line, method: method)
            collided[text] = id
            return id
        }
        let id = try store(db: db, file: file, line: line, method: method)
        byHash[hash] = entries.count
        last = entries.count
        entries.append(Entry(id: id, file: Array(file), line: line, method: method.map { Array($0) }))
        return id
    }

    private func remember(_ entry: Entry) {
        let hash = entry.file.withUnsafeBufferPointer { file in
            entry.method.withUnsafeBufferPointerIfSome { Self.hash(file, entry.line, $0) }
        }
        guard byHash[hash] == nil else {
            let text = entry.file.withUnsafeBufferPointer { file in
                entry.method.withUnsafeBufferPointerIfSome { Self.text(file, entry.line, $0) }
            }
            collided[text] = entry.id
            return
        }
        byHash[hash] = entries.count
        entries.append(entry)
    }

    private func store(
        db: Database, file: UnsafeBufferPointer<UInt8>, line: Int?, method: UnsafeBufferPointer<UInt8>?
    ) throws -> Int64 {
        let path = String(decoding: file, as: UTF8.self)
        var b = SQLiteBinder(insert)
        b.text(path)
        b.int(line)
        b.text(method.map { String(decoding: $0, as: UTF8.self) })
        b.text(RubyLibrary.name(forPath: path))
        try b.step(db: db)
        return db.lastInsertedRowID
    }

    private func matches(
        _ e: Entry, _ file: UnsafeBufferPointer<UInt8>, _ line: Int?, _ method: UnsafeBufferPointer<UInt8>?
    ) -> Bool {
        guard e.line == line, e.file.count == file.count else { return false }
        switch (e.method, method) {
        case (nil, nil): break
        case (let a?, let b?): guard a.elementsEqual(b) else { return false }
        default: return false
        }
        if file.isEmpty { return true }
        return e.file.withUnsafeBufferPointer { stored in
            guard let a = stored.baseAddress, let b = file.baseAddress else { return false }
            return memcmp(a, b, file.count) == 0
        }
    }

    private static func hash(
        _ file: UnsafeBufferPointer<UInt8>, _ line: Int?, _ method: UnsafeBufferPointer<UInt8>?
    ) -> Int {
        var h = Hasher()
        h.combine(bytes: UnsafeRawBufferPointer(file))
        h.combine(line ?? Int.min)
        if let method {
            h.combine(1)
            h.combine(bytes: UnsafeRawBufferPointer(method))
        } else {
            h.combine(0)
        }
        return h.finalize()
    }

    private static func text(
        _ file: UnsafeBufferPointer<UInt8>, _ line: Int?, _ method: UnsafeBufferPointer<UInt8>?
    ) -> String {
        String(decoding: file, as: UTF8.self) + "\u{1F}" + (line.map(String.init) ?? "") + "\u{1F}"
            + (method.map { "m" + String(decoding: $0, as: UTF8.self) } ?? "")
    }
}

extension Optional where Wrapped == [UInt8] {
    /// Calls `body` with the array's bytes, or with nil.
    fileprivate func withUnsafeBufferPointerIfSome<R>(_ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        switch self {
        case .some(let array): return array.withUnsafeBufferPointer { body($0) }
        case .none: return body(nil)
        }
    }
}
