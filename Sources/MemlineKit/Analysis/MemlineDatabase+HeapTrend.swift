import GRDB

extension MemlineDatabase {
    /// Growth of every group across `snapshots` (labels or ids; all snapshots in time order when empty).
    /// - Throws: `HeapError` for unknown or repeated snapshots, or when fewer than two are stored.
    public func heapTrend(snapshots names: [String] = [], by grouping: HeapGrouping = .site) throws -> HeapTrend {
        try read { db in
            let all = try Self.heapSnapshots(db)
            if all.isEmpty { throw HeapError.noSnapshots }
            let chosen = names.isEmpty ? all : try names.map { try Self.resolve($0, in: all) }
            var seen = Set<Int64>()
            for (name, s) in zip(names, chosen) where !seen.insert(s.id).inserted {
                throw HeapError.repeatedSnapshot(name)
            }
            var display: [Int: String] = [:]
            var counts: [[Int: (count: Int, memsize: Int)]] = []
            for snapshot in chosen {
                var these: [Int: (count: Int, memsize: Int)] = [:]
                try Self.scanHeapObjects(db, snapshot: snapshot.id) { row in
                    let key = row.key(grouping)
                    if display[key] == nil { display[key] = row.display(grouping) }
                    these[key, default: (0, 0)].count += 1
                    these[key, default: (0, 0)].memsize += Int(row.memsize)
                }
                counts.append(these)
            }
            let rows = display.map { key, text in
                HeapTrend.Row(
                    key: text, counts: counts.map { $0[key]?.count ?? 0 },
                    memsizes: counts.map { $0[key]?.memsize ?? 0 })
            }.sorted { ($0.growth, $0.counts.last ?? 0, $1.key) > ($1.growth, $1.counts.last ?? 0, $0.key) }
            var notes: [String] = []
            if chosen.count < 3 {
                notes.append("A trend needs three or more snapshots; with \(chosen.count) this is a plain difference.")
            }
            for s in chosen where s.traced == 0 && grouping == .site {
                notes.append(
                    "\(s.label) has no allocation sites (trace_object_allocations was off): "
                        + "its objects count as (untraced).")
            }
            return HeapTrend(grouping: grouping, snapshots: chosen, rows: rows, notes: notes)
        }
    }
}
