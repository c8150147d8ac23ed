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
            var keys = try HeapGroupKeys(db: db)
            let g = HeapGrouping.allCases.firstIndex(of: grouping) ?? 0
            var counts: [[(count: Int, memsize: Int)]] = []
            for snapshot in chosen {
                let classes = try keys.classNames(db, snapshot: snapshot.id)
                var these: [(count: Int, memsize: Int)] = []
                try HeapObjectRow.scan(db, snapshot: snapshot.id, details: false) { row in
                    let group: Int32
                    switch grouping {
                    case .site: group = keys.siteGroup(row.siteID)
                    case .gem: group = keys.gemGroup(row.siteID)
                    case .type: group = keys.typeGroup(keys.typeIndex(row.type))
                    case .className:
                        group = keys.classGroup(
                            type: keys.typeIndex(row.type), classAddress: row.classAddress, classes: classes)
                    }
                    let i = Int(group)
                    if i >= these.count { these += Array(repeating: (0, 0), count: i + 1 - these.count) }
                    these[i].count += 1
                    these[i].memsize += Int(row.memsize)
                }
                counts.append(these)
            }
            // Every group seen in one of the snapshots (the keys also number groups no object has).
            let present = Set(counts.flatMap { these in these.indices.filter { these[$0].count > 0 } })
            let texts = keys.displays[g]
            let rows = present.map { group in
                HeapTrend.Row(
                    key: texts[group], counts: counts.map { group < $0.count ? $0[group].count : 0 },
                    memsizes: counts.map { group < $0.count ? $0[group].memsize : 0 })
            }.sorted { ($0.growth, $0.counts.last ?? 0, $1.key) > ($1.growth, $1.counts.last ?? 0, $0.key) }
            var notes: [String] = chosen.compactMap(\.partialNote)
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
