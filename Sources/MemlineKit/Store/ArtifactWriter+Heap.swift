import GRDB
import GRDBSQLite

/// Heap dumps: one `heap_object_rows` row per object, references inside it as JSON, sites and class
/// names in their own small tables (see `Migrations/m0002_heap.sql` and `HeapWriteState`).
extension ArtifactWriter: HeapFieldsSink {
    /// The artifact's `heap_snapshots` row, created on first use; the snapshot's objects start at the next id.
    func heapSnapshotID(line: Int) throws -> Int64 {
        if let id = heap.snapshotID { return id }
        let id = try insertParentRow(
            "INSERT INTO heap_snapshots (artifact_id, line, label) VALUES (?, ?, '')", line: line)
        heap.snapshotID = id
        let first = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM heap_object_rows") ?? 1
        heap.firstObjectID = first
        heap.nextObjectID = first
        return id
    }

    private func objectInsert(line: Int) throws -> OpaquePointer {
        _ = try heapSnapshotID(line: line)
        if let insert = heap.objectInsert { return insert.sqliteStatement }
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO heap_object_rows (id, line, address, type, class_address, site_id, generation, memsize,
                  bytesize, length, size, slot_size, flags, name, subtype, value_prefix, refs)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """)
        heap.objectInsert = insert
        return insert.sqliteStatement
    }

    private func siteTable() throws -> HeapSiteTable {
        if let sites = heap.sites { return sites }
        let sites = try HeapSiteTable(db: db)
        heap.sites = sites
        return sites
    }

    /// Stores one object from its dump line: text is bound from the line's bytes where it is plain ASCII.
    func emitHeapObject(_ f: HeapLineFields, references: UnsafeBufferPointer<Int64>) throws {
        let h = try objectInsert(line: f.line)
        if f.isClassLike, let name = f.className { heap.classNames[f.address] = name }
        var siteID: Int64?
        if let file = f.file {
            let sites = try siteTable()
            siteID = try f.withBytes(file) { fileBytes in
                if let method = f.method {
                    return try f.withBytes(method) { try sites.id(db: db, file: fileBytes, line: f.lineNo, method: $0) }
                }
                return try sites.id(db: db, file: fileBytes, line: f.lineNo, method: nil)
            }
        }
        sqlite3_bind_int64(h, 1, heap.nextObjectID)
        sqlite3_bind_int64(h, 2, Int64(f.line))
        sqlite3_bind_int64(h, 3, f.address)
        let type = f.typeBytes
        if type.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) {
            Self.bindStatic(h, 4, type)
        } else {
            Self.bind(h, 4, f.typeString)
        }
        Self.bind(h, 5, f.classAddress)
        Self.bind(h, 6, siteID)
        Self.bind(h, 7, f.generation.map(Int64.init))
        Self.bind(h, 8, f.memsize.map(Int64.init))
        Self.bind(h, 9, f.bytesize.map(Int64.init))
        Self.bind(h, 10, f.length.map(Int64.init))
        Self.bind(h, 11, f.size.map(Int64.init))
        Self.bind(h, 12, f.slotSize.map(Int64.init))
        sqlite3_bind_int64(h, 13, Int64(f.flags.rawValue))
        bindText(h, 14, f, f.name)
        bindText(h, 15, f, f.subtype)
        if let plain = f.plainValuePrefix {
            Self.bindStatic(h, 16, plain)
        } else {
            Self.bind(h, 16, f.valuePrefixString)
        }
        if references.isEmpty {
            sqlite3_bind_null(h, 17)
        } else {
            Self.json(references, into: heap.refsText)
            Self.bindStatic(h, 17, heap.refsText.bytes)
        }
        try step(h)
        heap.nextObjectID += 1
        heap.objects += 1
        heap.refs += references.count
    }

    /// Stores an object given as a record (sinks fed by other code than the dump parser); its `HeapRef`
    /// records, which must follow it, are added to its row by `emitHeapRef`.
    func emitHeapObject(_ o: HeapObject) throws {
        let h = try objectInsert(line: o.line)
        if o.isClassLike, let name = o.name ?? o.realClassName { heap.classNames[o.address] = name }
        var siteID: Int64?
        if var file = o.file {
            let sites = try siteTable()
            siteID = try file.withUTF8 { fileBytes in
                if var method = o.method {
                    return try method.withUTF8 { try sites.id(db: db, file: fileBytes, line: o.lineNo, method: $0) }
                }
                return try sites.id(db: db, file: fileBytes, line: o.lineNo, method: nil)
            }
        }
        sqlite3_bind_int64(h, 1, heap.nextObjectID)
        sqlite3_bind_int64(h, 2, Int64(o.line))
        sqlite3_bind_int64(h, 3, o.address)
        Self.bind(h, 4, o.type)
        Self.bind(h, 5, o.classAddress)
        Self.bind(h, 6, siteID)
        Self.bind(h, 7, o.generation.map(Int64.init))
        Self.bind(h, 8, o.memsize.map(Int64.init))
        Self.bind(h, 9, o.bytesize.map(Int64.init))
        Self.bind(h, 10, o.length.map(Int64.init))
        Self.bind(h, 11, o.size.map(Int64.init))
        Self.bind(h, 12, o.slotSize.map(Int64.init))
        sqlite3_bind_int64(h, 13, Int64(o.flags.rawValue))
        Self.bind(h, 14, o.name)
        Self.bind(h, 15, o.subtype)
        Self.bind(h, 16, o.valuePrefix)
        sqlite3_bind_null(h, 17)
        try step(h)
        heap.lastRecordObject = (heap.nextObjectID, o.line, o.address)
        heap.nextObjectID += 1
        heap.objects += 1
    }

    /// Adds a reference to its object's row (the object stored just before it, else the snapshot's
    /// last object at that address).
    func emitHeapRef(_ r: HeapRef) throws {
        _ = try heapSnapshotID(line: r.line)
        var row: Int64?
        if let last = heap.lastRecordObject, last.line == r.line, last.address == r.from {
            row = last.id
        } else {
            row = try Int64.fetchOne(
                db, sql: "SELECT max(id) FROM heap_object_rows WHERE id BETWEEN ? AND ? AND address = ?",
                arguments: [heap.firstObjectID, heap.nextObjectID - 1, r.from])
        }
        guard let row else {
            let from = "0x" + String(UInt64(bitPattern: r.from), radix: 16)
            return try skip(
                line: r.line, reason: "reference from \(from), an object not stored from this dump", text: "")
        }
        var b = try statement(
            "UPDATE heap_object_rows SET refs = json_insert(coalesce(refs, '[]'), '$[#]', ?) WHERE id = ?")
        b.int64(r.to)
        b.int64(row)
        try b.step(db: db)
        heap.refs += 1
    }

    func emitHeapRoot(_ r: HeapRoot) throws {
        let snapshot = try heapSnapshotID(line: r.line)
        if heap.rootInsert == nil {
            heap.rootInsert = try db.makeStatement(
                sql: "INSERT INTO heap_roots (snapshot_id, root, address) VALUES (?,?,?)")
        }
        guard let insert = heap.rootInsert else { return }
        var b = SQLiteBinder(insert)
        b.int64(snapshot)
        b.text(r.root)
        b.int64(r.address)
        try b.step(db: db)
        heap.roots += 1
    }

    /// Completes the snapshot row with the dump's totals and its id range, and stores its class names.
    func emitHeapSnapshot(_ s: HeapSnapshot) throws {
        let snapshot = try heapSnapshotID(line: s.line)
        var b = try statement(
            """
            UPDATE heap_snapshots SET line = ?, label = ?, taken_at = ?, taken_at_source = ?, host = ?, pid = ?,
              objects = ?, memsize = ?, refs = ?, roots = ?, shapes = ?, traced = ?, max_generation = ?,
              first_object_id = ?, last_object_id = ?, partial_line = ?
            WHERE id = ?
            """)
        let hasObjects = heap.nextObjectID > heap.firstObjectID
        b.int(s.line)
        b.text(s.label)
        b.timestamp(s.takenAt)
        b.text(s.takenAtSource)
        b.text(host ?? s.host)
        b.int(s.pid)
        b.int(s.objects)
        b.int(s.memsize)
        b.int(s.refs)
        b.int(s.roots)
        b.int(s.shapes)
        b.int(s.traced)
        b.int(s.maxGeneration)
        b.int64(hasObjects ? heap.firstObjectID : nil)
        b.int64(hasObjects ? heap.nextObjectID - 1 : nil)
        b.int(s.partialLine)
        b.int64(snapshot)
        try b.step(db: db)

        var classes = try statement("INSERT INTO heap_classes (snapshot_id, address, name) VALUES (?, ?, ?)")
        for (address, name) in heap.classNames.sorted(by: { $0.key < $1.key }) {
            classes.int64(snapshot)
            classes.int64(address)
            classes.text(name)
            try classes.step(db: db)
        }
        heap.classNames = [:]

        seen(s.takenAt)
        count("heap_snapshots")
        count("heap_objects", by: heap.objects)
        count("heap_refs", by: heap.refs)
        count("heap_roots", by: heap.roots)
        heap.objects = 0
        heap.refs = 0
        heap.roots = 0
    }

    // MARK: - Binding

    /// `[140737488355328,140737488355368]`
    private static func json(_ references: UnsafeBufferPointer<Int64>, into text: ByteBuffer) {
        text.removeAll()
        text.append(0x5B)
        for (k, address) in references.enumerated() {
            if k > 0 { text.append(0x2C) }
            text.append(decimal: address)
        }
        text.append(0x5D)
    }

    /// Binds bytes that stay valid until the statement has run (the dump line, `refsText`): no copy.
    private static func bindStatic(_ h: OpaquePointer, _ i: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        // A zero-length text needs a non-nil pointer, or SQLite binds NULL.
        let base = bytes.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)
        sqlite3_bind_text(h, i, base?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }

    private static func bind(_ h: OpaquePointer, _ i: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(h, i)
            return
        }
        value.withUTF8 { _ = sqlite3_bind_text(h, i, $0.baseAddress, Int32($0.count), sqliteTransient) }
    }

    private static func bind(_ h: OpaquePointer, _ i: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(h, i, value) } else { sqlite3_bind_null(h, i) }
    }

    private func bindText(_ h: OpaquePointer, _ i: Int32, _ f: HeapLineFields, _ text: HeapLineFields.Text?) {
        guard let text else {
            sqlite3_bind_null(h, i)
            return
        }
        if let plain = f.plainBytes(text) { Self.bindStatic(h, i, plain) } else { Self.bind(h, i, f.string(text)) }
    }

    /// Runs the insert; every parameter is bound anew for each row, so bindings need no clearing.
    private func step(_ h: OpaquePointer) throws {
        let code = sqlite3_step(h)
        sqlite3_reset(h)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }
}
