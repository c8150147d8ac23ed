import GRDB

extension ArtifactWriter {
    func emitGCSample(_ g: GCSample) throws {
        var b = try statement(
            """
            INSERT INTO gc_samples (artifact_id, line, ts, host, pid, count, minor_gc_count, major_gc_count,
              heap_live_slots, heap_free_slots, heap_allocated_pages, total_allocated_objects, total_freed_objects,
              malloc_increase_bytes, old_objects, raw)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        b.int64(artifactID)
        b.int(g.line)
        b.timestamp(g.ts)
        b.text(host ?? g.host)
        b.int(g.pid)
        // Ruby 2.1 named live slots heap_live_slot and heap pages heap_used.
        b.int(g.integer("count"))
        b.int(g.integer("minor_gc_count"))
        b.int(g.integer("major_gc_count"))
        b.int(g.integer("heap_live_slots") ?? g.integer("heap_live_slot"))
        b.int(g.integer("heap_free_slots") ?? g.integer("heap_free_slot"))
        b.int(g.integer("heap_allocated_pages") ?? g.integer("heap_used"))
        b.int(g.integer("total_allocated_objects") ?? g.integer("total_allocated_object"))
        b.int(g.integer("total_freed_objects") ?? g.integer("total_freed_object"))
        b.int(g.integer("malloc_increase_bytes") ?? g.integer("malloc_increase"))
        b.int(g.integer("old_objects") ?? g.integer("old_object"))
        b.text(Self.json(g.entries))
        try b.step(db: db)
        seen(g.ts)
        count("gc_samples")
    }

    /// `{"count":28,"time":38}`: whole numbers without a fraction, keys in the sample's order.
    static func json(_ entries: [GCSample.Entry]) -> String {
        var out = "{"
        for (i, e) in entries.enumerated() {
            if i > 0 { out += "," }
            out += QueryResult.jsonString(e.key) + ":"
            if e.value.rounded() == e.value, abs(e.value) < 9e15 {
                out += String(Int64(e.value))
            } else {
                out += e.value.isFinite ? String(e.value) : "null"
            }
        }
        return out + "}"
    }
}
