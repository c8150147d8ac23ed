import GRDB

extension ArtifactWriter {
    /// The artifact's `heap_snapshots` row, created on first use.
    func heapSnapshotID(line: Int) throws -> Int64 {
        if let id = heap.snapshotID { return id }
        var b = try statement("INSERT INTO heap_snapshots (artifact_id, line, label) VALUES (?, ?, '')")
        b.int64(artifactID); b.int(line)
        try b.step(db: db)
        let id = db.lastInsertedRowID
        heap.snapshotID = id
        return id
    }

    func emitHeapObject(_ o: HeapObject) throws {
        let snapshot = try heapSnapshotID(line: o.line)
        if heap.objectInsert == nil {
            heap.objectInsert = try db.cachedStatement(
                sql: """
                    INSERT INTO heap_objects (snapshot_id, artifact_id, line, address, type, class_address, class_name,
                      name, subtype, file, line_no, method, generation, memsize, bytesize, length, size, slot_size,
                      flags, value_prefix, gem)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                    """)
        }
        guard let insert = heap.objectInsert else { return }
        if o.isClassLike, let name = o.name ?? o.realClassName { heap.classNames[o.address] = name }
        // An IMEMO's "class" slot holds an internal pointer (a cref's owner, a method entry's class), not its class.
        let classAddress = o.type == "IMEMO" ? nil : o.classAddress
        var className: String?
        if let classAddress { className = heap.classNames[classAddress] }

        var b = SQLiteBinder(insert)
        b.int64(snapshot); b.int64(artifactID); b.int(o.line); b.int64(o.address); b.text(o.type)
        b.int64(o.classAddress); b.text(className); b.text(o.name); b.text(o.subtype); b.text(o.file)
        b.int(o.lineNo); b.text(o.method); b.int(o.generation); b.int(o.memsize); b.int(o.bytesize)
        b.int(o.length); b.int(o.size); b.int(o.slotSize); b.int(o.flags.rawValue); b.text(o.valuePrefix)
        b.text(o.gem)
        try b.step(db: db)
        if className == nil, let classAddress {
            heap.pendingRows.append(db.lastInsertedRowID)
            heap.pendingClasses.append(classAddress)
        }
        heap.objects += 1
    }

    func emitHeapRef(_ r: HeapRef) throws {
        let snapshot = try heapSnapshotID(line: r.line)
        if heap.refInsert == nil {
            heap.refInsert = try db.cachedStatement(
                sql: "INSERT INTO heap_refs (snapshot_id, from_address, to_address) VALUES (?,?,?)")
        }
        guard let insert = heap.refInsert else { return }
        var b = SQLiteBinder(insert)
        b.int64(snapshot); b.int64(r.from); b.int64(r.to)
        try b.step(db: db)
        heap.refs += 1
    }

    func emitHeapRoot(_ r: HeapRoot) throws {
        let snapshot = try heapSnapshotID(line: r.line)
        if heap.rootInsert == nil {
            heap.rootInsert = try db.cachedStatement(
                sql: "INSERT INTO heap_roots (snapshot_id, root, address) VALUES (?,?,?)")
        }
        guard let insert = heap.rootInsert else { return }
        var b = SQLiteBinder(insert)
        b.int64(snapshot); b.text(r.root); b.int64(r.address)
        try b.step(db: db)
        heap.roots += 1
    }

    /// Completes the snapshot row with the dump's totals and resolves the class names of objects
    /// stored before their class's record.
    func emitHeapSnapshot(_ s: HeapSnapshot) throws {
        let snapshot = try heapSnapshotID(line: s.line)
        var b = try statement(
            """
            UPDATE heap_snapshots SET line = ?, label = ?, taken_at = ?, taken_at_source = ?, host = ?, pid = ?,
              objects = ?, memsize = ?, refs = ?, roots = ?, shapes = ?, traced = ?, max_generation = ?
            WHERE id = ?
            """)
        b.int(s.line); b.text(s.label); b.timestamp(s.takenAt); b.text(s.takenAtSource); b.text(host ?? s.host)
        b.int(s.pid); b.int(s.objects); b.int(s.memsize); b.int(s.refs); b.int(s.roots); b.int(s.shapes)
        b.int(s.traced); b.int(s.maxGeneration); b.int64(snapshot)
        try b.step(db: db)

        var update = try statement("UPDATE heap_objects SET class_name = ? WHERE id = ?")
        for (row, classAddress) in zip(heap.pendingRows, heap.pendingClasses) {
            guard let name = heap.classNames[classAddress] else { continue }
            update.text(name); update.int64(row)
            try update.step(db: db)
        }
        heap.pendingRows = []
        heap.pendingClasses = []

        seen(s.takenAt)
        count("heap_snapshots")
        count("heap_objects", by: heap.objects)
        count("heap_refs", by: heap.refs)
        count("heap_roots", by: heap.roots)
        heap.objects = 0
        heap.refs = 0
        heap.roots = 0
    }
}
