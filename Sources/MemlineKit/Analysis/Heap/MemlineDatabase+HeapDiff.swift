import GRDB

extension MemlineDatabase {
    /// The three-snapshot leak diff: objects in `target`, not in `base`, still in every `later`
    /// snapshot, grouped by site, class, type and gem, with retention paths for the top `top` groups of each.
    ///
    /// With no `base` the report is `target`'s whole heap by group. Results replace any earlier run for the
    /// same snapshots in `heap_diff` and `heap_retainers` (on a read-only database they are shown, not stored).
    /// ```swift
    /// let report = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"])
    /// print(report.rendered(as: .markdown))
    /// ```
    /// - Parameters: snapshot labels, or ids.
    /// - Throws: `HeapError` for unknown, ambiguous or repeated snapshots.
    public func heapDiff(base: String?, target: String, later: [String] = [], top: Int = 10) throws -> HeapDiffReport {
        try computing { db, canStore in
            let all = try Self.heapSnapshots(db)
            let names = (base.map { [$0] } ?? []) + [target] + later
            let resolved = try names.map { try Self.resolve($0, in: all) }
            var seen = Set<Int64>()
            for (name, snapshot) in zip(names, resolved) where !seen.insert(snapshot.id).inserted {
                throw HeapError.repeatedSnapshot(name)
            }
            let offset = base == nil ? 0 : 1
            let computation = HeapDiffComputation(
                base: base == nil ? nil : resolved[0], target: resolved[offset],
                later: Array(resolved[(offset + 1)...]), top: top)
            var report = try computation.run(db)
            report.notes.insert(contentsOf: report.snapshots.compactMap(\.partialNote), at: 0)
            if canStore { try Self.store(report, in: db) }
            return report
        }
    }

    /// Replaces the stored results of the same snapshots with `report`'s groups and retainers.
    static func store(_ report: HeapDiffReport, in db: Database) throws {
        let baseID = report.base?.id ?? report.target.id
        let laterIDs = report.later.map { String($0.id) }.joined(separator: ",")
        try db.execute(
            sql: "DELETE FROM heap_diff WHERE base_id = ? AND target_id = ? AND later_ids = ?",
            arguments: [baseID, report.target.id, laterIDs])
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO heap_diff (base_id, target_id, later_ids, grouping, key, rank, objects, memsize, counts,
                  growth, sample_address, retention_path) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
                """)
        let retainer = try db.cachedStatement(
            sql: "INSERT INTO heap_retainers (diff_id, retainer, site, retainers, held) VALUES (?,?,?,?,?)")
        for group in report.groups {
            try insert.execute(arguments: [
                baseID, report.target.id, laterIDs, group.grouping.rawValue, group.key, group.rank, group.objects,
                group.memsize, "[" + group.counts.map(String.init).joined(separator: ",") + "]",
                "[" + group.growth.map(String.init).joined(separator: ",") + "]", group.sampleAddress,
                group.retentionPath,
            ])
            let diffID = db.lastInsertedRowID
            for r in group.retainers {
                try retainer.execute(arguments: [diffID, r.retainer, r.site, r.retainers, r.held])
            }
        }
    }
}
